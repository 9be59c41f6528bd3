import { afterAll, beforeAll, expect } from 'vitest';
import { DEFAULT_USER, type Site, startSite } from '../site/server';
import { PASSWORD } from './popup-driver';
import {
  accounts,
  addAccount,
  createProfileVault,
  hotpNext,
  markRecoveryCodeUsed,
  type Profile,
  updateAccount,
  withConnectSrc,
} from './sync-harness';

/*
 * The journey of the "no request with sync off" tests (no-network.e2e.ts in Chromium, no-network-firefox.e2e.ts in
 * Firefox; docs/sync-format.md "Goals"): the parts both browsers run alike. Each file drives the fill on the test site
 * and the unlock its own browser's way.
 */

/**
 * A profile of the build with its CSP's connect-src opened to what a build with sync allows (docs/sync-format.md
 * "Network, permissions and CSP"): a request the CSP refuses never reaches the network stack, so with `'none'` a
 * recorder would see nothing whatever the code tried. Opened, the record shows every request the code makes. The
 * profile and the test site start before the file's tests and stop after.
 */
export function journeySetup<P extends Profile>(
  buildDir: string,
  launch: (extensionDir: string) => Promise<P>,
): { profile: P; site: Site } {
  const build = withConnectSrc(buildDir, 'https: http://127.0.0.1:* http://localhost:*');
  const env = {} as { profile: P; site: Site };
  beforeAll(async () => {
    [env.profile, env.site] = await Promise.all([launch(build.dir), startSite()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([env.profile?.close(), env.site?.close()]);
    build.remove();
  });
  return env;
}

const RECOVERY = ['kq7m-x2pd', 't9vn-h4rc', 'b3zw-m8fj'];

/**
 * A vault with accounts of every kind: a TOTP for the test site with recovery codes (one marked used), and an HOTP
 * whose next code is counted.
 */
export async function addJourneyAccounts(profile: Profile, siteOrigin: string): Promise<void> {
  await createProfileVault(profile);
  const site2fa = await addAccount(
    profile,
    `otpauth://totp/Twofold%20Test%20Site:alice?secret=${DEFAULT_USER.secret}&issuer=Twofold%20Test%20Site`,
    { sites: [siteOrigin] },
  );
  const bank = await addAccount(profile, 'otpauth://hotp/Bank:alice?secret=JBSWY3DPEHPK3PXP&issuer=Bank&counter=7');
  await updateAccount(profile, site2fa.id, { recoveryCodes: RECOVERY.map((code) => ({ code })) });
  await markRecoveryCodeUsed(profile, 'Twofold Test Site', RECOVERY[0] as string);
  expect((await hotpNext(profile, bank.id)).code).toMatch(/^\d{6}$/);
}

/** A backup of both accounts, then the vault locked (each browser unlocks its own way). */
export async function backupAndLock(profile: Profile): Promise<void> {
  const backup = await profile.send<{ accounts: number }>({
    type: 'backup-create',
    password: 'backup password 1',
    masterPassword: PASSWORD,
  });
  expect(backup.accounts).toBe(2);
  await profile.send({ type: 'vault-lock' });
}

/**
 * The journey's end: both accounts there, then (once anything the journey queued, an alarm or a debounce, has run)
 * no request from the extension in the record, and the test site's own requests recorded as the page's.
 */
export async function expectNoRequestFromExtension(profile: Profile, siteOrigin: string): Promise<void> {
  expect(await accounts(profile)).toHaveLength(2);
  await new Promise((r) => setTimeout(r, 2000));
  expect(profile.recorder.fromExtension()).toEqual([]);
  const sitePages = profile.recorder.all().filter((r) => r.url.startsWith(siteOrigin));
  expect(sitePages.length).toBeGreaterThan(2);
  expect(sitePages.every((r) => r.source === 'page')).toBe(true);
}
