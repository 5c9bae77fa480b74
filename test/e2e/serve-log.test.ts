/**
 * The log of `cpmct serve`: `--log FILE` capped and rotated once, `--log-format json`,
 * `--quiet` (no traffic log at all), batched writes, and usage errors for bad log flags
 * (UsageError: one line and exit 2 from the CLI, as test/e2e/serve.test.ts shows).
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamSink } from '../../src/cli/log-sink.ts';
import { openServeLog, serveLogOptions } from '../../src/cli/serve-log.ts';
import { UsageError } from '../../src/cli/usage.ts';

interface Serving {
  child: ChildProcess;
  port: number;
  stdout: () => string;
}

async function serve(args: string[]): Promise<Serving> {
  const child = spawn('node', ['bin/cpmct.js', 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let seen = '';
  child.stdout!.on('data', (chunk: Buffer) => (seen += chunk.toString('utf8')));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const found = /127\.0\.0\.1:(\d+),.*Ctrl-C stops/.exec(seen);
      if (found) resolve(Number(found[1]));
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${seen}`)));
  });
  return { child, port, stdout: () => seen };
}

/** Log in, run `count` NOOPs, log out: a known amount of traffic. */
async function traffic(port: number, count: number): Promise<void> {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (data: Buffer) => (text += data.toString('latin1')));
  const commands = ['a LOGIN alice alicepass'];
  for (let i = 0; i < count; i++) commands.push(`n${i} NOOP`);
  commands.push('z LOGOUT');
  await once(socket, 'connect');
  socket.write(commands.map((c) => c + '\r\n').join(''));
  await once(socket, 'close');
  expect(text).to.include('z OK');
}

async function stop(serving: Serving): Promise<void> {
  serving.child.kill('SIGTERM');
  const [code] = (await once(serving.child, 'exit')) as [number | null];
  expect(code).to.equal(0);
}

describe('e2e: cpmct serve log', function () {
  this.timeout(30_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cpmct-serve-log-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--log FILE --log-max-size keeps the file under the cap with one rotation, in JSON lines', async () => {
    const file = join(dir, 'serve.log');
    const cap = 2048;
    const serving = await serve(['--log', file, '--log-max-size', '2K', '--log-format', 'json']);
    await traffic(serving.port, 60);
    await stop(serving);
    for (const path of [file, `${file}.1`]) {
      expect(existsSync(path), path).to.equal(true);
      expect(statSync(path).size).to.be.within(1, cap);
    }
    expect(existsSync(`${file}.2`)).to.equal(false);
    const entries = [file, `${file}.1`]
      .flatMap((path) => readFileSync(path, 'utf8').trim().split('\n'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const entry of entries) {
      expect(entry).to.include.keys('at', 'connection', 'direction', 'line');
      expect(String(entry.line)).not.to.include('alicepass');
    }
    // The newest lines survive the rotation; the traffic stays out of stdout.
    expect(entries.map((e) => e.line)).to.include('z LOGOUT');
    const status = serving.stdout().trim().split('\n');
    expect(status.map((l) => (JSON.parse(l) as { status: string }).status)).to.satisfy(
      (lines: string[]) => lines.every((l) => l.startsWith('cpmct serve:')),
    );
  });

  it('--quiet hands the servers no trace hook at all, so logging costs them nothing', () => {
    const log = openServeLog(serveLogOptions({ quiet: true }));
    try {
      expect(log.imap).to.equal(undefined);
      expect(log.nms).to.equal(undefined);
    } finally {
      log.close();
    }
  });

  it('writes a burst of log lines to its stream in one write per event-loop turn', async () => {
    const chunks: string[] = [];
    const sink = streamSink((chunk) => chunks.push(chunk));
    const count = 1000;
    for (let i = 0; i < count; i++) sink.line(`line ${i}`);
    expect(chunks).to.deep.equal([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks).to.have.length(1);
    expect(chunks[0]!.split('\n')).to.have.length(count + 1);
    sink.close();
  });

  it('refuses bad log flags with a UsageError (one line and exit 2 from the CLI)', () => {
    const runs: Array<[Record<string, unknown>, string]> = [
      [{ 'log-format': 'xml' }, '--log-format must be one of: text, json (got "xml")'],
      [{ quiet: true, log: join(dir, 'x.log') }, '--quiet and --log exclude each other'],
      [{ log: join(dir, 'x.log'), 'log-max-size': '10Q' }, '--log-max-size must be a size like'],
      [{ 'log-max-size': '1M' }, '--log-max-size needs --log FILE'],
      [{ log: join(dir, 'no-such-dir', 'x.log') }, '--log: cannot write'],
    ];
    for (const [values, message] of runs) {
      const attempt = () => openServeLog(serveLogOptions(values)).close();
      expect(attempt).to.throw(UsageError, message);
    }
  });
});
