/** Shared set-up for the NMS check tests: a check context for a box, seeded objects. */
import type { NmsCheckContext, NmsCheckOutcome } from '../../src/bindings/nms/checks/index.ts';

export const ALICE = { name: 'alice', password: 'alice-pw' };
export const BOB = { name: 'bob', password: 'bob-pw' };

let counter = 0;

/** A small RFC 5322 message whose IMDN-Message-ID is its key. */
export function makeObject(n: number): { key: string; raw: Buffer; date: Date } {
  counter += 1;
  const key = `nms-check-${process.pid}-${counter}-${n}`;
  const date = new Date(Date.UTC(2024, 0, 1, 10, 0, n % 60));
  const raw = Buffer.from(
    [
      'From: <tel:+19585550100>',
      'To: <tel:+19585550101>',
      `Subject: object ${n}`,
      `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
      `IMDN-Message-ID: ${key}`,
      'Message-Context: pager-message',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `body of object ${n}`,
      '',
    ].join('\r\n'),
  );
  return { key, raw, date };
}

export function contextFor(root: string, extra: Partial<NmsCheckContext> = {}): NmsCheckContext {
  return {
    root,
    user: ALICE.name,
    password: ALICE.password,
    timeoutMs: 2000,
    makeObject,
    ...extra,
  };
}

/** The outcome as one readable block, for assertion messages. */
export function show(outcome: NmsCheckOutcome): string {
  return [
    `findings: ${outcome.findings.join(' | ') || 'none'}`,
    `notes: ${outcome.notes.join(' | ')}`,
    outcome.inapplicable ? `inapplicable: ${outcome.inapplicable}` : '',
  ].join('\n');
}
