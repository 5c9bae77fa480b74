/** A hand-built RunResult covering every verdict and the awkward characters writers must escape. */
import type { CaseResult, ClauseResult, RunResult } from '../../src/engine/result.ts';

const BEL = '\u0007';
const ESC = '\u001b';

const cases: CaseResult[] = [
  {
    id: 'MS-IMAP-SYNC-001',
    title: 'Initial sync lists every folder',
    clauses: ['RD-STOR-010'],
    level: 'SHALL',
    binding: 'imap',
    role: 'server',
    verdict: 'pass',
    reason: '',
    brokenClauses: [],
    durationMs: 1234,
    steps: [
      { index: 1, label: 'phone: sync', outcome: 'ok', durationMs: 800, messages: [] },
      {
        index: 2,
        label: 'expect converged',
        outcome: 'ok',
        durationMs: 5,
        messages: ['3 folders, 12 objects'],
        clauses: ['RD-STOR-010'],
      },
    ],
    evidence: [
      {
        kind: 'imap-transcript',
        label: 'phone#1 (alice)',
        text: [
          'C: a1 LOGIN alice ***',
          'S: a1 OK LOGIN completed',
          'C: a2 FETCH 1 (BODY[HEADER.FIELDS (FROM SUBJECT)])',
          'S: * 1 FETCH (BODY[HEADER.FIELDS (FROM SUBJECT)] {52}',
          'S: From: Tom & Jerry <tom@example.com>',
          'S: a2 OK FETCH completed',
        ].join('\n'),
      },
    ],
  },
  {
    id: 'MS-IMAP-SYNC-002',
    title: 'Deleted objects are expunged on "sync" & <refresh>',
    clauses: ['RD-STOR-011', 'RD-STOR-012'],
    level: 'SHALL',
    binding: 'imap',
    role: 'server',
    verdict: 'fail',
    reason: 'Inbox holds 4 objects, the oracle expects 3 | one extra <imdn-1@example.com>',
    brokenClauses: ['RD-STOR-011'],
    durationMs: 2500,
    steps: [
      { index: 1, label: 'tablet: delete Inbox/1', outcome: 'ok', durationMs: 300, messages: [] },
      { index: 2, label: 'phone: sync', outcome: 'ok', durationMs: 1900, messages: [] },
      {
        index: 3,
        label: 'expect converged',
        outcome: 'failed',
        durationMs: 12,
        messages: [
          'expected folder Inbox to hold 3 objects, found 4',
          `extra object <imdn-1@example.com> with flags \\Seen & \\Deleted${BEL}`,
        ],
        clauses: ['RD-STOR-011'],
      },
    ],
    evidence: [
      {
        kind: 'oracle-diff',
        label: 'Inbox',
        text: [
          '--- oracle',
          '+++ phone',
          '@@ Inbox @@',
          '+ <imdn-1@example.com> subject "a ]]> b" & flags (\\Seen)',
          `+ body contains ]]> twice ]]> and a bell${BEL} and an escape${ESC}[0m`,
          '+ <script>alert(1)</script>',
        ].join('\n'),
      },
      {
        kind: 'imap-transcript',
        label: 'phone#1 (alice)',
        text: [
          'C: a5 UID FETCH 1:* (FLAGS)',
          'S: * 4 FETCH (UID 9 FLAGS (\\Seen \\Deleted))',
          'S: * 4 FETCH (BODY[TEXT] {40}',
          'S: <img src="https://evil.example/x.png"> <a href="http://evil.example/">x</a>',
          'S: a5 OK done',
        ].join('\n'),
      },
    ],
  },
  {
    id: 'MS-IMAP-FLAGS-003',
    title: 'Flag changes reach other devices within the sync interval',
    clauses: ['RD-STOR-020'],
    level: 'SHOULD',
    binding: 'imap',
    role: 'server',
    verdict: 'warn',
    reason: '\\Seen reached the phone after 2 syncs, not 1',
    brokenClauses: ['RD-STOR-020'],
    waived: { reason: 'vendor ticket #123: fixed in 4.2', expires: '2026-12-31' },
    durationMs: 3100,
    steps: [
      {
        index: 1,
        label: 'tablet: flag Inbox/2 \\Seen',
        outcome: 'ok',
        durationMs: 100,
        messages: [],
      },
      {
        index: 2,
        label: 'expect flags',
        outcome: 'failed',
        durationMs: 3,
        messages: ['phone sees no \\Seen on Inbox/2 after 1 sync'],
        clauses: ['RD-STOR-020'],
      },
    ],
    evidence: [{ kind: 'note', label: 'waiver', text: 'Waived until 2026-12-31.' }],
  },
  {
    id: 'MS-IMAP-NOTIFY-004',
    title: 'IDLE notifies a new object',
    clauses: ['RD-STOR-030'],
    level: 'SHALL',
    binding: 'imap',
    role: 'server',
    verdict: 'inapplicable',
    reason: 'the profile declares the feature notifications absent',
    brokenClauses: [],
    durationMs: 0,
    steps: [],
    evidence: [],
  },
  {
    id: 'MS-NMS-SYNC-005',
    title: 'Changes feed after a reconnect',
    clauses: ['RD-STOR-040'],
    level: 'SHALL',
    binding: 'nms',
    role: 'server',
    verdict: 'inconclusive',
    reason: 'the server did not answer within 5000 ms',
    brokenClauses: [],
    durationMs: 5010,
    steps: [
      {
        index: 1,
        label: 'phone: sync',
        outcome: 'error',
        durationMs: 5000,
        messages: ['timeout after 5000 ms waiting for GET /changes'],
      },
      { index: 2, label: 'expect converged', outcome: 'skipped', durationMs: 0, messages: [] },
    ],
    evidence: [
      {
        kind: 'http-exchanges',
        label: 'phone#1 (alice)',
        text: 'GET https://nms.example.test/nms/v1/store/tel%3A%2B15551234/changes\n(no response)',
      },
    ],
  },
  {
    id: 'MS-NMS-SYNC-006',
    title: 'Bulk delete',
    clauses: ['RD-STOR-050'],
    level: 'SHALL',
    binding: 'nms',
    role: 'server',
    verdict: 'error',
    reason: "unknown step verb 'frobnicate' at step 2",
    errorCode: 'E_STEP_UNKNOWN',
    brokenClauses: [],
    durationMs: 40,
    steps: [
      { index: 1, label: 'phone: sync', outcome: 'ok', durationMs: 35, messages: [] },
      {
        index: 2,
        label: 'phone: frobnicate',
        outcome: 'error',
        durationMs: 0,
        messages: ["E_STEP_UNKNOWN: no verb 'frobnicate' in the nms binding"],
      },
    ],
    evidence: [{ kind: 'note', label: 'harness', text: 'Error: no verb\n    at step 2' }],
  },
  {
    id: 'MS-NMS-SYNC-007',
    title: 'Initial sync lists every folder',
    clauses: ['RD-STOR-010'],
    level: 'SHALL',
    binding: 'nms',
    role: 'server',
    verdict: 'pass',
    reason: '',
    brokenClauses: [],
    durationMs: 987,
    steps: [{ index: 1, label: 'phone: sync', outcome: 'ok', durationMs: 950, messages: [] }],
    evidence: [],
  },
];

