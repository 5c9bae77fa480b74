/** The object searches a device sent, read back from its recorded HTTP exchanges. */
import type { DeviceDriver } from '../../src/engine/ports.ts';
import type { NmsCriterion } from '../../src/bindings/nms/client/index.ts';

export interface Search {
  /** The request's selectionCriteria. */
  criteria: {
    fromCursor?: string;
    searchScope?: { resourceURL: string };
    searchCriteria?: { criterion?: NmsCriterion[] };
  };
  /** The creationCursor of the answer, when it carried one. */
  creationCursor?: string;
}

/** Every `POST objects/operations/search` of the device, in order. */
export function objectSearches(device: DeviceDriver): Search[] {
  const out: Search[] = [];
  let current: { request: string; response: string } | undefined;
  const flush = () => {
    if (!current) return;
    const cursor = /"creationCursor":"([^"]*)"/.exec(current.response)?.[1];
    out.push({
      criteria: (JSON.parse(current.request) as { selectionCriteria: Search['criteria'] })
        .selectionCriteria,
      ...(cursor !== undefined ? { creationCursor: cursor } : {}),
    });
    current = undefined;
  };
  for (const line of device.evidence()[0]!.text.split('\n')) {
    if (/^\+\d+ms /.test(line)) {
      flush();
      if (/^\+\d+ms POST \S+\/objects\/operations\/search /.test(line))
        current = { request: '', response: '' };
    } else if (current && line.startsWith('> ')) current.request += line.slice(2);
    else if (current && line.startsWith('< ')) current.response += line.slice(2);
  }
  flush();
  return out;
}
