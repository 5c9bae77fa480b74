/**
 * A PNG screenshot of a local HTML file by headless Chromium (Debian's `chromium`).
 *   node --import tsx scripts/chromium-screenshot.ts PAGE.html OUT.png [WIDTHxHEIGHT]
 * Used for docs/images/implementation-report.png and by the test that checks the
 * implementation report renders (test/reporting/implementation-report-screenshot.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM_MISSING = 'chromium not installed: apt-get install -y chromium';

/** The chromium on PATH, or undefined. */
export function findChromium(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    for (const name of ['chromium', 'chromium-browser']) {
      const file = join(dir, name);
      if (dir && existsSync(file)) return file;
    }
  }
  return undefined;
}

export function screenshot(
  page: string,
  png: string,
  size: { width: number; height: number },
  chromium = findChromium(),
): void {
  if (!chromium) throw new Error(CHROMIUM_MISSING);
  const profile = mkdtempSync(join(tmpdir(), 'cpmct-chromium-'));
  try {
    const result = spawnSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--hide-scrollbars',
        '--no-first-run',
        `--user-data-dir=${profile}`,
        `--window-size=${size.width},${size.height}`,
        `--screenshot=${resolve(png)}`,
        pathToFileURL(resolve(page)).href,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (result.status !== 0 || !existsSync(png)) {
      const why = result.error?.message ?? result.stderr.trim().split('\n').at(-1) ?? '';
      throw new Error(`chromium exited ${result.status}: ${why}`);
    }
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [page, png, size = '1400x900'] = process.argv.slice(2);
  const [width, height] = size.split('x').map(Number);
  if (!page || !png || !width || !height) {
    console.error('usage: chromium-screenshot.ts PAGE.html OUT.png [WIDTHxHEIGHT]');
    process.exit(2);
  }
  screenshot(page, png, { width, height });
  console.log(png);
}
