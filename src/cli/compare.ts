/** `cpmct compare RUN...`: the implementation report (clause × implementation) of several runs. */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { clauseSets } from '../clauses/clause-sets.ts';
import { toolVersion } from '../config/tool-version.ts';
import { writeFileAtomic } from '../reporting/atomic-write.ts';
import { buildImplementationReport } from '../reporting/implementation-report.ts';
import {
  IMPLEMENTATION_REPORT_HTML,
  renderImplementationHtml,
} from '../reporting/implementation-report-html.ts';
import {
  IMPLEMENTATION_REPORT_MD,
  renderImplementationMarkdown,
} from '../reporting/implementation-report-markdown.ts';
import { ReportInputError, readRunReport } from '../reporting/read-run-report.ts';
import { clauseResults } from '../runner/clause-results.ts';
import { suiteSources } from '../scenario/suite-sources.ts';
import { EXIT, UsageError } from './usage.ts';

export const DEFAULT_COMPARE_OUT = 'reports/compare';

export async function compareCommand(
  values: Record<string, unknown>,
  positionals: string[],
): Promise<number> {
  if (positionals.length === 0) {
    throw new UsageError('compare needs at least one run: report.json files or run directories');
  }
  const version = toolVersion();
  const out = resolve((values.out as string | undefined) ?? DEFAULT_COMPARE_OUT);
  let reports;
  try {
    reports = positionals.map((source) => readRunReport(source, version));
  } catch (error) {
    if (!(error instanceof ReportInputError)) throw error;
    console.error(`cpmct: compare: ${error.message}`);
    return EXIT.usage;
  }
  // A vendor's own clause readings (`--suites DIR` with a clauses.yaml) join the matrix.
  const { registry } = suiteSources(values.suites as string[] | undefined);
  const report = buildImplementationReport(reports, {
    clauses: registry.clauses,
    readings: clauseSets(registry),
    judge: (cases) => clauseResults(registry, cases),
    outDir: out,
    toolVersion: version,
  });
  await mkdir(out, { recursive: true });
  const md = join(out, IMPLEMENTATION_REPORT_MD);
  const html = join(out, IMPLEMENTATION_REPORT_HTML);
  await writeFileAtomic(md, renderImplementationMarkdown(report));
  await writeFileAtomic(html, renderImplementationHtml(report));
  const iuts = new Set(report.columns.map((c) => c.iut)).size;
  const disagree = report.rows.filter((r) => r.disagree).length;
  const few = report.rows.filter((r) => !r.disagree && r.fewerThanTwo).length;
  console.log(
    `cpmct: compare: ${report.columns.length} implementation columns (${iuts} independent) from ` +
      `${reports.length} runs, reading ${report.reading}; ${disagree} clauses disagree, ${few} with ` +
      `fewer than two passes; ${report.changes.length} verdicts change between readings`,
  );
  console.log(`cpmct: compare: ${md}\ncpmct: compare: ${html}`);
  return EXIT.ok;
}
