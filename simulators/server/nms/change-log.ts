/**
 * The change log of one box: every NMS event in order. A restartToken `t{n}` is the
 * position after the n-th event; a burst of events is coalesced per resource (the last
 * state of each wins, in the order of those last states) before it is sent.
 */
import { invalid } from '../../../src/bindings/nms/server/request-error.ts';

export interface LoggedEvent {
  /** Coalescing key: the resource URL, or `resetBox`. */
  key: string;
  /** For object events whose object may still exist (subscription filters). */
  objectId?: string;
  event: Record<string, unknown>;
}

export class ChangeLog {
  private readonly events: LoggedEvent[] = [];

  get position(): number {
    return this.events.length;
  }

  tokenAt(position: number): string {
    return `t${position}`;
  }

  get restartToken(): string {
    return this.tokenAt(this.position);
  }

  append(event: LoggedEvent): void {
    this.events.push(event);
  }

  since(position: number): LoggedEvent[] {
    return this.events.slice(position);
  }

  /** The position a token names; `400 SVC0002` for anything this log never handed out. */
  positionOf(token: string): number {
    const match = /^t([0-9]{1,15})$/.exec(token);
    const position = match?.[1] !== undefined ? Number(match[1]) : NaN;
    if (!(position <= this.position)) throw invalid('restartToken');
    return position;
  }
}

export function coalesce(events: LoggedEvent[]): LoggedEvent[] {
  const lastIndex = new Map<string, number>();
  events.forEach((e, i) => lastIndex.set(e.key, i));
  return events.filter((e, i) => lastIndex.get(e.key) === i);
}
