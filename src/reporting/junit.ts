/**
 * `junit.xml`: one <testsuite> per (binding, role) group in order of first appearance, one
 * <testcase> per case. fail → <failure>, error → <error>, inapplicable and inconclusive →
 * <skipped message="verdict: reason">, warn → passes with the verdict in its properties and
 * the details in <system-out>. Every testcase carries the properties clauses, level and
 * verdict. Written by hand: the XML is small and the escaping (invalid characters stripped,
 * every `]]>` split inside CDATA) is done in text.ts.
 */
import { join } from 'node:path';
import type { CaseResult, Evidence, RunResult } from '../engine/result.ts';
import { writeFileAtomic } from './atomic-write.ts';
import {
  caseName,
  cdata,
  countVerdicts,
  escapeXmlAttr,
  formatSeconds,
  runDurationMs,
  truncateUtf8,
  truncationNote,
} from './text.ts';
import type { ReportWriter } from './types.ts';

export const JUNIT_FILE = 'junit.xml';

type Attrs = [string, string | number][];

function attrs(list: Attrs): string {
  return list.map(([k, v]) => ` ${k}="${escapeXmlAttr(String(v))}"`).join('');
}

function property(name: string, value: string): string {
  return `<property${attrs([
    ['name', name],
    ['value', value],
  ])}/>`;
}

function counts(cases: readonly CaseResult[]): Attrs {
  const c = countVerdicts(cases);
  return [
    ['tests', cases.length],
    ['failures', c.fail],
    ['errors', c.error],
    ['skipped', c.inapplicable + c.inconclusive],
  ];
}

function sumMs(cases: readonly CaseResult[]): number {
  return cases.reduce((t, c) => t + (Number.isFinite(c.durationMs) ? c.durationMs : 0), 0);
}

export function classname(c: { binding: string; role: string }): string {
  return `cpmct.${c.binding}.${c.role}`;
}

function groupCases(run: RunResult): Map<string, CaseResult[]> {
  const groups = new Map<string, CaseResult[]>();
  for (const c of run.cases) {
    const key = classname(c);
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  if (groups.size === 0) groups.set(classname(run.profile), []);
  return groups;
}

function stepsText(c: CaseResult): string[] {
  const lines: string[] = [];
  for (const s of c.steps) {
    const judged = s.clauses && s.clauses.length > 0 ? ` [${s.clauses.join(', ')}]` : '';
    lines.push(`[${s.index}] ${s.label} → ${s.outcome}${judged}`);
    for (const m of s.messages) lines.push(`    ${m}`);
  }
  return lines.length > 0 ? ['Steps:', ...lines] : [];
}

function evidenceText(list: readonly Evidence[]): string[] {
  const out: string[] = [];
  for (const e of list) {
    const t = truncateUtf8(e.text);
    out.push(`--- ${e.kind}: ${e.label} ---`, t.text);
    if (t.truncated) out.push(truncationNote(t));
  }
  return out;
}

/** Body of <failure>/<error> and content of <system-out>, by verdict. */
function details(c: CaseResult): { body: string[]; out: string[] } {
  const diffs = c.evidence.filter((e) => e.kind === 'oracle-diff');
  const others = c.evidence.filter((e) => e.kind !== 'oracle-diff');
  const head: string[] = [];
  if (c.reason) head.push(`${c.verdict}: ${c.reason}`);
  if (c.errorCode) head.push(`Error code: ${c.errorCode}`);
  if (c.brokenClauses.length > 0) head.push(`Broken clauses: ${c.brokenClauses.join(', ')}`);
  if (c.waived) {
    const until = c.waived.expires ? ` (until ${c.waived.expires})` : '';
    head.push(`Waived: ${c.waived.reason}${until}`);
  }
  if (c.verdict === 'fail' || c.verdict === 'error') {
    return { body: [...head, ...stepsText(c), ...evidenceText(diffs)], out: evidenceText(others) };
  }
  if (c.verdict === 'pass') return { body: [], out: [] };
  return { body: [], out: [...head, ...stepsText(c), ...evidenceText(c.evidence)] };
}

function testcase(c: CaseResult, ind: string): string[] {
  const props = [
    property('clauses', c.clauses.join(', ')),
    property('level', c.level),
    property('verdict', c.verdict),
  ];
  if (c.brokenClauses.length > 0)
    props.push(property('broken-clauses', c.brokenClauses.join(', ')));
  if (c.verdict !== 'pass' && c.reason) props.push(property('reason', c.reason));
  if (c.errorCode) props.push(property('error-code', c.errorCode));
  if (c.waived) {
    props.push(property('waiver', c.waived.reason));
    if (c.waived.expires) props.push(property('waiver-expires', c.waived.expires));
  }
  const open = `${ind}<testcase${attrs([
    ['name', `${caseName(c)} ${c.title}`],
    ['classname', classname(c)],
    ['time', formatSeconds(c.durationMs)],
  ])}>`;
  const lines = [open, `${ind}  <properties>`, ...props.map((p) => `${ind}    ${p}`)];
  lines.push(`${ind}  </properties>`);
  const { body, out } = details(c);
  const message = c.reason || c.verdict;
  const text = body.length > 0 ? cdata(body.join('\n')) : '';
  if (c.verdict === 'fail') {
    const a = attrs([
      ['message', message],
      ['type', c.brokenClauses.join(', ') || 'fail'],
    ]);
    lines.push(`${ind}  <failure${a}>${text}</failure>`);
  } else if (c.verdict === 'error') {
    const a = attrs([
      ['message', message],
      ['type', c.errorCode ?? 'error'],
    ]);
    lines.push(`${ind}  <error${a}>${text}</error>`);
  } else if (c.verdict === 'inapplicable' || c.verdict === 'inconclusive') {
    const m = c.reason ? `${c.verdict}: ${c.reason}` : c.verdict;
    lines.push(`${ind}  <skipped${attrs([['message', m]])}/>`);
  }
  if (out.length > 0) lines.push(`${ind}  <system-out>${cdata(out.join('\n'))}</system-out>`);
  lines.push(`${ind}</testcase>`);
  return lines;
}

function suiteProperties(run: RunResult, cases: readonly CaseResult[]): string[] {
  return [
    property('tool', run.tool.name),
    property('tool-version', run.tool.version),
    property('profile', run.profile.name),
    property('profile-role', run.profile.role),
    property('profile-binding', run.profile.binding),
    property('iut', run.profile.iut),
    property('seed', String(run.seed)),
    property('strict', String(run.strict)),
    property('warnings', String(countVerdicts(cases).warn)),
  ];
}

/** The JUnit XML text of a run. */
export function renderJunit(run: RunResult): string {
  const wall = runDurationMs(run);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs([
      ['name', `${run.tool.name} ${run.tool.version}: ${run.profile.name}`],
      ...counts(run.cases),
      ['time', formatSeconds(wall ?? sumMs(run.cases))],
    ])}>`,
  ];
  for (const [name, cases] of groupCases(run)) {
    lines.push(
      `  <testsuite${attrs([
        ['name', name],
        ...counts(cases),
        ['time', formatSeconds(sumMs(cases))],
        ['timestamp', run.startedAt],
      ])}>`,
      '    <properties>',
      ...suiteProperties(run, cases).map((p) => `      ${p}`),
      '    </properties>',
    );
    for (const c of cases) lines.push(...testcase(c, '    '));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

export const writeJunit: ReportWriter = async (run, dir) => {
  const file = join(dir, JUNIT_FILE);
  await writeFileAtomic(file, renderJunit(run));
  return [file];
};
