/**
 * Sending event lists: `POST notifyURL` with fetch, one list at a time per subscription
 * (in the order given), a failed delivery dropped. `stop()` aborts what is in flight and
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

  send(channel: string, notifyURL: string, body: unknown): void {
    if (this.suppressed || this.controller.signal.aborted) return;
    const previous = this.chains.get(channel) ?? Promise.resolve();
    const next = previous.then(() => this.post(notifyURL, body));
    this.chains.set(channel, next);
    void next.then(() => {
      if (this.chains.get(channel) === next) this.chains.delete(channel);
    });
  }

  private async post(url: string, body: unknown): Promise<void> {
    if (this.controller.signal.aborted) return;
    try {
      const signal = AbortSignal.any([this.controller.signal, AbortSignal.timeout(this.timeoutMs)]);
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
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
