import { describe, expect, it } from 'vitest';
import { DEFAULT_USER } from '../site/server';
import { FIREFOX_BUILD, until } from './firefox';
import { addJourneyAccounts, backupAndLock, expectNoRequestFromExtension, journeySetup } from './no-network-journey';
import { PASSWORD } from './popup-driver';
import { clickOfferFirefox } from './site-flow';
import { launchFirefoxProfile } from './sync-harness';

/*
 * "Off by default, and then silent" (docs/sync-format.md "Goals"), in Firefox ESR (MV2 build): with sync off, a whole journey (setup,
 * accounts of every kind, a fill on the test site, a backup, lock and unlock) sends no request from the extension
 * through the recording proxy every Firefox request goes through (tests/e2e/net-recorder.ts). The CSP's connect-src
 * is opened to what a build with sync allows, so that the record shows what the code tries, not what the CSP lets
 * through (see no-network.e2e.ts). The recorder is proved by a request from the background page it must see.
 */
const env = journeySetup(FIREFOX_BUILD, (dir) => launchFirefoxProfile('Firefox', dir));

describe('with sync off, the extension makes no network request (Firefox)', () => {
  it('a whole journey records zero requests from the extension, and the site’s own requests as the page’s', {
    timeout: 240_000,
  }, async () => {
    const { profile, site } = env;
    await addJourneyAccounts(profile, site.origin);

    // A fill on the test site, through the offer inside the page.
    const tab = await profile.newWebPage();
    await tab.goto(`${site.origin}/login?variant=plain`);
    await tab.type('input[name=username]', DEFAULT_USER.username);
    await tab.type('input[name=password]', DEFAULT_USER.password);
    await Promise.all([tab.waitForNavigation(), tab.click('button[type=submit]')]);
    await tab.bringToFront();
    await clickOfferFirefox(tab);
    await tab.keyboard.press('Enter');
    const path = () => tab.evaluate(() => location.pathname);
    await until(
      'the code filled or accepted',
      async () =>
        (await path()) === '/welcome' ||
        /^\d{6}$/.test(await tab.$eval('#code', (e) => (e as HTMLInputElement).value).catch(() => '')),
    );
    if ((await path()) !== '/welcome')
      await Promise.all([tab.waitForNavigation(), tab.click('#code ~ button[type=submit]')]);
    await until('the welcome page', async () => (await path()) === '/welcome');
    expect(site.events.some((e) => e.type === 'otp-ok')).toBe(true);
    await tab.close();

    // A backup, then lock and unlock.
    await backupAndLock(profile);
    await profile.send({ type: 'vault-unlock', password: PASSWORD });
    await expectNoRequestFromExtension(profile, site.origin);
  });

  it('positive control: the recorder sees a request from the background page and from an extension page', async () => {
    const { profile, site } = env;
    profile.recorder.reset();
    const fromBackground = `${site.origin}/recorder-control-background`;
    const fromPage = `${site.origin}/recorder-control-page`;
    await profile.ff.welcome.evaluate(
      async (bg, page) => {
        // MV2: the background page's own window, so the request is made in (and by) the background.
        const { browser } = globalThis as unknown as {
          browser: { extension: { getBackgroundPage(): Promise<Window> } };
        };
        const background = await browser.extension.getBackgroundPage();
        await Promise.all([
          background.fetch(bg, { mode: 'no-cors' }).catch(() => undefined),
          fetch(page, { mode: 'no-cors' }).catch(() => undefined),
        ]);
      },
      fromBackground,
      fromPage,
    );
    await until('both requests recorded', async () => profile.recorder.fromExtension().length >= 2);
    expect(
      profile.recorder
        .fromExtension()
        .map((r) => r.url)
        .sort(),
    ).toEqual([fromBackground, fromPage]);
  });
});
