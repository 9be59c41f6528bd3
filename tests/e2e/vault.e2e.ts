/// <reference types="chrome" />
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBase32 } from '../../lib/encoding/base32';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import {
  addByUri,
  createVault,
  currentWorker,
  openPopup,
  PASSWORD,
  row,
  stopServiceWorker,
  unlock,
} from './popup-driver';
import { storageDump } from './storage-dump';

/*
 * The vault end to end in Chromium: setup, accounts, codes checked against oathtool, lock/unlock,
 * a service-worker restart, auto-lock, a tampered record, and what lies on disk. One browser profile
 * for the whole file; the tests run in order and build on each other.
 */
let browser: ExtensionBrowser;
beforeAll(async () => {
  browser = await launchWithExtension();
});
afterAll(async () => {
  await browser?.close();
});

const PINNED = new Date('2031-05-04T12:34:56Z');
const T = Math.floor(PINNED.getTime() / 1000);
const GITHUB = { secret: 'JBSWY3DPEHPK3PXP', uri: 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub' };
const BANK = { secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA', uri: '' };
BANK.uri = `otpauth://totp/Bank:bob?secret=${BANK.secret}&issuer=Bank&algorithm=SHA256&digits=8&period=45`;
const COUNTER = { secret: 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ' };

function oathtool(args: string[]): string {
  return execFileSync('oathtool', args, { encoding: 'utf8' }).trim();
}

describe('vault in Chromium', () => {
  it('sets up a master password, refusing a mismatch', async () => {
    const popup = await openPopup(browser);
    await popup.fill('#new-password', PASSWORD);
    await popup.fill('#confirm-password', `${PASSWORD}!`);
    await popup.click('#setup button[type=submit]');
    await expect(popup.locator('#setup-error').textContent()).resolves.toContain('do not match');
    await createVault(popup);
    await expect(popup.locator('#empty').textContent()).resolves.toContain('No accounts yet');
    await popup.close();
  });

  it('adds accounts from a link and by hand, and shows the codes oathtool computes', async () => {
    const popup = await openPopup(browser, PINNED);
    await addByUri(popup, GITHUB.uri, 'github.com');
    await addByUri(popup, BANK.uri);
    // By hand: an HOTP account, with a bad secret first.
    await popup.click('#add');
    await popup.fill('#add-issuer', 'Counter Corp');
    await popup.fill('#add-account', 'carol');
    await popup.fill('#add-secret', 'KRSX0');
    await popup.selectOption('#add-kind', 'hotp');
    await popup.click('#add-form button[type=submit]');
    // Where, never what: the typed secret is not repeated in the message (docs/architecture.md attack 13).
    await expect(popup.locator('#add-error').textContent()).resolves.toMatch(/^[^0]*at position 5[^0]*$/);
    await popup.fill('#add-secret', COUNTER.secret.toLowerCase().replace(/(.{4})/g, '$1 '));
    await popup.click('#add-form button[type=submit]');
    await row(popup, 'Counter Corp').waitFor();

    const github = await row(popup, 'GitHub').locator('button.code').getAttribute('data-code');
    expect(github).toBe(oathtool(['--totp', '-b', `--now=@${T}`, GITHUB.secret]));
    const bank = await row(popup, 'Bank').locator('button.code').getAttribute('data-code');
    expect(bank).toBe(
      oathtool(['--totp=SHA256', '-b', '--digits=8', '--time-step-size=45s', `--now=@${T}`, BANK.secret]),
    );
    await popup.close();
  });

  it('gives HOTP codes in counter order, never the same one twice', async () => {
    const popup = await openPopup(browser);
    const hotp = row(popup, 'Counter Corp');
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) {
      await hotp.locator('button.next').click();
      await expect
        .poll(async () => hotp.locator('button.code').getAttribute('data-code'))
        .not.toBe(seen[seen.length - 1] ?? null);
      seen.push((await hotp.locator('button.code').getAttribute('data-code')) as string);
    }
    expect(seen).toEqual(oathtool(['-b', '--counter=0', '--window=2', COUNTER.secret]).split('\n'));
    await popup.close();
  });

  it('locks, refuses a wrong password, and unlocks', async () => {
    const popup = await openPopup(browser);
    await popup.click('#lock');
    await unlock(popup, 'wrong password');
    await expect(popup.locator('#unlock-error').textContent()).resolves.toContain('Wrong password');
    await unlock(popup);
    await row(popup, 'GitHub').waitFor();
    await popup.close();
  });

  it('clears a popup left open the moment something else locks the vault', async () => {
    // popup.html also opens as a window or tab that stays open; here another popup window locks.
    const popup = await openPopup(browser);
    await row(popup, 'GitHub').waitFor();
    const other = await openPopup(browser);
    await row(other, 'GitHub').waitFor();
    await other.click('#lock');
    await other.locator('#unlock').waitFor();
    // The first popup sends nothing meanwhile: it hears the lock from the background.
    await popup.locator('#unlock').waitFor({ timeout: 5000 });
    await expect(row(popup, 'GitHub').count()).resolves.toBe(0);
    await expect(popup.locator('body').textContent()).resolves.not.toContain('alice');
    await other.close();
    await unlock(popup);
    await row(popup, 'GitHub').waitFor();
    await popup.close();
  });

  it('stays unlocked when Chrome stops the idle service worker', async () => {
    const popup = await openPopup(browser);
    await row(popup, 'GitHub').waitFor();
    const before = await currentWorker(browser);
    await before.evaluate(() => {
      (globalThis as { beforeRestart?: boolean }).beforeRestart = true;
    });
    await stopServiceWorker(browser, popup);
    await popup.reload();
    await row(popup, 'GitHub').waitFor({ timeout: 10_000 });
    // A new worker answered: the marker set in the old one's memory is gone.
    const after = await currentWorker(browser);
    await expect(
      after.evaluate(() => (globalThis as { beforeRestart?: boolean }).beforeRestart ?? false),
    ).resolves.toBe(false);
    await expect(popup.locator('#unlock').count()).resolves.toBe(0);
    await popup.close();
  });

  it('auto-locks once the idle time has passed', async () => {
    const worker = await currentWorker(browser);
    // Pretend the last use was 20 minutes ago (the default auto-lock is 15 minutes).
    await worker.evaluate(() => chrome.storage.session.set({ lastActivity: Date.now() - 20 * 60_000 }));
    const popup = await openPopup(browser);
    await popup.locator('#unlock').waitFor();
    await unlock(popup);
    await row(popup, 'GitHub').waitFor();
    await popup.close();
  });

  it('keeps no secret in the clear in IndexedDB, storage.local or storage.session', async () => {
    const worker = await currentWorker(browser);
    const dump = await storageDump(worker);
    expect(dump).toContain('twofold-vault');
    for (const b32 of [GITHUB.secret, BANK.secret, COUNTER.secret]) {
      const raw = Buffer.from(decodeBase32(b32));
      expect(dump).not.toContain(b32);
      expect(dump).not.toContain(raw.toString('latin1'));
      expect(dump.toLowerCase()).not.toContain(raw.toString('hex'));
      expect(dump).not.toContain(raw.toString('base64').replace(/=+$/, ''));
    }
    expect(dump).not.toContain(PASSWORD);
    expect(dump).not.toContain('alice');
  });

  it('names a tampered account and still opens every other one', async () => {
    const worker = await currentWorker(browser);
    const tamperedId = await worker.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('twofold');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const records = await new Promise<Array<{ id: string; data: Uint8Array }>>((resolve) => {
        const req = db.transaction('accounts').objectStore('accounts').getAll();
        req.onsuccess = () => resolve(req.result);
      });
      const victim = records[0] as { id: string; data: Uint8Array };
      victim.data[3] = (victim.data[3] as number) ^ 0x40;
      await new Promise((resolve) => {
        const tx = db.transaction('accounts', 'readwrite');
        tx.objectStore('accounts').put(victim);
        tx.oncomplete = resolve;
      });
      db.close();
      return victim.id;
    });
    const popup = await openPopup(browser);
    await popup.click('#lock');
    await unlock(popup);
    await popup.locator('#unreadable').waitFor();
    await expect(popup.locator('#unreadable').textContent()).resolves.toMatch(
      /cannot be read: it was changed or damaged outside Twofold/,
    );
    await expect(popup.locator('li.account').count()).resolves.toBe(2);
    await expect(popup.locator(`li.account[data-id="${tamperedId}"]`).count()).resolves.toBe(0);
    await popup.close();
  });

  it('edits an account (sites, notes, recovery codes) and deletes one only after confirmation', async () => {
    const popup = await openPopup(browser);
    const first = popup.locator('li.account').first();
    const issuer = (await first.locator('.issuer').textContent())?.trim() ?? '';
    await first.locator('button.edit').click();
    await popup.fill('#edit-sites', 'example.com, login.example.com');
    await popup.fill('#edit-notes', 'backup phone in the drawer');
    await popup.fill('#recovery-add', 'aaaa-1111\nbbbb-2222');
    await popup.click('#edit-form button[type=submit]');
    await popup.locator('#accounts').waitFor();

    await row(popup, issuer).locator('button.edit').click();
    await expect(popup.locator('#edit-sites').inputValue()).resolves.toBe('example.com, login.example.com');
    await expect(popup.locator('#edit-notes').inputValue()).resolves.toBe('backup phone in the drawer');
    await expect(popup.locator('#recovery-list li').count()).resolves.toBe(2);
    await popup.locator('input.recovery-used').first().check();
    await popup.click('#edit-form button[type=submit]');
    await popup.locator('#accounts').waitFor();
    // The search finds the account by its new site.
    await popup.fill('#search', 'login.example');
    await expect(popup.locator('li.account').count()).resolves.toBe(1);
    await popup.fill('#search', '');

    // Reopen: the used mark survived the round trip through the vault.
    await popup.reload();
    await row(popup, issuer).locator('button.edit').click();
    await expect(popup.locator('input.recovery-used').first().isChecked()).resolves.toBe(true);
    await popup.click('#delete');
    await popup.locator('#confirm-delete').waitFor();
    await popup.click('#confirm-delete-no');
    await expect(popup.locator('#edit-form').count()).resolves.toBe(1);
    await popup.click('#delete');
    await popup.click('#confirm-delete-yes');
    await popup.locator('#accounts').waitFor();
    await expect(row(popup, issuer).count()).resolves.toBe(0);
    await expect(popup.locator('li.account').count()).resolves.toBe(1);
    await popup.close();
  });

  it('works by keyboard, and every control in each view has a name', async () => {
    const popup = await openPopup(browser);
    await addByUri(popup, 'otpauth://totp/Keyboard:kim?secret=JBSWY3DPEHPK3PXQ&issuer=Keyboard');
    await popup.locator('body').click({ position: { x: 5, y: 300 } });
    await popup.keyboard.press('/');
    await expect(popup.evaluate(() => document.activeElement?.id)).resolves.toBe('search');
    await row(popup, 'Keyboard').locator('button.code').focus();
    await popup.keyboard.press('Enter');
    await expect.poll(() => popup.locator('#toast').textContent(), { timeout: 5000 }).toContain('Copied');

    const unnamed = () =>
      popup.evaluate(() => {
        const nameOf = (el: Element): string => {
          const labelledBy = el.getAttribute('aria-labelledby');
          const byIds = labelledBy
            ? labelledBy
                .split(/\s+/)
                .map((id) => document.getElementById(id)?.textContent ?? '')
                .join(' ')
            : '';
          const forLabel = el.id ? (document.querySelector(`label[for="${el.id}"]`)?.textContent ?? '') : '';
          const wrapping = el.closest('label')?.textContent ?? '';
          return [
            el.getAttribute('aria-label'),
            byIds,
            forLabel,
            wrapping,
            el.getAttribute('title'),
            el instanceof HTMLButtonElement ? el.textContent : '',
          ]
            .join('')
            .trim();
        };
        return Array.from(document.querySelectorAll('button, input, select, textarea'))
          .filter((el) => (el as HTMLInputElement).type !== 'hidden' && nameOf(el) === '')
          .map((el) => el.outerHTML.slice(0, 80));
      });
    expect(await unnamed()).toEqual([]);
    await popup.click('#add');
    expect(await unnamed()).toEqual([]);
    await popup.click('#back');
    await popup.locator('li.account button.edit').first().click();
    expect(await unnamed()).toEqual([]);
    await popup.click('#back');
    await popup.click('#settings');
    await popup.locator('#auto-lock').waitFor();
    expect(await unnamed()).toEqual([]);
    await popup.close();
  });
});
