/** What the NMS client mutant tests read from a device's recorded exchanges. */
import type { DeviceDriver } from '../../src/engine/ports.ts';

export interface RecordedRequest {
  method: string;
  /** The path below the box root, with the query. */
  path: string;
  status: number;
  /** The request body as recorded (JSON text, multipart summary), '' without one. */
  body: string;
}

const HEAD = /^\+\d+ms (received )?(\S+) (\S+) -> (\d+|no answer)/;

/** The requests the device sent (not the callbacks it received), in order. */
export function requestsOf(device: DeviceDriver): RecordedRequest[] {
  const out: RecordedRequest[] = [];
  let current: RecordedRequest | undefined;
  for (const line of device.evidence().flatMap((e) => e.text.split('\n'))) {
    const head = HEAD.exec(line);
    if (head) {
      current = undefined;
      if (head[1]) continue;
      const url = new URL(head[3]!);
      current = {
        method: head[2]!,
        path: url.pathname.replace(/^\/nms\/v1\/[^/]+\/[^/]+/, '') + url.search,
        status: Number(head[4]) || 0,
        body: '',
      };
      out.push(current);
    } else if (current && line.startsWith('> ')) current.body += line.slice(2) + '\n';
  }
  return out;
}

/** The requests sent since `from` (an index into requestsOf), filtered. */
export function requestsSince(
  device: DeviceDriver,
  from: number,
  match: (r: RecordedRequest) => boolean = () => true,
): RecordedRequest[] {
  return requestsOf(device).slice(from).filter(match);
}

export const isPayloadGet = (r: RecordedRequest) =>
  r.method === 'GET' && /\/payload(s\/|$)/.test(r.path);
export const isFolderSearch = (r: RecordedRequest) =>
  r.method === 'POST' && r.path === '/folders/operations/search';
export const isSubscriptionUpdate = (r: RecordedRequest) =>
  r.method === 'POST' && /^\/subscriptions\/[^/?]+$/.test(r.path);
