/// <reference types="chrome" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_USER, type Site, startSite } from '../site/server';
import { CHROME_BUILD } from './browser';
import { PASSWORD, unlock } from './popup-driver';
import { clickOffer, passwordStep } from './site-flow';
import {
  accounts,
  addAccount,
  type ChromiumProfile,
  createProfileVault,
  hotpNext,
  launchChromiumProfile,
  markRecoveryCodeUsed,
  updateAccount,
  withConnectSrc,
} from './sync-harness';

/*
 * "Off by default, and then silent" (docs/sync-format.md "Goals"). With sync off, a whole journey in
 * Chromium (setup, accounts of every kind, a fill on the test site, a backup, lock and unlock) makes no network
 * request from the extension: not from its service worker, its pages, its frame inside the site, nor its content
 * scripts. The test site's own requests are recorded too, and told apart. The recorder is proved by requests it
 * must see.
 */
let profile: ChromiumProfile;
let site: Site;
/*
 * The build with its CSP's connect-src opened to what a build with sync allows (docs/sync-format.md "Network,
 * permissions and CSP"): a request the CSP refuses never reaches the network stack, so with `'none'` a recorder would
 * see nothing whatever the code tried. Opened, the record shows every request the code makes.
 */
const build = withConnectSrc(CHROME_BUILD, 'https: http://127.0.0.1:* http://localhost:*');

beforeAll(async () => {
  [profile, site] = await Promise.all([launchChromiumProfile('Chrome', build.dir), startSite()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([profile?.close(), site?.close()]);
  build.remove();
});

const RECOVERY = ['kq7m-x2pd', 't9vn-h4rc', 'b3zw-m8fj'];

describe('with sync off, the extension makes no network request (Chromium)', () => {
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
    await updateAccount(profile, site2fa.id, { recoveryCodes: RECOVERY.map((code) => ({ code })) });
    await markRecoveryCodeUsed(profile, 'Twofold Test Site', RECOVERY[0] as string);
    expect((await hotpNext(profile, bank.id)).code).toMatch(/^\d{6}$/);

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
    const backup = await profile.send<{ accounts: number }>({
      type: 'backup-create',
      password: 'backup password 1',
      masterPassword: PASSWORD,
    });
    expect(backup.accounts).toBe(2);
    await profile.send({ type: 'vault-lock' });
    const popup = await profile.openExtensionPage('popup.html');
    await unlock(popup);
    await popup.locator('#accounts').waitFor();
    await popup.close();
    expect(await accounts(profile)).toHaveLength(2);

    // Let anything the journey queued (an alarm, a debounce) run before reading the record.
    await new Promise((r) => setTimeout(r, 2000));
    expect(profile.recorder.fromExtension()).toEqual([]);
    const sitePages = profile.recorder.all().filter((r) => r.url.startsWith(site.origin));
    expect(sitePages.length).toBeGreaterThan(2);
    expect(sitePages.every((r) => r.source === 'page')).toBe(true);
  });

  it('positive control: the recorder sees a request from the service worker and from an extension page', async () => {
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
