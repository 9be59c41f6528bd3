/// <reference types="chrome" />
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { addByUri, createVault, openPopup, PASSWORD, unlock } from './popup-driver';

/*
 * docs/architecture.md attack 12: with the vault unlocked, every export that reveals secrets once asked for nothing
 * more than three clicks, and the recovery sheet stayed on screen after a lock. Now each asks for the master password
 * again (checked by the background inside the export request), and the options page drops what it shows the moment the
 * vault locks.
 */
let browser: ExtensionBrowser;
let options: Page;
const SECRET = 'JBSWY3DPEHPK3PXP';

beforeAll(async () => {
  browser = await launchWithExtension();
  const popup = await openPopup(browser);
  await createVault(popup);
  await addByUri(popup, `otpauth://totp/GitHub:alice?secret=${SECRET}&issuer=GitHub`, 'github.com');
  await popup.close();
  options = await browser.openExtensionPage('options.html');
  await options.locator('#export-form').waitFor();
});
afterAll(async () => {
  await browser?.close();
});

/** What the page shows after an export ran: the message, or what the export revealed. */
async function shown(kind: string): Promise<string> {
  const revealed = kind === 'google' || kind === 'qr' ? '#export-qr-code' : '#recovery-sheet';
  return (await options.locator(`#export-result, ${revealed}`).first().textContent()) ?? '';
}

async function choose(kind: string): Promise<void> {
  await options.check(`input[name=export-format][value=${kind}]`);
  if (kind === 'aegis-encrypted') {
    await options.fill('#export-password', 'a new file password');
    await options.fill('#export-confirm', 'a new file password');
  }
  if (kind === 'qr') await options.selectOption('#export-one', { index: 1 });
  if (kind === 'uri-list' || kind === 'aegis-plain') await options.check('#export-understood');
}

describe('exports ask for the master password again', () => {
  for (const kind of ['uri-list', 'aegis-plain', 'aegis-encrypted', 'google', 'qr', 'sheet']) {
    it(`${kind}: refused without it and with a wrong one, given with the right one`, async () => {
      await options.reload();
      await choose(kind);
      await options.click('#export-go');
      expect(await options.locator('#export-result').textContent()).toBe(
        'Type your master password to confirm this export.',
      );
      await options.fill('#export-master', 'not my password');
      await options.click('#export-go');
      await expect.poll(() => options.locator('#export-result').textContent()).toBe('Wrong password.');
      await expect(options.locator('#export-qr-code, #recovery-sheet').count()).resolves.toBe(0);
      // The field is empty again: the password is typed for one export only.
      await expect(options.locator('#export-master').inputValue()).resolves.toBe('');

      await options.fill('#export-master', PASSWORD);
      if (kind === 'google' || kind === 'qr' || kind === 'sheet') {
        await options.click('#export-go');
        await expect.poll(() => shown(kind)).not.toBe('Wrong password.');
        if (kind === 'sheet') expect(await shown(kind)).toContain('JBSW Y3DP EHPK 3PXP');
        else await options.locator('#export-qr-code').waitFor();
      } else {
        const [file] = await Promise.all([options.waitForEvent('download'), options.click('#export-go')]);
        const text = readFileSync((await file.path()) as string, 'utf8');
        if (kind === 'aegis-encrypted') expect(text).not.toContain('GitHub');
        else expect(text).toContain(kind === 'uri-list' ? `secret=${SECRET}` : 'GitHub');
      }
    });
  }

  it('backup under a new password: refused without it and with a wrong one, written with the right one', async () => {
    await options.reload();
    await options.fill('#backup-password', 'backup password 1');
    await options.fill('#backup-confirm', 'backup password 1');
    await options.click('#backup-save');
    expect(await options.locator('#backup-result').textContent()).toBe(
      'Type your master password to confirm this export.',
    );
    await options.fill('#backup-master', 'not my password');
    await options.click('#backup-save');
    await expect.poll(() => options.locator('#backup-result').textContent()).toBe('Wrong password.');
    await options.fill('#backup-master', PASSWORD);
    const [file] = await Promise.all([options.waitForEvent('download'), options.click('#backup-save')]);
    expect(JSON.parse(readFileSync((await file.path()) as string, 'utf8'))).toMatchObject({ format: 'twofold-backup' });
  });

  it('the background refuses a request that skips the page’s question', async () => {
    const replies = await options.evaluate(async () => {
      const ids = [] as string[];
      const list = await chrome.runtime.sendMessage({ type: 'accounts-list' });
      ids.push(list.value.accounts[0].id);
      const ask = (extra: object) =>
        chrome.runtime.sendMessage({ type: 'export-sheet', ids, ...extra }).then((r) => r.error ?? 'gave the sheet');
      return [await ask({}), await ask({ masterPassword: 'guess' })];
    });
    expect(replies[0]).toMatch(/masterPassword/);
    expect(replies[1]).toBe('Wrong password.');
  });
});

describe('secrets on screen go the moment the vault locks', () => {
  for (const kind of ['sheet', 'google'] as const) {
    it(`${kind}: cleared by a lock in the popup`, async () => {
      await options.reload();
      await options.locator('#export-form').waitFor();
      await choose(kind);
      await options.fill('#export-master', PASSWORD);
      await options.click('#export-go');
      const revealed = options.locator(kind === 'sheet' ? '#recovery-sheet' : '#export-qr-code');
      await revealed.waitFor();

      const popup = await openPopup(browser);
      await popup.click('#lock');
      // Well before the page's 15 s fallback check: the lock itself tells the page.
      await expect.poll(() => revealed.count(), { timeout: 3000 }).toBe(0);
      await expect(options.locator('#password').count()).resolves.toBe(1);
      expect(await options.locator('body').textContent()).not.toContain('JBSW');
      await unlock(popup);
      await popup.locator('#accounts').waitFor();
      await popup.close();
    });
  }
});
