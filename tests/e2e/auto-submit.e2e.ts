import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_USER, type Site, startSite, type Variant } from '../site/server';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { changeSettings } from './hostile-harness';
import { addByUri, createVault, openPopup } from './popup-driver';
import { OFFER_FRAME, offerDocument, passwordStep } from './site-flow';

/*
 * docs/auto-fill.md end to end: "Fill by itself when exactly one account matches" and "Submit the form after filling"
 * both on. The test sites count every attempt themselves (they check codes with `otpauth`, never lib/).
 *
 * - `wrong`: a site whose only account in Twofold has another secret than the site's user (a wrong account, a key
 *   the site reset): the site must see exactly ONE attempt, however often its code step comes back.
 * - `good`: a site whose account is right: framework-rendered code steps (Preact, React, Vue, an Angular-style model)
 *   must accept the automatic submit, and an enrolment step must never be filled by itself.
 */
let browser: ExtensionBrowser;
let wrong: Site;
let good: Site;

/** Another secret than DEFAULT_USER's: the site refuses every code of it. */
const OTHER_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

beforeAll(async () => {
  [browser, wrong, good] = await Promise.all([launchWithExtension(), startSite(), startSite()]);
  const popup = await openPopup(browser);
  await createVault(popup);
  await addByUri(popup, `otpauth://totp/Wrong%20Site:alice?secret=${OTHER_SECRET}&issuer=Wrong%20Site`, wrong.origin);
  await addByUri(
    popup,
    `otpauth://totp/Twofold%20Test%20Site:alice?secret=${DEFAULT_USER.secret}&issuer=Twofold%20Test%20Site`,
    good.origin,
  );
  await popup.close();
  await changeSettings(browser, { fillMode: 'auto-single', submitAfterFill: true });
}, 120_000);
afterAll(async () => {
  await Promise.all([browser?.close(), wrong?.close(), good?.close()]);
});

const count = (site: Site, type: string) => site.events.filter((e) => e.type === type).length;

async function signedIn(page: Page): Promise<string> {
  await page.waitForURL(/\/welcome/, { timeout: 15_000 });
  return (await page.locator('#welcome').textContent()) ?? '';
}

describe('finding 1: a refused automatic submit is never repeated', () => {
  it('wrong account: the site sees one attempt across reloads of the code step, and the offer says whose code it refused', async () => {
    const page = await browser.context.newPage();
    await passwordStep(page, wrong.origin, 'plain');
    await expect.poll(() => count(wrong, 'otp-fail'), { timeout: 10_000 }).toBe(1);
    const firstAt = Date.now();
    // The site re-rendered the step with its error; the person (or the page) loads it again, also after the 30 s
    // that the per-tab interval of automatic fills covers (docs/architecture.md attack 7).
    await page.locator('#error').waitFor();
    await page.goto(`${wrong.origin}/2fa?variant=plain`);
    await page.waitForTimeout(2500);
    await page.waitForTimeout(Math.max(0, 31_000 - (Date.now() - firstAt)));
    await page.goto(`${wrong.origin}/2fa?variant=plain`);
    await page.waitForTimeout(3000);
    expect(count(wrong, 'otp-fail')).toBe(1);
    // Beside the field, in the offer frame (not in the page): which account's code was refused, and why that may be.
    // It opened by itself (no click): its heading names the account whose code was refused.
    const inner = await offerDocument(page);
    await expect
      .poll(async () => (await inner.locator('.menu:not([hidden]) #heading').textContent()) ?? '', { timeout: 10_000 })
      .toBe('The site refused the code of Wrong Site (alice)');
    await expect(inner.locator('#note').textContent()).resolves.toContain('clock');
    await expect.poll(() => page.locator('#code').inputValue()).toBe('');
    await page.close();
  }, 90_000);

  it('the `late` variant with the wrong account: one attempt, and the error next to the field shows the notice', async () => {
    const page = await browser.context.newPage();
    await passwordStep(page, wrong.origin, 'late');
    await expect
      .poll(() => wrong.events.filter((e) => e.variant === 'late' && e.type === 'otp-fail').length, {
        timeout: 10_000,
      })
      .toBe(1);
    const inner = await offerDocument(page);
    await expect
      .poll(async () => (await inner.locator('.menu:not([hidden]) #heading').textContent()) ?? '', { timeout: 10_000 })
      .toBe('The site refused the code of Wrong Site (alice)');
    await page.close();
  }, 60_000);
});

describe('finding 2: the automatic submit waits until the framework has the value', () => {
  for (const variant of ['late', 'react', 'vue', 'model'] as const satisfies readonly Variant[]) {
    it(`${variant}: filled and submitted by itself, the site accepts the code`, async () => {
      const page = await browser.context.newPage();
      await passwordStep(page, good.origin, variant);
      expect(await signedIn(page)).toBe('Signed in as alice');
      expect(good.events.filter((e) => e.variant === variant).map((e) => e.type)).toEqual(['login', 'otp-ok']);
      await page.close();
    }, 60_000);
  }
});

describe('never by itself on an enrolment step', () => {
  it('/enrol with both options on: no fill, no enrol-fail', async () => {
    const signIn = await browser.context.newPage();
    await passwordStep(signIn, good.origin, 'autocomplete');
    expect(await signedIn(signIn)).toBe('Signed in as alice');
    await signIn.close();
    // Another tab: the per-tab interval of the sign-in's automatic fill does not hide the enrolment check.
    const page = await browser.context.newPage();
    await page.goto(`${good.origin}/enrol`);
    await page.locator('#enrol-code').waitFor();
    await page.locator(OFFER_FRAME).first().waitFor({ state: 'attached', timeout: 10_000 });
    await page.waitForTimeout(3000);
    expect(count(good, 'enrol-fail')).toBe(0);
    await expect(page.locator('#enrol-code').inputValue()).resolves.toBe('');
    await page.close();
  }, 60_000);
});
