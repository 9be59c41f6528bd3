import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BlobReader, Uint8ArrayWriter, ZipReader } from '@zip.js/zip.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/*
 * `npm run zip` (docs/release.md): store archives for Chrome and Firefox, and the sources archive Firefox review asks
 * for. The sources archive must rebuild the very same Firefox package, which is what a reviewer checks.
 */
const ROOT = resolve('.');
const VERSION = JSON.parse(readFileSync('package.json', 'utf8')).version as string;
/**
 * The archives go to a directory of their own: `wxt zip` rebuilds the extension without NODE_ENV=test, and the other
 * end-to-end files (which may run at the same time) load the builds in .output.
 */
const OUT = mkdtempSync(join(tmpdir(), 'twofold-release-'));
const archive = (name: string) => join(OUT, `twofold-${VERSION}-${name}.zip`);

async function unzip(path: string): Promise<Map<string, Uint8Array>> {
  const reader = new ZipReader(new BlobReader(new Blob([readFileSync(path)])));
  const files = new Map<string, Uint8Array>();
  for (const entry of await reader.getEntries()) {
    if (!entry.directory && entry.getData) files.set(entry.filename, await entry.getData(new Uint8ArrayWriter()));
  }
  await reader.close();
  return files;
}

/** The build as `npm run zip` makes it: without the NODE_ENV=test and VITEST* that vitest sets (they change the bundle). */
const reviewerEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV' && !k.startsWith('VITEST') && k !== 'TWOFOLD_OUT_DIR'),
);
const run = (args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = { ...reviewerEnv, TWOFOLD_OUT_DIR: OUT }) =>
  execFileSync('npx', args, { cwd, env, stdio: 'pipe', timeout: 240_000 });
const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let chrome: Map<string, Uint8Array>;
let firefox: Map<string, Uint8Array>;
let sources: Map<string, Uint8Array>;

beforeAll(async () => {
  run(['wxt', 'zip']);
  run(['wxt', 'zip', '-b', 'firefox']);
  [chrome, firefox, sources] = await Promise.all([
    unzip(archive('chrome')),
    unzip(archive('firefox')),
    unzip(archive('sources')),
  ]);
}, 300_000);
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('release archives', () => {
  for (const [name, files] of [
    ['chrome', () => chrome],
    ['firefox', () => firefox],
  ] as const) {
    it(`${name}: the manifest at the root, icons, every language, no source maps`, () => {
      const zip = files();
      const manifest = JSON.parse(new TextDecoder().decode(zip.get('manifest.json')));
      expect(manifest.version).toBe(VERSION);
      expect(manifest.default_locale).toBe('en');
      expect(manifest.name).toBe('__MSG_manifest_ext_name__');
      for (const size of ['16', '32', '48', '128'])
        expect(zip.has(manifest.icons[size].replace(/^\//, '')), size).toBe(true);
      for (const lang of ['en', 'de', 'fr', 'es']) expect(zip.has(`_locales/${lang}/messages.json`), lang).toBe(true);
      expect([...zip.keys()].filter((f) => f.endsWith('.map'))).toEqual([]);
      expect(zip.has('zxing_reader.wasm')).toBe(true);
    });
  }

  it('firefox: declares its id, minimum version and that it collects no data', () => {
    const manifest = JSON.parse(new TextDecoder().decode(firefox.get('manifest.json')));
    expect(manifest.browser_specific_settings.gecko).toMatchObject({
      id: 'twofold@twofold.dev',
      data_collection_permissions: { required: ['none'] },
    });
  });

  it('sources: what a reviewer needs to rebuild, and no tests', () => {
    for (const f of [
      'package.json',
      'package-lock.json',
      'wxt.config.ts',
      'README.md',
      'locales/de/popup.json',
      'lib/otp/totp.ts',
    ]) {
      expect(sources.has(f), f).toBe(true);
    }
    expect([...sources.keys()].filter((f) => f.startsWith('tests/') || f.startsWith('node_modules/'))).toEqual([]);
  });

  describe('the sources archive rebuilds the same Firefox package', () => {
    const dir = mkdtempSync(join(tmpdir(), 'twofold-sources-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    it('byte for byte, file by file', async () => {
      const { writeFileSync, mkdirSync } = await import('node:fs');
      for (const [name, bytes] of sources) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), bytes);
      }
      // A reviewer runs `npm ci`; the same locked packages are linked here instead of downloaded again.
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
      run(['wxt', 'build', '-b', 'firefox'], dir, reviewerEnv);
      const rebuilt = new Map<string, string>();
      const { readdirSync, statSync } = await import('node:fs');
      const walk = (d: string, prefix = ''): void => {
        for (const n of readdirSync(d)) {
          const p = join(d, n);
          if (statSync(p).isDirectory()) walk(p, `${prefix}${n}/`);
          else rebuilt.set(`${prefix}${n}`, digest(readFileSync(p)));
        }
      };
      walk(join(dir, '.output', 'firefox-mv2'));
      const shipped = new Map([...firefox].map(([n, b]) => [n, digest(b)]));
      expect(Object.fromEntries([...rebuilt].sort())).toEqual(Object.fromEntries([...shipped].sort()));
    }, 300_000);
  });
});
