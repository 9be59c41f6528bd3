/*
 * `npm run screenshots`: regenerates the README's pictures from the built extension and the test site
 * (run `npm run build` first). Pictures go to docs/screenshots/.
 */
import { launchWithExtension } from '../tests/e2e/browser';
import {
  addByUri,
  createVault,
  openPopup,
  openPopupForTab,
  pressToolbarButton,
  unlock,
} from '../tests/e2e/popup-driver';
import { passwordStep } from '../tests/e2e/site-flow';
import { startSite } from '../tests/site/server';

const [browser, site] = await Promise.all([launchWithExtension(), startSite()]);
try {
  const popup = await openPopup(browser);
  await popup.setViewportSize({ width: 360, height: 480 });
  await createVault(popup);
  await addByUri(popup, 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub', 'github.com');
  await addByUri(
    popup,
    'otpauth://totp/Twofold%20Test%20Site:alice?secret=TWOFOLDTESTSITEALICESECRET234567&issuer=Twofold%20Test%20Site',
  );
  await addByUri(
    popup,
    'otpauth://hotp/Example%20Bank:carol?secret=KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TFOQ&issuer=Example%20Bank&counter=0',
  );
  await popup.locator('li.account button.code[data-code]').first().waitFor();
  await popup.screenshot({ path: 'docs/screenshots/popup-accounts.png' });
  await popup.click('#add');
  await popup.fill(
    '#add-uri',
    'otpauth://totp/ACME%20Co:john@example.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=45',
  );
  await popup.screenshot({ path: 'docs/screenshots/popup-add.png' });
  await popup.click('#back');
  await popup.click('#lock');
  await popup.locator('#unlock').waitFor();
  await popup.screenshot({ path: 'docs/screenshots/popup-unlock.png' });

  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 900, height: 560 });
  await passwordStep(page, site.origin, 'segmented');
  await page.screenshot({ path: 'docs/screenshots/test-site-segmented.png' });

  // Enrolment: the test site's "set up two-factor" page, scanned from the toolbar.
  const enrol = await browser.context.newPage();
  await enrol.setViewportSize({ width: 900, height: 640 });
  await enrol.goto(`${site.origin}/signup`);
  await enrol.fill('input[name=username]', 'dana');
  await enrol.fill('input[name=password]', 'correct horse');
  await Promise.all([enrol.waitForURL(/\/enrol/), enrol.click('button[type=submit]')]);
  await enrol.screenshot({ path: 'docs/screenshots/test-site-enrol.png' });
  const tabId = await pressToolbarButton(browser, enrol);
  const scan = await openPopupForTab(browser, tabId);
  await scan.setViewportSize({ width: 360, height: 480 });
  await unlock(scan); // locked above for the unlock screenshot
  await scan.click('#scan');
  await scan.locator('#scan-accounts').waitFor({ timeout: 20_000 });
  await scan.screenshot({ path: 'docs/screenshots/popup-scan.png' });
  await scan.click('#scan-confirm');
  await scan.locator('#first-codes .code-digits').waitFor();
  await scan.screenshot({ path: 'docs/screenshots/popup-first-code.png' });

  // The options page: the restore preview of a backup, and an import under review.
  const options = await browser.openExtensionPage('options.html');
  await options.setViewportSize({ width: 900, height: 900 });
  await options.locator('#backup-form').waitFor();
  await options.screenshot({ path: 'docs/screenshots/options-backup.png' });
  const list = [
    'otpauth://totp/Mastodon:dana@example.social?secret=MFRGGZDFMZTWQ2LK&issuer=Mastodon',
    'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub',
    'otpauth://yandex/Yandex:dana?secret=MFRGGZDFMZTWQ2LKNNWG23TP',
  ].join('\n');
  await options.setInputFiles('#import-file', {
    name: 'aegis-export.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(list),
  });
  await options.locator('#import-format').waitFor();
  await options.click('#import-read');
  await options.locator('#scan-accounts').waitFor();
  await options.locator('#import').screenshot({ path: 'docs/screenshots/options-import.png' });
  console.log('docs/screenshots/ updated');
} finally {
  await Promise.all([browser.close(), site.close()]);
}
