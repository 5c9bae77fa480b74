/** `cpmct diff OLD NEW`: what changed between two runs; exit 1 on a regression. */
import { toolVersion } from '../config/tool-version.ts';
import { ReportInputError, readRunReport } from '../reporting/read-run-report.ts';
import { diffRuns, renderDiffJson } from '../reporting/run-diff.ts';
import { renderDiffMarkdown } from '../reporting/run-diff-markdown.ts';
import { EXIT, UsageError } from './usage.ts';

const RENDERERS = { md: renderDiffMarkdown, json: renderDiffJson } as const;

export async function diffCommand(
  values: Record<string, unknown>,
  positionals: string[],
): Promise<number> {
  if (positionals.length !== 2) {
    throw new UsageError(
      `diff takes two runs, OLD and NEW (report.json files or run directories); got ${positionals.length}`,
    );
  }
  const format = (values.format as string | undefined) ?? 'md';
  if (!Object.hasOwn(RENDERERS, format)) {
    throw new UsageError(`--format must be md or json (got "${format}")`);
  }
  const version = toolVersion();
  let before, now;
  try {
    before = readRunReport(positionals[0] as string, version);
    now = readRunReport(positionals[1] as string, version);
  } catch (error) {
    if (!(error instanceof ReportInputError)) throw error;
    console.error(`cpmct: diff: ${error.message}`);
    return EXIT.usage;
  }
  const diff = diffRuns(
    { run: before.run, source: before.source },
    { run: now.run, source: now.source },
  );
  process.stdout.write(RENDERERS[format as keyof typeof RENDERERS](diff));
  return diff.regression ? EXIT.failures : EXIT.ok;
}
