import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_USER, type Site, startSite } from '../site/server';
import { FIREFOX_BUILD, sleep, until } from './firefox';
import { PASSWORD } from './popup-driver';
import { clickOfferFirefox } from './site-flow';
import {
  accounts,
  addAccount,
  createProfileVault,
  type FirefoxProfile,
  hotpNext,
  launchFirefoxProfile,
  markRecoveryCodeUsed,
  updateAccount,
  withConnectSrc,
} from './sync-harness';

/*
 * "Off by default, and then silent" (docs/sync-format.md "Goals"), in Firefox ESR (MV2 build): with sync off, a whole journey (setup,
 * accounts of every kind, a fill on the test site, a backup, lock and unlock) sends no request from the extension
 * through the recording proxy every Firefox request goes through (tests/e2e/net-recorder.ts). The CSP's connect-src
 * is opened to what a build with sync allows, so that the record shows what the code tries, not what the CSP lets
 * through (see no-network.e2e.ts). The recorder is proved by a request from the background page it must see.
 */
let profile: FirefoxProfile;
let site: Site;
const build = withConnectSrc(FIREFOX_BUILD, 'https: http://127.0.0.1:* http://localhost:*');

beforeAll(async () => {
  [profile, site] = await Promise.all([launchFirefoxProfile('Firefox', build.dir), startSite()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([profile?.close(), site?.close()]);
  build.remove();
});

describe('with sync off, the extension makes no network request (Firefox)', () => {
  it('a whole journey records zero requests from the extension, and the site’s own requests as the page’s', {
    timeout: 240_000,
  }, async () => {
    await createProfileVault(profile);
    const site2fa = await addAccount(
      profile,
      `otpauth://totp/Twofold%20Test%20Site:alice?secret=${DEFAULT_USER.secret}&issuer=Twofold%20Test%20Site`,
      { sites: [site.origin] },
    );
    const bank = await addAccount(profile, 'otpauth://hotp/Bank:alice?secret=JBSWY3DPEHPK3PXP&issuer=Bank&counter=7');
    await updateAccount(profile, site2fa.id, { recoveryCodes: [{ code: 'kq7m-x2pd' }, { code: 't9vn-h4rc' }] });
    await markRecoveryCodeUsed(profile, 'Twofold Test Site', 'kq7m-x2pd');
    expect((await hotpNext(profile, bank.id)).code).toMatch(/^\d{6}$/);

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
    const backup = await profile.send<{ accounts: number }>({
      type: 'backup-create',
      password: 'backup password 1',
      masterPassword: PASSWORD,
    });
    expect(backup.accounts).toBe(2);
    await profile.send({ type: 'vault-lock' });
    await profile.send({ type: 'vault-unlock', password: PASSWORD });
    expect(await accounts(profile)).toHaveLength(2);

    await sleep(2000);
    expect(profile.recorder.fromExtension()).toEqual([]);
    const sitePages = profile.recorder.all().filter((r) => r.url.startsWith(site.origin));
    expect(sitePages.length).toBeGreaterThan(2);
    expect(sitePages.every((r) => r.source === 'page')).toBe(true);
  });

  it('positive control: the recorder sees a request from the background page and from an extension page', async () => {
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
