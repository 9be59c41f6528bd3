/*
 * `npm run screenshots`: regenerates the README's pictures from the built extension and the test site
 * (run `npm run build` first). Pictures go to docs/screenshots/.
 */
import { startSite } from '../tests/site/server';
import { launchWithExtension } from '../tests/e2e/browser';
import { passwordStep } from '../tests/e2e/site-flow';

const [browser, site] = await Promise.all([launchWithExtension(), startSite()]);
try {
  const popup = await browser.openExtensionPage('popup.html');
  await popup.setViewportSize({ width: 360, height: 420 });
  await popup.fill('#key-input', 'otpauth://totp/Twofold%20Test%20Site:alice?secret=TWOFOLDTESTSITEALICESECRET234567&issuer=Twofold%20Test%20Site');
  await popup.locator('[data-code]').waitFor();
  await popup.screenshot({ path: 'docs/screenshots/popup-key-preview.png' });

  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 900, height: 560 });
  await passwordStep(page, site.origin, 'segmented');
  await page.screenshot({ path: 'docs/screenshots/test-site-segmented.png' });
  await page.goto(site.origin);
  await page.screenshot({ path: 'docs/screenshots/test-site-index.png', fullPage: false });
  console.log('docs/screenshots/ updated');
} finally {
  await Promise.all([browser.close(), site.close()]);
}
