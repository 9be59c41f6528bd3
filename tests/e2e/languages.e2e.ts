import { afterEach, describe, expect, it } from 'vitest';
import { readLocale } from '../../scripts/locales';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { addByUri, createVault, PASSWORD } from './popup-driver';

/*
 * The extension speaks the browser's language (docs/i18n.md): Chromium started in German or Polish shows the popup, its
 * <html lang>, the options page and the errors from that language's catalog, and a counted message with a
 * substitution (through the build's placeholders) is filled in.
 */
let browser: ExtensionBrowser | undefined;

async function unlockAndAdd(popup: import('playwright-core').Page): Promise<void> {
  await popup.fill('#password', PASSWORD);
  await popup.click('#unlock button[type=submit]');
  await addByUri(popup, 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub');
}
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

describe('the browser’s language', () => {
  for (const lang of ['de', 'pl']) {
    it(`${lang}: the popup, a refused password and the options page are in ${lang}`, async () => {
      const { messages } = readLocale(process.cwd(), lang);
      browser = await launchWithExtension(undefined, lang);
      expect(await browser.worker.evaluate(() => chrome.i18n.getUILanguage())).toMatch(new RegExp(`^${lang}`));

      const popup = await browser.openExtensionPage('popup.html');
      await popup.locator('#setup').waitFor();
      expect(await popup.evaluate(() => document.documentElement.lang)).toMatch(new RegExp(`^${lang}`));
      expect(await popup.locator('label[for="new-password"]').textContent()).toContain(
        messages.add_master_password_label,
      );
      expect(await popup.locator('#setup button[type=submit]').textContent()).toBe(messages.add_setup_create_button);
      if (lang === 'de') {
        await popup.setViewportSize({ width: 360, height: 480 });
        await popup.screenshot({ path: 'docs/screenshots/popup-setup-de.png' });
      }

      await createVault(popup);
      await popup.click('#lock');
      await popup.locator('#unlock').waitFor();
      await popup.fill('#password', 'not the password');
      await popup.click('#unlock button[type=submit]');
      // The background's refusal travels as a Text and is shown in the page's language.
      const alert = popup.locator('#unlock [role=alert]');
      await alert.waitFor();
      const said = (await alert.textContent()) ?? '';
      const wrong = Object.entries(messages)
        .filter(([k]) => k.includes('wrong_password'))
        .map(([, v]) => v);
      expect(wrong.length).toBeGreaterThan(0);
      expect(wrong.some((m) => said.includes(m))).toBe(true);

      // A counted message with a substitution: the time left of a live code, in this language's words.
      await unlockAndAdd(popup);
      const spoken = (await popup.locator('li.account .timer .visually-hidden').first().textContent()) ?? '';
      const forms = Object.entries(messages).filter(([k]) => k.startsWith('common_seconds_left_'));
      expect(
        forms.some(([, m]) => new RegExp(`^${m.replace('$1', '\\d+')}$`).test(spoken.trim())),
        spoken,
      ).toBe(true);

      const options = await browser.openExtensionPage('options.html');
      await options.locator('main').waitFor();
      expect(await options.title()).toBe(messages.options_page_title);
    });
  }
});

/*
 * The other languages take the shorter path: the browser's language reaches the popup and the options page
 * through the built _locales folder (pt-BR and zh-CN as pt_BR and zh_CN). The refused password and the counted
 * message above prove the machinery for one/other (German) and one/few/many/other (Polish); each launch here costs
 * a browser start, not three key derivations.
 */
describe('every other language', () => {
  for (const lang of ['fr', 'es', 'it', 'nl', 'pt-BR', 'ja', 'zh-CN']) {
    it(`${lang}: the popup and the options page are in ${lang}`, async () => {
      const { messages } = readLocale(process.cwd(), lang);
      browser = await launchWithExtension(undefined, lang);
      expect(await browser.worker.evaluate(() => chrome.i18n.getUILanguage())).toMatch(new RegExp(`^${lang}`));
      const popup = await browser.openExtensionPage('popup.html');
      await popup.locator('#setup').waitFor();
      expect(await popup.evaluate(() => document.documentElement.lang)).toMatch(new RegExp(`^${lang}`));
      expect(await popup.locator('label[for="new-password"]').textContent()).toContain(
        messages.add_master_password_label,
      );
      expect(await popup.locator('#setup button[type=submit]').textContent()).toBe(messages.add_setup_create_button);
      // Before any vault exists the options page has no sections yet, but its title is already localized.
      const options = await browser.openExtensionPage('options.html');
      await expect.poll(() => options.title()).toBe(messages.options_page_title);
    });
  }
});
