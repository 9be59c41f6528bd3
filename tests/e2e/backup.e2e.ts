/// <reference types="chrome" />
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAegisVault } from '../../lib/export/aegis';
import { decodeMigrationUri, encodeMigrationUris } from '../../lib/otp/migration';
import { readQrTexts } from '../../lib/qr/read';
import type { Account } from '../../lib/vault/account-data';
import { nodeQrReader } from '../../scripts/node-qr-decoder';
import { readBitwarden } from '../unit/export/independent-readers/bitwarden';
import { readTwofas } from '../unit/export/independent-readers/twofas';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { addByUri, createVault, openPopup, PASSWORD, row } from './popup-driver';

/*
 * Backup, restore, import and export end to end (docs/import-export.md, docs/backup-format.md), in the real options
 * page of the built extension: files go through the page's own file inputs and the browser's own downloads.
 */
let browser: ExtensionBrowser;
let popup: Page;
let options: Page;
const dir = mkdtempSync(join(tmpdir(), 'twofold-backup-e2e-'));

const GITHUB = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const BANK = 'otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bank&counter=5';

beforeAll(async () => {
  browser = await launchWithExtension();
  popup = await openPopup(browser);
  await createVault(popup);
  await addByUri(popup, GITHUB, 'github.com');
  await addByUri(popup, BANK, 'bank.example');
  options = await browser.openExtensionPage('options.html');
  await options.locator('#backup-form').waitFor();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function download(page: Page, click: () => Promise<void>): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = join(dir, file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

describe('the options page', () => {
  it('backs up, then restores by merging after an account was deleted', async () => {
    expect(await options.locator('#backup-status').textContent()).toMatch(
      /Last backup: never\. 2 accounts not backed up yet/,
    );
    await options.fill('#backup-password', 'backup password 1');
    await options.fill('#backup-confirm', 'backup password 1');
    await options.fill('#backup-master', PASSWORD);
    const path = await download(options, () => options.click('#backup-save'));
    expect(path).toMatch(/twofold-backup-\d{4}-\d\d-\d\d\.json$/);
    const file = JSON.parse(readFileSync(path, 'utf8'));
    expect(file).toMatchObject({ format: 'twofold-backup', version: 1, accounts: 2 });
    expect(readFileSync(path, 'utf8')).not.toContain('JBSWY3DPEHPK3PXP');
    await options.locator('#backup-result').waitFor();
    // Handing the file to the browser is not yet a backup: the reminder stays until the user confirms.
    expect(await options.locator('#backup-status').textContent()).toContain('not backed up yet');
    await options.click('#backup-saved');
    await expect
      .poll(() => options.locator('#backup-status').textContent())
      .toContain('Every account is in your last backup.');

    // Delete GitHub in the popup, then restore it.
    await popup.reload();
    await row(popup, 'GitHub').locator('button.edit').click();
    await popup.click('#delete');
    await popup.click('#confirm-delete-yes');
    await expect.poll(() => row(popup, 'GitHub').count()).toBe(0);

    await options.setInputFiles('#restore-file', path);
    await options.fill('#restore-password', 'wrong password');
    await options.click('#restore-preview');
    expect(await options.locator('#restore-result').textContent()).toContain('Wrong password');

    await options.fill('#restore-password', 'backup password 1');
    await options.click('#restore-preview');
    await options.locator('#restore-items').waitFor();
    const statuses = await options
      .locator('#restore-items li')
      .evaluateAll((lis) => lis.map((li) => [li.querySelector('strong')?.textContent, li.getAttribute('data-status')]));
    expect(statuses).toEqual([
      ['GitHub (alice)', 'new'],
      ['Bank (bob)', 'identical'],
    ]);
    await options.click('#restore-apply');
    expect(await options.locator('#restore-result').textContent()).toBe(
      'Restored: 1 account added, 0 updated, 0 deleted.',
    );
    await popup.reload();
    await row(popup, 'GitHub').waitFor();
  });

  it('imports an encrypted Aegis file: detects it, asks for the password, reviews, saves', async () => {
    const account = (issuer: string, secret: string): Account => ({
      id: issuer,
      createdAt: 0,
      updatedAt: 0,
      otp: {
        kind: 'totp',
        secret: new TextEncoder().encode(secret),
        issuer,
        account: 'carol',
        algorithm: 'SHA256',
        digits: 8,
        period: 60,
      },
      sites: [],
      notes: `${issuer} note`,
      recoveryCodes: [],
      pinned: true,
      order: 0,
    });
    const text = await writeAegisVault(
      [account('Mastodon', 'mastodon-secret-1234'), account('Gitea', 'gitea-secret-123456')],
      {
        password: 'aegis pw',
        random: (n) => crypto.getRandomValues(new Uint8Array(n)),
        scrypt: { N: 2 ** 12, r: 8, p: 1 },
      },
    );
    const path = join(dir, 'aegis-export.json');
    writeFileSync(path, text);

    await options.setInputFiles('#import-file', path);
    expect(await options.locator('#import-format').textContent()).toMatch(/Aegis.*encrypted/);
    await options.fill('#import-password', 'not it');
    await options.click('#import-read');
    await expect.poll(() => options.locator('#import-result').textContent()).toMatch(/Wrong password/);

    await options.fill('#import-password', 'aegis pw');
    await options.click('#import-read');
    await options.locator('#scan-accounts').waitFor({ timeout: 20_000 });
    expect(await options.locator('#scan-headline').textContent()).toBe('Found 2 accounts.');
    expect(await options.locator('li.scan-account .scan-summary').first().textContent()).toBe(
      'TOTP · SHA256 · 8 digits · every 60 s',
    );
    await options.click('#scan-confirm');
    expect(await options.locator('#import-result').textContent()).toBe('Imported: 2 added, 0 updated.');

    await popup.reload();
    await row(popup, 'Mastodon').waitFor();
    expect(await row(popup, 'Gitea').count()).toBe(1);
    // Aegis' favourite flag and note came along.
    expect(await row(popup, 'Mastodon').locator('button.pin').getAttribute('aria-pressed')).toBe('true');
    await row(popup, 'Mastodon').locator('button.edit').click();
    expect(await popup.locator('#edit-notes').inputValue()).toBe('Mastodon note');
    await popup.click('#back');
    // The reminder counts what the import added since the backup.
    await popup.locator('#backup-notice').waitFor();
    expect(await popup.locator('#backup-notice p').textContent()).toBe('2 accounts added since your last backup.');
  });

  it('imports a picture of one Google Authenticator export code and says which codes are still missing', async () => {
    const otp = (issuer: string, secret: string) => ({
      kind: 'totp' as const,
      secret: new TextEncoder().encode(secret),
      issuer,
      account: 'dana',
      algorithm: 'SHA1' as const,
      digits: 6,
      period: 30,
    });
    const { uris } = encodeMigrationUris(
      [otp('Forgejo', 'forgejo-secret-12345'), otp('Matrix', 'matrix-secret-123456')],
      {
        batchId: 99,
        perQr: 1,
      },
    );
    const path = join(dir, 'ga-export-1.png');
    writeFileSync(path, await QRCode.toBuffer(uris[0] as string, { width: 400 }));
    await options.setInputFiles('#import-file', path);
    expect(await options.locator('#import-format').textContent()).toContain('Picture of QR codes');
    await options.click('#import-read');
    await options.locator('#scan-accounts').waitFor({ timeout: 20_000 });
    expect(await options.locator('#import-problems').textContent()).toContain(
      '1 of 2 codes scanned; still to scan: 2.',
    );
    expect(await options.locator('li.scan-account .scan-title').allTextContents()).toEqual(['Forgejo']);
    await options.click('#scan-confirm');
    expect(await options.locator('#import-result').textContent()).toBe('Imported: 1 added, 0 updated.');
  });

  it('exports an otpauth list behind a warning, Google Authenticator QR codes, and a recovery sheet', async () => {
    await options.reload();
    await options.locator('#export-form').waitFor();
    await options.check('input[name=export-format][value=uri-list]');
    await options.fill('#export-master', PASSWORD);
    await options.click('#export-go');
    expect(await options.locator('#export-result').textContent()).toContain('not encrypted');
    await options.check('#export-understood');
    await options.fill('#export-master', PASSWORD);
    const path = await download(options, () => options.click('#export-go'));
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.some((l) => l.startsWith('otpauth://hotp/Bank:bob?') && l.includes('counter=5'))).toBe(true);

    // 2FAS and Bitwarden files (docs/import-export.md "Exports"), read by the independent readers of the unit tests; what a format cannot
    // carry is said before writing, and the accounts it left out are listed after.
    await options.check('input[name=export-format][value=twofas]');
    expect(await options.locator('#export-format-loses').textContent()).toContain('5 to 8 digits');
    await options.check('#export-understood');
    await options.fill('#export-master', PASSWORD);
    const twofas = readTwofas(readFileSync(await download(options, () => options.click('#export-go')), 'utf8'));
    expect(twofas).toHaveLength(5);
    expect(twofas.find((r) => r.type === 'hotp')).toMatchObject({ issuer: 'Bank', name: 'bob', counter: 5n });
    await options.check('input[name=export-format][value=bitwarden]');
    expect(await options.locator('#export-format-loses').textContent()).toContain('time-based codes only');
    await options.check('#export-understood');
    await options.fill('#export-master', PASSWORD);
    const bitwarden = readBitwarden(readFileSync(await download(options, () => options.click('#export-go')), 'utf8'));
    // Every account but the one HOTP (Bank), which Bitwarden would read as time-based.
    expect(bitwarden).toHaveLength(lines.length - 1);
    expect(bitwarden.map((r) => r.issuer)).not.toContain('Bank');
    expect(await options.locator('#export-result').textContent()).toContain('with 4 accounts');
    expect(await options.locator('#export-left-out').textContent()).toContain('Bank (bob)');

    await options.check('input[name=export-format][value=google]');
    await options.fill('#export-master', PASSWORD);
    await options.click('#export-go');
    await options.locator('#export-qr-code').waitFor();
    const png = await options.locator('#export-qr-code').screenshot();
    const texts = await readQrTexts(nodeQrReader(), new Uint8Array(png));
    const decoded = decodeMigrationUri(texts[0] ?? '');
    expect(decoded.accounts.map((a) => a.issuer).sort()).toEqual(['Bank', 'Forgejo', 'GitHub']);
    // 8-digit, 60-second accounts cannot go to Google Authenticator: listed, not dropped silently.
    expect(await options.locator('#export-skipped').textContent()).toContain('only 30-second codes');

    await options.check('input[name=export-format][value=sheet]');
    await options.fill('#export-master', PASSWORD);
    await options.click('#export-go');
    await options.locator('#recovery-sheet').waitFor();
    expect(await options.locator('#recovery-sheet .sheet-entry h3').allTextContents()).toEqual(
      expect.arrayContaining(['GitHub (alice)', 'Bank (bob)', 'Mastodon (carol)', 'Gitea (carol)']),
    );
    expect(await options.locator('#recovery-sheet').textContent()).toContain('JBSW Y3DP EHPK 3PXP');
    expect(await options.locator('.sheet-warning').textContent()).toContain('Keep this sheet as safe');
  });
});
