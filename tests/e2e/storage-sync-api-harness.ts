import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { TfTest } from './storage-sync-api-entry';

/*
 * A tiny test extension around platform/storage-sync-area.ts and the browser-sync engine
 * (tests/e2e/storage-sync-api-entry.ts), bundled with esbuild: the real `storage.sync` of a browser profile cannot
 * reach Google's or Mozilla's sync service here, so the e2e tests play the vendor sync themselves (they copy one
 * profile's `tf:*` items into the other's area) and check the API-level behaviour the engine relies on.
 */

export const TEST_ADDON_ID = 'storage-sync-test@twofold.dev';

export async function buildTestExtension(kind: 'chrome' | 'firefox'): Promise<{ dir: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), `tf-storage-sync-${kind}-`));
  await build({
    entryPoints: [resolve('tests/e2e/storage-sync-api-entry.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    outfile: join(dir, 'test.js'),
    logLevel: 'error',
  });
  const manifest =
    kind === 'chrome'
      ? {
          manifest_version: 3,
          name: 'Twofold storage.sync test',
          version: '1.0',
          permissions: ['storage'],
          background: { service_worker: 'test.js' },
        }
      : {
          manifest_version: 2,
          name: 'Twofold storage.sync test',
          version: '1.0',
          permissions: ['storage'],
          // Firefox keeps storage.sync only for an add-on with a fixed id (MDN storage.sync).
          browser_specific_settings: { gecko: { id: TEST_ADDON_ID } },
          background: { scripts: ['open.js'] },
        };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  // Firefox: WebDriver cannot open a moz-extension:// page, so the extension opens its own page to be driven.
  writeFileSync(join(dir, 'open.js'), "browser.tabs.create({ url: 'page.html' });\n");
  writeFileSync(join(dir, 'page.html'), '<!doctype html><meta charset="utf-8"><script src="test.js"></script>');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What a driver can evaluate in the extension: a call of one `tfTest` function with JSON arguments. */
export type Call = <K extends keyof TfTest>(
  name: K,
  ...args: Parameters<TfTest[K]>
) => Promise<Awaited<ReturnType<TfTest[K]>>>;

/** Items that fill the area past its 102,400-byte total, each under the 8,192-byte item limit. */
export function overTotal(): Record<string, string> {
  const items: Record<string, string> = {};
  for (let i = 0; i < 13; i++) items[`tf:fill${i}`] = 'x'.repeat(7_990);
  return items;
}
