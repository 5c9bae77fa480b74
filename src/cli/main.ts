/** The composition root: parses the command line and hands over to one command. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../config/validate.ts';
import { EXIT, USAGE, UsageError } from './usage.ts';

type Command = (values: Record<string, unknown>, positionals: string[]) => Promise<number>;

/** Every command's options (exported for the tests that check documented command lines). */
export const OPTIONS: Record<string, ParseArgsConfig['options']> = {
  run: {
    profile: { type: 'string', multiple: true },
    only: { type: 'string', multiple: true },
    variants: { type: 'string' },
    strict: { type: 'boolean' },
    seed: { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    suites: { type: 'string', multiple: true },
    reporter: { type: 'string' },
    debug: { type: 'boolean' },
    'record-http': { type: 'string' },
    'replay-http': { type: 'string' },
    record: { type: 'string' },
    replay: { type: 'string' },
    'clause-set': { type: 'string' },
    baseline: { type: 'string' },
  },
  lint: { suites: { type: 'string', multiple: true }, debug: { type: 'boolean' } },
  serve: {
    binding: { type: 'string' },
    port: { type: 'string' },
    fixture: { type: 'string' },
    behaviour: { type: 'string', multiple: true },
    limit: { type: 'string', multiple: true },
    seed: { type: 'string' },
    log: { type: 'string' },
    'log-max-size': { type: 'string' },
    'log-format': { type: 'string' },
    quiet: { type: 'boolean' },
    debug: { type: 'boolean' },
  },
  clauses: { suites: { type: 'string', multiple: true }, debug: { type: 'boolean' } },
  'adapter-check': { profile: { type: 'string' }, debug: { type: 'boolean' } },
  bundle: { out: { type: 'string' }, sign: { type: 'string' }, debug: { type: 'boolean' } },
  verify: { key: { type: 'string' }, debug: { type: 'boolean' } },
  rejudge: { key: { type: 'string' }, debug: { type: 'boolean' } },
  compare: {
    out: { type: 'string' },
    suites: { type: 'string', multiple: true },
    debug: { type: 'boolean' },
  },
  diff: { format: { type: 'string' }, debug: { type: 'boolean' } },
};

const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run.ts')).runCommand,
  lint: async () => (await import('./lint.ts')).lintCommand,
  serve: async () => (await import('./serve.ts')).serveCommand,
  clauses: async () => (await import('./clauses.ts')).clausesCommand,
  'adapter-check': async () => (await import('./adapter-check.ts')).adapterCheckCommand,
  bundle: async () => (await import('./bundle.ts')).bundleCommand,
  verify: async () => (await import('./verify.ts')).verifyCommand,
  rejudge: async () => (await import('./rejudge.ts')).rejudgeCommand,
  compare: async () => (await import('./compare.ts')).compareCommand,
  diff: async () => (await import('./diff.ts')).diffCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return name ? EXIT.ok : EXIT.usage;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`cpmct: unknown command "${name}"; valid: ${Object.keys(COMMANDS).join(', ')}`);
    return EXIT.usage;
  }
  let debug = rest.includes('--debug');
  try {
    const parsed = parseArgs({
      args: rest,
      options: OPTIONS[name],
      allowPositionals: true,
      strict: true,
    }) as {
      values: Record<string, unknown>;
      positionals: string[];
    };
    debug = Boolean(parsed.values.debug);
    const command = await load();
    return await command(parsed.values, parsed.positionals);
  } catch (error) {
    return report(error, debug);
  }
}

function report(error: unknown, debug: boolean): number {
  if (error instanceof ConfigError) {
    console.error(error.message);
    return EXIT.usage;
  }
  const code = (error as { code?: string }).code;
  if (
    error instanceof UsageError ||
    (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
  ) {
    console.error(`cpmct: ${(error as Error).message.split('\n')[0]} (see cpmct --help)`);
    return EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`cpmct: ${message.split('\n')[0]}${debug ? '' : ' (--debug shows more)'}`);
  if (debug && error instanceof Error) console.error(error.stack);
  return EXIT.usage;
}
