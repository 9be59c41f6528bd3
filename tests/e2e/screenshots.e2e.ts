import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_USER, type Site, startSite } from '../site/server';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import {
  addByUri,
  createVault,
  openPopup,
  openPopupForTab,
  PASSWORD,
  pressToolbarButton,
  unlock,
} from './popup-driver';
import { clickOffer, offerDocument, passwordStep } from './site-flow';
import { addVirtualAuthenticator, webAuthnSession } from './virtual-authenticator';

/*
 * The README's pictures, produced by the end-to-end run so they stay current: every run of the suite
 * (or `npm run screenshots`) draws them again from the built extension and the test site, checking along the way
 * that each shows what its caption says. Pictures go to docs/screenshots/.
 */
const OUT = 'docs/screenshots';
const POPUP = { width: 360, height: 480 };
let browser: ExtensionBrowser;
let site: Site;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  [browser, site] = await Promise.all([launchWithExtension(), startSite()]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), site?.close()]);
});

describe('README screenshots', () => {
  it('the popup: accounts with live codes, adding one, and the lock screen', async () => {
    const popup = await openPopup(browser);
    await popup.setViewportSize(POPUP);
    await createVault(popup);
    await addByUri(popup, 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub', 'github.com');
    await addByUri(
      popup,
      `otpauth://totp/Twofold%20Test%20Site:${DEFAULT_USER.username}?secret=${DEFAULT_USER.secret}&issuer=Twofold%20Test%20Site`,
      site.origin,
    );
    await addByUri(
      popup,
      'otpauth://hotp/Example%20Bank:carol?secret=KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ&issuer=Example%20Bank&counter=0',
    );
    await popup.locator('li.account button.code[data-code]').first().waitFor();
    expect(await popup.locator('li.account').count()).toBe(3);
    await popup.screenshot({ path: `${OUT}/popup-accounts.png` });

    await popup.click('#add');
    await popup.fill(
      '#add-uri',
      'otpauth://totp/ACME%20Co:john@example.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=45',
    );
    await popup.screenshot({ path: `${OUT}/popup-add.png` });
    await popup.click('#back');
    await popup.click('#lock');
    await popup.locator('#unlock').waitFor();
    await popup.screenshot({ path: `${OUT}/popup-unlock.png` });
    await unlock(popup);
    await popup.locator('#accounts').waitFor();
    await popup.close();
  });

  it('the inline offer beside a sign-in’s code field', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 900, height: 560 });
    await passwordStep(page, site.origin, 'plain');
    await clickOffer(page);
    // The menu is drawn in the offer frame (an extension page): the picture waits until it shows a code.
    const menu = await offerDocument(page);
    await menu.locator('.item .badge').first().waitFor();
    await page.screenshot({ path: `${OUT}/inline-offer.png` });
    await page.close();
  });

  it('enrolment: the site’s QR code, the scan review and the first code', async () => {
    const enrol = await browser.context.newPage();
    await enrol.setViewportSize({ width: 900, height: 640 });
    await enrol.goto(`${site.origin}/signup`);
    await enrol.fill('input[name=username]', 'dana');
    await enrol.fill('input[name=password]', 'correct horse');
    await Promise.all([enrol.waitForURL(/\/enrol/), enrol.click('button[type=submit]')]);
    await enrol.screenshot({ path: `${OUT}/test-site-enrol.png` });
    const tabId = await pressToolbarButton(browser, enrol);
    const scan = await openPopupForTab(browser, tabId);
    await scan.setViewportSize(POPUP);
    await scan.click('#scan');
    await scan.locator('#scan-accounts').waitFor({ timeout: 20_000 });
    expect(await scan.locator('li.scan-account .scan-name').textContent()).toBe('dana');
    await scan.screenshot({ path: `${OUT}/popup-scan.png` });
    await scan.click('#scan-confirm');
    await scan.locator('#first-codes .code-digits').waitFor();
    await scan.screenshot({ path: `${OUT}/popup-first-code.png` });
    await scan.close();
    await enrol.close();
  });

  it('the options page: backup, and an import under review', async () => {
    const options = await browser.openExtensionPage('options.html');
    await options.setViewportSize({ width: 900, height: 900 });
    await options.locator('#backup-form').waitFor();
    await options.screenshot({ path: `${OUT}/options-backup.png` });
    const list = [
      'otpauth://totp/Mastodon:dana@example.social?secret=MFRGGZDFMZTWQ2LK&issuer=Mastodon',
      'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub',
      'otpauth://yandex/Yandex:dana?secret=MFRGGZDFMZTWQ2LKNNWG23TP',
    ].join('\n');
    await options.setInputFiles('#import-file', {
      name: 'links.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(list),
    });
    await options.locator('#import-format').waitFor();
    await options.click('#import-read');
    await options.locator('#scan-accounts').waitFor();
    // As the caption says: a new account, one already stored, and an entry that cannot be imported.
    const statuses = await options
      .locator('li.scan-account')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-status')));
    expect(statuses).toContain('new');
    expect(statuses).toContain('same');
    expect(await options.locator('#import').textContent()).toContain('Yandex');
    await options.locator('#import').screenshot({ path: `${OUT}/options-import.png` });
    await options.close();
  });

  it('passkeys and security keys: the Settings panel with a key, and the unlock screen offering it', async () => {
    // Runs on its own too (`-t passkeys`): a vault is made when the earlier tests did not make one.
    const tab = await browser.context.newPage();
    await tab.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const state = await tab.evaluate(
      async () => (await chrome.runtime.sendMessage({ type: 'vault-state' })).value.state,
    );
    if (state === 'none') {
      await createVault(tab);
      await addByUri(tab, 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub', 'github.com');
    } else if (state === 'locked') await unlock(tab);
    // A virtual authenticator (DevTools Protocol) stands in for the security key; it belongs to this tab.
    await addVirtualAuthenticator(await webAuthnSession(tab));
    await tab.setViewportSize({ width: 900, height: 900 });
    await tab.goto(`chrome-extension://${browser.extensionId}/options.html#security-keys`);
    await tab.fill('#security-key-name', 'YubiKey on my keyring');
    await tab.fill('#security-key-password', PASSWORD);
    await tab.click('#security-key-add-button');
    await tab.locator('#security-key-add-result').waitFor({ timeout: 30_000 });
    expect(await tab.locator('#security-keys-list li .slot-name').allTextContents()).toEqual([
      'Master password (always kept)',
      'YubiKey on my keyring',
    ]);
    await tab.locator('#security-keys').screenshot({ path: `${OUT}/options-security-keys.png` });

    await tab.evaluate(() => chrome.runtime.sendMessage({ type: 'vault-lock' }));
    await tab.setViewportSize({ width: 360, height: 560 });
    await tab.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await tab.locator('#unlock-key').waitFor();
    await tab.screenshot({ path: `${OUT}/popup-unlock-key.png` });
    await tab.click('#unlock-key');
    await tab.locator('#accounts').waitFor({ timeout: 30_000 });
    await tab.close();
  });
});
