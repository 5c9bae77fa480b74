/**
 * Server notifications for one folder over NMS: a subscription whose notifyURL is a callback
 * listener of the device's own (127.0.0.1, a free port). An event list counts when one of
 * its events concerns the folder: an object changed in it (`parentFolder`), an object of it
 * deleted or expired (known in the folder, or an id of the folder), the folder itself
 * changed or deleted, or a resetBox.
 *
 * wait() consumes, as the IMAP listener does: true at once if a notification arrived since
 * listen() or since the previous true, else at the next one, else false at the timeout.
 */
import {
  CallbackListener,
  createSubscription,
  deleteSubscription,
  idOfUrl,
  type NmsEvent,
  type NmsHttp,
} from '../../../src/bindings/nms/client/index.ts';

export class NmsFolderListener {
  private count = 0;
  private closed = false;

  private constructor(
    private readonly http: NmsHttp,
    private readonly listener: CallbackListener,
    private readonly folderUrl: string,
    private readonly knows: (id: string) => boolean,
    private subscription: string | undefined,
  ) {}

  static async start(
    http: NmsHttp,
    folderUrl: string,
    knows: (id: string) => boolean,
  ): Promise<NmsFolderListener> {
    const listener = await CallbackListener.start(http.recording ? { log: http.recording } : {});
    try {
      const s = await createSubscription(http, {
        notifyURL: listener.url('listen'),
        callbackData: 'listen',
      });
      return new NmsFolderListener(http, listener, folderUrl, knows, s.resourceURL);
    } catch (err) {
      await listener.close();
      throw err;
    }
  }

  async wait(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + Math.max(0, timeoutMs);
    for (;;) {
      this.collect();
      if (this.count > 0) {
        this.count = 0;
        return true;
      }
      if (this.closed || Date.now() >= deadline) return false;
      await this.listener.waitForAny(deadline - Date.now());
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const subscription = this.subscription;
    this.subscription = undefined;
    try {
      if (subscription) await deleteSubscription(this.http, subscription);
    } finally {
      await this.listener.close();
    }
  }

  private collect(): void {
    for (const { list } of this.listener.take()) {
      if ((list.nmsEvent ?? []).some((e) => this.concerns(e))) this.count++;
    }
  }

  private concerns(event: NmsEvent): boolean {
    if (event.resetBox) return true;
    if (event.changedObject) return event.changedObject.parentFolder === this.folderUrl;
    const removed = event.deletedObject ?? event.expiredObject;
    if (removed) {
      const id = idOfUrl(removed.resourceURL);
      return this.knows(id) || id.startsWith(`${idOfUrl(this.folderUrl)}-`);
    }
    const folder = event.changedFolder ?? event.deletedFolder ?? event.expiredFolder;
    return folder?.resourceURL === this.folderUrl;
  }
}