const clauses: ClauseResult[] = [
  {
    id: 'RD-STOR-010',
    level: 'SHALL',
    side: 'server',
    title: 'Initial sync',
    cases: ['MS-IMAP-SYNC-001', 'MS-NMS-SYNC-007'],
    verdict: 'pass',
  },
  {
    id: 'RD-STOR-011',
    level: 'SHALL',
    side: 'both',
    title: 'Deletions are synchronised',
    cases: ['MS-IMAP-SYNC-002'],
    verdict: 'fail',
  },
  {
    id: 'RD-STOR-012',
    level: 'SHALL',
    side: 'server',
    title: 'Expunge <after> sync & "purge"',
    cases: ['MS-IMAP-SYNC-002'],
    verdict: 'pass',
  },
  {
    id: 'RD-STOR-020',
    level: 'SHOULD',
    side: 'both',
    title: 'Timely flag propagation',
    cases: ['MS-IMAP-FLAGS-003'],
    verdict: 'warn',
  },
  {
    id: 'RD-STOR-030',
    level: 'SHALL',
    side: 'server',
    title: 'Notifications',
    cases: ['MS-IMAP-NOTIFY-004'],
    verdict: 'inapplicable',
  },
  {
    id: 'RD-STOR-040',
    level: 'SHALL',
    side: 'server',
    title: 'Changes feed',
    cases: ['MS-NMS-SYNC-005'],
    verdict: 'inconclusive',
  },
  {
    id: 'RD-STOR-050',
    level: 'SHALL',
    side: 'server',
    title: 'Bulk operations',
    cases: ['MS-NMS-SYNC-006'],
    verdict: 'error',
  },
  {
    id: 'RD-STOR-099',
    level: 'MAY',
    side: 'client',
    title: 'Metadata-only sync',
    cases: [],
    verdict: 'not-covered',
  },
];

/** A fresh copy each call, so tests may mutate it. */
export function makeRun(): RunResult {
  return structuredClone({
    tool: { name: 'cpmct', version: '0.1.0' },
    profile: {
      name: 'embedded-simulator',
      role: 'server',
      binding: 'imap',
      iut: 'cpmct simulator (in-process)',
    },
    seed: 42,
    strict: false,
    startedAt: '2025-05-01T10:00:00.000Z',
    finishedAt: '2025-05-01T10:00:12.871Z',
    summary: { pass: 2, fail: 1, warn: 1, inapplicable: 1, inconclusive: 1, error: 1 },
    cases,
    clauses,
  });
}

/** The same run with every time changed: masked reports must not change. */
export function makeRunAtOtherTimes(): RunResult {
  const run = makeRun();
  run.startedAt = '2031-12-24T23:59:58.123+01:00';
  run.finishedAt = '2031-12-25T00:03:01.456+01:00';
  for (const c of run.cases) {
    c.durationMs = c.durationMs * 37 + 61_111;
    for (const s of c.steps) s.durationMs = s.durationMs * 3 + 7;
  }
  return run;
}
