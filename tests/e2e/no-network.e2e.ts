/// <reference types="chrome" />
import { describe, expect, it } from 'vitest';
import { CHROME_BUILD } from './browser';
import { addJourneyAccounts, backupAndLock, expectNoRequestFromExtension, journeySetup } from './no-network-journey';
import { unlock } from './popup-driver';
import { clickOffer, passwordStep } from './site-flow';
import { launchChromiumProfile } from './sync-harness';

/*
 * "Off by default, and then silent" (docs/sync-format.md "Goals"). With sync off, a whole journey in
 * Chromium (setup, accounts of every kind, a fill on the test site, a backup, lock and unlock) makes no network
 * request from the extension: not from its service worker, its pages, its frame inside the site, nor its content
 * scripts. The test site's own requests are recorded too, and told apart. The recorder is proved by requests it
 * must see.
 */
const env = journeySetup(CHROME_BUILD, (dir) => launchChromiumProfile('Chrome', dir));

describe('with sync off, the extension makes no network request (Chromium)', () => {
  it('a whole journey records zero requests from the extension, and the site’s own requests as the page’s', {
    timeout: 240_000,
  }, async () => {
    const { profile, site } = env;
    await addJourneyAccounts(profile, site.origin);

    // A fill on the test site, through the offer inside the page (the extension's frame and content scripts).
    const page = await profile.context.newPage();
    await passwordStep(page, site.origin, 'plain');
    await clickOffer(page);
    await page.waitForTimeout(150); // the menu asks the background for codes first
    await page.keyboard.press('Enter');
    // Filled (and submitted, when the fill mode submits): the site accepts the code either way.
    await expect
      .poll(
        async () =>
          page.url().includes('/welcome') ||
          /^\d{6}$/.test(
            await page
              .locator('#code')
              .inputValue({ timeout: 500 })
              .catch(() => ''),
          ),
        { timeout: 10_000 },
      )
      .toBe(true);
    if (!page.url().includes('/welcome')) await page.locator('#code').press('Enter');
    await page.waitForURL(/\/welcome/);
    expect(site.events.some((e) => e.type === 'otp-ok')).toBe(true);
    await page.close();

    // A backup, then lock and unlock through the popup.
    await backupAndLock(profile);
    const popup = await profile.openExtensionPage('popup.html');
    await unlock(popup);
    await popup.locator('#accounts').waitFor();
    await popup.close();
    await expectNoRequestFromExtension(profile, site.origin);
  });

  it('positive control: the recorder sees a request from the service worker and from an extension page', async () => {
    const { profile, site } = env;
    profile.recorder.reset();
    const fromWorker = `${site.origin}/recorder-control-worker`;
    const fromPage = `${site.origin}/recorder-control-page`;
    const worker = profile.context.serviceWorkers().find((w) => w.url().startsWith(profile.extensionOrigin));
    if (!worker) throw new Error('no service worker');
    await Promise.all([
      worker.evaluate(
        (u) =>
          fetch(u, { mode: 'no-cors' }).then(
            () => 'fetched',
            () => 'refused',
          ),
        fromWorker,
      ),
      profile.page.evaluate(
        (u) =>
          fetch(u, { mode: 'no-cors' }).then(
            () => 'fetched',
            () => 'refused',
          ),
        fromPage,
      ),
    ]);
    await expect
      .poll(() =>
        profile.recorder
          .fromExtension()
          .map((r) => r.url)
          .sort(),
      )
      .toEqual([fromPage, fromWorker]);
    for (const r of profile.recorder.fromExtension()) expect(r.by.startsWith(profile.extensionOrigin)).toBe(true);
  });
});
