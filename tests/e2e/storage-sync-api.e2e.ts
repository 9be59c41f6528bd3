import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Worker } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { itemsBytes } from '../../lib/sync/storage-sync-layout';
import { chromiumArgs, chromiumPath } from './browser';
import {
  type Call,
  expectConvergence,
  expectItemLimit,
  expectTotalLimit,
  type Profile,
  twoProfiles,
} from './storage-sync-api-harness';

/*
 * `storage.sync` at the API level in Chromium (a profile cannot reach Chrome Sync here): the browser's
 * quota errors become 'full', the layout's byte count is the browser's `getBytesInUse`, and two profiles fed the
 * same items (copied as Chrome Sync would deliver them) converge after each runs its round.
 */

async function profile(extensionDir: string): Promise<Profile> {
  const dir = mkdtempSync(join(tmpdir(), 'tf-storage-sync-profile-'));
  const context: BrowserContext = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(),
    headless: process.env.HEADFUL !== '1',
    args: chromiumArgs(extensionDir),
  });
  const worker: Worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const call = ((name: string, ...args: unknown[]) =>
    worker.evaluate(
      ([n, a]) =>
        (globalThis as unknown as { tfTest: Record<string, (...x: unknown[]) => unknown> }).tfTest[n as string]?.(
          ...(a as unknown[]),
        ),
      [name, args] as const,
    )) as Call;
  return {
    call,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const profiles = twoProfiles('chrome', profile);

describe('storage.sync in Chromium', () => {
  it('enforces the per-item limit exactly as the layout counts it, and the adapter calls a refusal full', () =>
    expectItemLimit(profiles.one));

  it('refuses a write past 102,400 bytes in all as full, and writes nothing of it', () =>
    expectTotalLimit(profiles.one));

  it('counts the bytes of a real shared state exactly as getBytesInUse does', async () => {
    const { one } = profiles;
    expect(await one.call('start', 'Chromium one', 'pw-one', ['Alpha', 'Beta', 'Gamma'])).toEqual({ ok: true });
    const bytes = await one.call('bytes');
    expect(bytes.strictest).toBeGreaterThan(500);
    // Chromium prints the slots' 13-digit times as doubles ("1.796…e+12"): its count is the layout's strictest.
    expect(bytes.chromium).toBeGreaterThan(bytes.firefox);
    expect(bytes.browser).toBe(bytes.chromium);
    expect(bytes.browser).toBe(bytes.strictest);
  });

  it('two profiles fed the same items converge after each runs its round', async () => {
    await expectConvergence(profiles.one, profiles.two, 'Chromium two');
    const bytes = await profiles.one.call('bytes');
    expect(bytes.browser).toBe(bytes.strictest);
  });

  it('prints numbers beyond int32 as doubles, as the layout counts them', async () => {
    const { one } = profiles;
    for (const v of [
      1,
      2_147_483_647,
      2_147_483_648,
      1_796_000_000_000,
      1_796_000_012_345,
      1.5,
      -5,
      [1, 2_147_483_648],
    ]) {
      await one.call('clear');
      expect(await one.call('set', { 'tf:n': v })).toEqual({ ok: true });
      expect((await one.call('bytes')).browser, JSON.stringify(v)).toBe(itemsBytes({ 'tf:n': v }, 'chromium'));
    }
  });

  // Last: it spends this minute's writes of profile two.
  it('maps Chrome’s write-rate limit (120 a minute) to rate-limited', async () => {
    const r = await profiles.two.call('burst', 130);
    expect(r).toMatchObject({ ok: false, code: 'rate-limited' });
    expect(r.at).toBeLessThanOrEqual(120);
  });
});
