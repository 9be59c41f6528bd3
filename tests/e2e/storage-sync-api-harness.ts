import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect } from 'vitest';
import { itemsBytes } from '../../lib/sync/storage-sync-layout';
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

/** One browser profile with the test extension installed. */
export interface Profile {
  call: Call;
  close(): Promise<void>;
}

/** Two profiles of `kind`, launched by `launch` before the file's tests and closed (the extension removed) after. */
export function twoProfiles(
  kind: 'chrome' | 'firefox',
  launch: (extensionDir: string) => Promise<Profile>,
): { one: Profile; two: Profile } {
  const profiles = {} as { one: Profile; two: Profile };
  let ext: { dir: string; remove(): void } | undefined;
  beforeAll(async () => {
    ext = await buildTestExtension(kind);
    profiles.one = await launch(ext.dir);
    profiles.two = await launch(ext.dir);
  }, 120_000);
  afterAll(async () => {
    await profiles.one?.close();
    await profiles.two?.close();
    ext?.remove();
  });
  return profiles;
}

/** The vendor's sync delivering `from`'s items to `to`: the same keys and values, what `from` removed gone. */
export async function deliver(from: Profile, to: Profile): Promise<void> {
  const items = await from.call('get');
  await to.call('clear');
  expect(await to.call('set', items)).toEqual({ ok: true });
}

/** The per-item limit is exactly as the layout counts it, and the adapter calls a refusal full. */
export async function expectItemLimit(p: Profile): Promise<void> {
  // key 4 + quotes 2 + 8,186 characters = 8,192 bytes: fits; one character more does not.
  const fits = { 'tf:q': 'a'.repeat(8_186) };
  expect(itemsBytes(fits)).toBe(8_192);
  expect(await p.call('set', fits)).toEqual({ ok: true });
  expect(await p.call('set', { 'tf:q': 'a'.repeat(8_187) })).toMatchObject({ ok: false, code: 'full' });
  await p.call('clear');
}

/** A write past 102,400 bytes in all is refused as full, and nothing of it is written. */
export async function expectTotalLimit(p: Profile): Promise<void> {
  const items = overTotal();
  expect(itemsBytes(items)).toBeGreaterThan(102_400);
  expect(await p.call('set', items)).toMatchObject({ ok: false, code: 'full' });
  expect(await p.call('get')).toEqual({});
}

/**
 * `two` (named `name`) joins the state `one` started with Alpha, Beta and Gamma, bringing Delta; both change
 * something while apart, then the vendor sync carries one's write over and back: both end with the same view.
 */
export async function expectConvergence(one: Profile, two: Profile, name: string): Promise<void> {
  await deliver(one, two);
  expect(await two.call('join', name, 'pw-one', ['Delta'])).toMatchObject({ added: 3, combined: 0, kept: 1 });
  await deliver(two, one);
  expect(await one.call('round')).toMatchObject({ ok: true });
  expect(await one.call('issuers')).toEqual(['Alpha', 'Beta', 'Delta', 'Gamma']);
  await one.call('rename', 'Alpha', 'Alpha renamed');
  await two.call('add', 'Epsilon');
  expect(await one.call('round')).toMatchObject({ ok: true, uploaded: true });
  await deliver(one, two);
  expect(await two.call('round')).toMatchObject({ ok: true, uploaded: true });
  await deliver(two, one);
  expect(await one.call('round')).toMatchObject({ ok: true });
  expect(await one.call('view')).toEqual(await two.call('view'));
  expect(await one.call('issuers')).toEqual(['Alpha renamed', 'Beta', 'Delta', 'Epsilon', 'Gamma']);
}
