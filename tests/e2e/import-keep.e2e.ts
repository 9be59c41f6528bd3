import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMigrationUris } from '../../lib/otp/migration';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { addByUri, createVault, openPopup, PASSWORD } from './popup-driver';

/*
 * docs/import-export.md "Review of a key Twofold already has", end to end in the options page of the built extension:
 * an import of a key the vault already holds never changes its codes by default. A Google Authenticator export (no
 * period in its format) of a 60 s account, a FreeOTP+ file holding a Steam key as a 6-digit TOTP (no Steam type in
 * its format), and an otpauth list that does say other settings: the first two never propose a change,
 * the third is marked "codes would change", shows both codes, and pre-selects Keep. Codes are checked
 * with the otpauth package, never with lib/.
 */

const SIXTY = 'JBSWY3DPEHPK3PXP';
const STEAM = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const THIRTY = 'KRUGS4ZANFZSAYJAORSXG5BAONSWG4TFOQ';

let browser: ExtensionBrowser;
let options: Page;
const dir = mkdtempSync(join(tmpdir(), 'twofold-import-keep-'));

interface Listed {
  id: string;
  kind: string;
  issuer: string;
  account: string;
  digits?: number;
  period?: number;
}

beforeAll(async () => {
  browser = await launchWithExtension();
  const popup = await openPopup(browser);
  await createVault(popup);
  await addByUri(popup, `otpauth://totp/Example:alice?secret=${SIXTY}&issuer=Example&period=60`);
  await addByUri(popup, `otpauth://steam/Steam:gaben?secret=${STEAM}&issuer=Steam`);
  await addByUri(popup, `otpauth://totp/Forge:carol?secret=${THIRTY}&issuer=Forge&period=30`);
  await popup.close();
  options = await browser.openExtensionPage('options.html');
  await options.locator('#import-form').waitFor();
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function accounts(): Promise<Listed[]> {
  return options.evaluate(async () => (await chrome.runtime.sendMessage({ type: 'accounts-list' })).value.accounts);
}

/** A request from the options page, as its own code sends it; throws the background's refusal. */
async function send(req: object): Promise<unknown> {
  const reply = await options.evaluate((r) => chrome.runtime.sendMessage(r), req);
  if (!reply?.ok) throw new Error(JSON.stringify(reply));
  return reply.value;
}

/** Chooses the file, reads it and waits for the review; answers the format the page detected. */
async function importFile(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, content);
  await options.setInputFiles('#import-file', path);
  const format = (await options.locator('#import-format').textContent()) ?? '';
  await options.locator('#import-read').click();
  await options.locator('#scan-accounts').waitFor({ timeout: 20_000 });
  return format;
}

const bytes = (base32: string) => Secret.fromBase32(base32).bytes;

describe('import of keys the vault already holds', () => {
  it('never changes codes by default: unknown parameters stay, real changes are marked and kept', async () => {
    // 1. Google Authenticator's export of the 60 s account: its format cannot say 60, so it reads 30.
    const { uris } = encodeMigrationUris(
      [
        {
          kind: 'totp',
          secret: bytes(SIXTY),
          issuer: 'Example',
          account: 'alice',
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
        },
      ],
      { batchId: 3 },
    );
    expect(await importFile('google-export.txt', `${uris.join('\n')}\n`)).toContain('Google Authenticator');
    const ga = options.locator('li.scan-account').first();
    expect(await ga.getAttribute('data-status')).toBe('same');
    expect(await options.locator('#scan-0-update').count()).toBe(0);
    expect(await options.locator('#scan-confirm').isDisabled()).toBe(true);
    await options.locator('#import #back').click();
    expect((await accounts()).find((a) => a.issuer === 'Example')).toMatchObject({ kind: 'totp', period: 60 });

    // 2. FreeOTP+ JSON written by another app: the Steam key as a 6-digit TOTP, under another issuer.
    const token = {
      algo: 'SHA1',
      counter: 0,
      digits: 6,
      issuerExt: 'Valve',
      label: 'gaben',
      period: 30,
      secret: [...bytes(STEAM)].map((b) => (b > 127 ? b - 256 : b)),
      type: 'TOTP',
    };
    const json = JSON.stringify({ tokenOrder: ['Valve:gaben'], tokens: [token] });
    expect(await importFile('freeotp-plus.json', json)).toContain('FreeOTP+');
    expect(await options.locator('li.scan-account').first().getAttribute('data-status')).toBe('changed');
    expect(await options.locator('[data-codes-change]').count()).toBe(0);
    expect(await options.locator('#scan-0-keep').isChecked()).toBe(true);
    // Taking the new name on purpose updates the name only: the account stays Steam.
    await options.locator('#scan-0-update').check();
    await options.locator('#scan-confirm').click();
    expect(await options.locator('#import-result').textContent()).toBe('Imported: 0 added, 1 updated.');
    const steam = (await accounts()).find((a) => a.issuer === 'Valve');
    expect(steam).toMatchObject({ kind: 'steam', account: 'gaben' });

    // 3. A format that does carry the period, saying 60 s for a 30 s account: a real change of codes.
    await importFile('keys.txt', `otpauth://totp/Forge:carol?secret=${THIRTY}&issuer=Forge&period=60&digits=8\n`);
    const row = options.locator('li.scan-account').first();
    expect(await row.getAttribute('data-status')).toBe('changed');
    const marker = (await row.locator('[data-codes-change] .scan-codes-change').textContent()) ?? '';
    expect(marker).toContain('Codes would change');
    const [before, after] = [...marker.matchAll(/\b\d{6,8}\b/g)].map((m) => m[0]);
    const stored = new TOTP({ secret: Secret.fromBase32(THIRTY), period: 30, digits: 6 });
    const proposed = new TOTP({ secret: Secret.fromBase32(THIRTY), period: 60, digits: 8 });
    expect(stored.validate({ token: before ?? '', window: 1 })).not.toBeNull();
    expect(proposed.validate({ token: after ?? '', window: 1 })).not.toBeNull();
    expect(await options.locator('#scan-0-keep').isChecked()).toBe(true);
    expect(await options.locator('#scan-0-update').isChecked()).toBe(false);
    expect(await options.locator('#scan-confirm').isDisabled()).toBe(true);
    expect((await accounts()).find((a) => a.issuer === 'Forge')).toMatchObject({ kind: 'totp', period: 30, digits: 6 });
  });

  it('a restore merge marks a change of codes, shows both codes, and keeps the vault’s by default', async () => {
    // A backup holding Forge (carol) at 30 s; then the vault's Forge becomes a 60 s account of the same key.
    await options.reload();
    await options.locator('#backup-form').waitFor();
    await options.fill('#backup-password', 'backup password 1');
    await options.fill('#backup-confirm', 'backup password 1');
    await options.fill('#backup-master', PASSWORD);
    const [download] = await Promise.all([options.waitForEvent('download'), options.click('#backup-save')]);
    const path = join(dir, download.suggestedFilename());
    await download.saveAs(path);
    const forge = (await accounts()).find((a) => a.issuer === 'Forge');
    await send({ type: 'account-delete', id: forge?.id });
    await send({
      type: 'account-add',
      draft: { uri: `otpauth://totp/Forge:carol?secret=${THIRTY}&issuer=Forge&period=60` },
    });

    await options.setInputFiles('#restore-file', path);
    await options.fill('#restore-password', 'backup password 1');
    await options.click('#restore-preview');
    await options.locator('#restore-items').waitFor();
    const row = options.locator('#restore-items li', { hasText: 'Forge' });
    expect(await row.getAttribute('data-status')).toBe('conflict');
    const marker = (await row.locator('[data-codes-change]').textContent()) ?? '';
    expect(marker).toContain('Codes would change');
    const [now, backup] = [...marker.matchAll(/\b\d{6}\b/g)].map((m) => m[0]);
    const held = new TOTP({ secret: Secret.fromBase32(THIRTY), period: 60 });
    const inBackup = new TOTP({ secret: Secret.fromBase32(THIRTY), period: 30 });
    expect(held.validate({ token: now ?? '', window: 1 })).not.toBeNull();
    expect(inBackup.validate({ token: backup ?? '', window: 1 })).not.toBeNull();
    expect(await row.locator('input.restore-take').isChecked()).toBe(false);
    await options.click('#restore-apply');
    await options.locator('#restore-result').waitFor();
    expect((await accounts()).find((a) => a.issuer === 'Forge')).toMatchObject({ kind: 'totp', period: 60 });
  });
});
