/// <reference types="chrome" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { createVault, currentWorker, openPopup, row, unlock } from './popup-driver';

/*
 * Integrity at rest (docs/architecture.md attack 11, docs/vault-format.md) in Chromium with the built extension:
 * someone with the profile writes the real IndexedDB behind Twofold's back (from the extension's own worker, which has
 * the same database), then the person unlocks. A record rolled back to an older ciphertext must be named in the
 * popup and not used; a settings value edited at rest must be ignored. The tests build on each other.
 */
let browser: ExtensionBrowser;
beforeAll(async () => {
  browser = await launchWithExtension();
});
afterAll(async () => {
  await browser?.close();
});

const COUNTER = 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ';

/** One object store value as JSON-safe data (bytes as arrays), read or written in the worker. */
type Json = Record<string, unknown>;

async function readRecord(store: string, key: string): Promise<Json> {
  const worker = await currentWorker(browser);
  return worker.evaluate(
    async ([storeName, k]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('twofold');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const value = await new Promise<Record<string, unknown>>((resolve) => {
        const req = db
          .transaction(storeName as string)
          .objectStore(storeName as string)
          .get(k as string);
        req.onsuccess = () => resolve(req.result);
      });
      db.close();
      return Object.fromEntries(
        Object.entries(value).map(([f, v]) => [f, v instanceof Uint8Array ? { bytes: Array.from(v) } : v]),
      );
    },
    [store, key],
  );
}

async function writeRecord(store: string, key: string, value: Json): Promise<void> {
  const worker = await currentWorker(browser);
  await worker.evaluate(
    async ([storeName, k, v]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('twofold');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const restored = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([f, x]) => [
          f,
          x && typeof x === 'object' && 'bytes' in x ? new Uint8Array((x as { bytes: number[] }).bytes) : x,
        ]),
      );
      await new Promise((resolve, reject) => {
        const tx = db.transaction(storeName as string, 'readwrite');
        const os = tx.objectStore(storeName as string);
        if (os.keyPath) os.put(restored);
        else os.put(restored, k as string);
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    [store, key, value] as const,
  );
}

describe('integrity at rest in Chromium', () => {
  let hotpId = '';

  it('names an HOTP account rolled back to an older ciphertext after unlock, and does not use it', async () => {
    const popup = await openPopup(browser);
    await createVault(popup);
    await popup.click('#add');
    await popup.fill('#add-issuer', 'Counter Corp');
    await popup.fill('#add-account', 'carol');
    await popup.selectOption('#add-kind', 'hotp');
    await popup.fill('#add-secret', COUNTER);
    await popup.click('#add-form button[type=submit]');
    const hotp = row(popup, 'Counter Corp');
    await hotp.waitFor();
    hotpId = (await hotp.getAttribute('data-id')) as string;
    const before = await readRecord('accounts', hotpId);

    // Two codes handed out: the counter moves on and the record is rewritten twice.
    const seen: (string | null)[] = [null];
    for (let i = 0; i < 2; i++) {
      await hotp.locator('button.next').click();
      await expect
        .poll(async () => hotp.locator('button.code').getAttribute('data-code'))
        .not.toBe(seen[seen.length - 1]);
      seen.push(await hotp.locator('button.code').getAttribute('data-code'));
    }
    expect((await readRecord('accounts', hotpId)).version).toBe((before.version as number) + 2);

    await writeRecord('accounts', hotpId, before); // back to the counter before those codes
    await popup.click('#lock');
    await unlock(popup);
    await popup.locator('#unreadable').waitFor();
    await expect(popup.locator('#unreadable').textContent()).resolves.toMatch(
      /An account added on \d{4}-\d\d-\d\d \(id [0-9a-f]{8}…\) was replaced by an older copy of itself outside Twofold/,
    );
    await expect(popup.locator(`li.account[data-id="${hotpId}"]`).count()).resolves.toBe(0);
    // The background refuses the old counter's codes too, not just the popup.
    const refused = await popup.evaluate((id) => chrome.runtime.sendMessage({ type: 'hotp-next', id }), hotpId);
    expect(JSON.stringify(refused)).toMatch(/No account with id/);
    await popup.close();
  });

  it('ignores a settings value edited at rest: the default auto-lock applies, with a note', async () => {
    const popup = await openPopup(browser);
    await popup.click('#settings');
    await popup.selectOption('#auto-lock', '5');
    await expect.poll(async () => (await readRecord('settings', 'settings')).version).toBe(1);
    // The edit that kept a vault open for 10 days: a clear auto-lock time, as format 1 stored it.
    await writeRecord('settings', 'settings', {
      autoLockMinutes: 14_400,
      fillMode: 'click',
      submitAfterFill: false,
      backupReminder: true,
      lastBackupAt: 0,
      keySlotSites: {},
    });
    await popup.goto(popup.url().replace(/#.*$/, ''));
    await popup.click('#lock');
    await unlock(popup);
    await popup.locator('#unreadable').waitFor();
    await expect(popup.locator('#unreadable').textContent()).resolves.toMatch(
      /settings were changed or damaged outside Twofold; the defaults are used/,
    );
    await popup.click('#settings');
    await expect.poll(() => popup.locator('#auto-lock').inputValue()).toBe('15');
    await popup.close();

    // Idle for 20 minutes: with the edited value honoured the vault would stay open for 10 days.
    const worker = await currentWorker(browser);
    await worker.evaluate(() => chrome.storage.session.set({ lastActivity: Date.now() - 20 * 60_000 }));
    const later = await openPopup(browser);
    await later.locator('#unlock').waitFor();
    await later.close();
  });
});
