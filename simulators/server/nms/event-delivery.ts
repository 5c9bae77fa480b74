import type { BodyFormat } from '../../../src/bindings/nms/server/formats.ts';
import { toXml, type Json } from '../../../src/bindings/nms/xml.ts';

/**
 * Sending event lists: `POST notifyURL` with fetch, one list at a time per subscription
 * (in the order given), as JSON or, for a subscription created in XML, as XML (the NMS
 * notification format follows the subscription's); a failed delivery dropped. `stop()` aborts what is in flight and
 * waits for every chain to settle.
 */
export class EventDelivery {
  private readonly controller = new AbortController();
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    /** nms-events-missing: nothing is ever sent. */
    private readonly suppressed: boolean,
    private readonly timeoutMs = 5_000,
  ) {}

  send(channel: string, notifyURL: string, body: Json, format: BodyFormat = 'json'): void {
    if (this.suppressed || this.controller.signal.aborted) return;
    const previous = this.chains.get(channel) ?? Promise.resolve();
    const next = previous.then(() => this.post(notifyURL, body, format));
    this.chains.set(channel, next);
    void next.then(() => {
      if (this.chains.get(channel) === next) this.chains.delete(channel);
    });
  }

  private async post(url: string, body: Json, format: BodyFormat): Promise<void> {
    if (this.controller.signal.aborted) return;
    try {
      const signal = AbortSignal.any([this.controller.signal, AbortSignal.timeout(this.timeoutMs)]);
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': `application/${format}` },
        body: format === 'xml' ? toXml(body) : JSON.stringify(body),
        signal,
      });
      await answer.arrayBuffer();
    } catch {
      // dropped: the client sees the gap in the index and replays from its restartToken
    }
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await Promise.allSettled([...this.chains.values()]);
    this.chains.clear();
  }
}
