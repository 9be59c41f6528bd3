import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBase32 } from '../../lib/encoding/base32';
import { type FaultProxy, startFaultProxy } from '../webdav/fault-proxy';
import { startWebDav, type WebDav } from '../webdav/server';
import { CHROME_BUILD } from './browser';
import { FIREFOX_BUILD } from './firefox';
import {
  accountNamed,
  accounts,
  addAccount,
  type ChromiumProfile,
  comparableExport,
  createProfileVault,
  type FirefoxProfile,
  type Gate,
  hotpNext,
  launchChromiumProfile,
  launchFirefoxProfile,
  markRecoveryCodeUsed,
  messageText,
  type Profile,
  type SyncStatus,
  startGate,
  syncJoin,
  syncNow,
  syncStart,
  updateAccount,
  type WebDavEngine,
  withHostGrant,
} from './sync-harness';

/*
 * The end-to-end scenario (docs/sync-format.md "Worked example"): two Chromium profiles and one Firefox
 * profile sync through one real Apache (tests/webdav/server.ts) behind the fault proxy, each through a gate of its
 * own that takes it offline. Sync is turned on with the messages the options page's sync panel sends
 * (lib/messaging/requests/sync.ts), so the test does not depend on the panel's markup. While apart each makes the
 * worked example's changes; then all sync, twice around; the three exports are identical, no HOTP code is shown twice
 * after they met, every request went to the configured origin only, and the server's files hold no secret, name or
 * issuer in any encoding. Then the failures, end to end through the fault proxy, each with its own message and the
 * vault checked afterwards.
 *
 * The builds are copies whose manifest grants http://127.0.0.1/* at install (sync-harness.ts `withHostGrant`): the
 * permission dialog the options page raises is browser chrome a test cannot click.
 */

const GITHUB_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const BANK_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const MAIL_SECRET = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';
const FORUM_SECRET = 'ORSXG5DJNZTWC3DMN5XGKZLYMFWXA3DF';
const RECOVERY = ['r1-alpha-7k2m', 'r2-bravo-9x4p', 'r3-charlie-3v8n', 'r4-delta-6q1w'];
const BANK_COUNTER = 7;

let dav: WebDav;
let proxy: FaultProxy;
const gates: Gate[] = [];
let c1: ChromiumProfile;
let c2: ChromiumProfile;
let fx: FirefoxProfile;
const engines = new Map<Profile, WebDavEngine>();
const grants = [
  withHostGrant(CHROME_BUILD, ['http://127.0.0.1/*']),
  withHostGrant(FIREFOX_BUILD, ['http://127.0.0.1/*']),
];
const all = () => [c1, c2, fx];

beforeAll(async () => {
  dav = await startWebDav();
  proxy = await startFaultProxy(dav.origin);
  const proxyPort = Number(new URL(proxy.origin).port);
  for (let i = 0; i < 3; i++) gates.push(await startGate(proxyPort));
  [c1, c2, fx] = await Promise.all([
    launchChromiumProfile('Chrome 1', grants[0]?.dir),
    launchChromiumProfile('Chrome 2', grants[0]?.dir),
    launchFirefoxProfile('Firefox', grants[1]?.dir),
  ]);
  all().forEach((p, i) => {
    const gate = gates[i] as Gate;
    engines.set(p, { kind: 'webdav', url: `${gate.origin}/dav/`, user: dav.user, password: dav.password });
  });
  for (const p of all()) await createProfileVault(p);
}, 180_000);
afterAll(async () => {
  await Promise.all([c1?.close(), c2?.close(), fx?.close()]);
  await Promise.all(gates.map((g) => g.close()));
  await proxy?.close();
  await dav?.close();
  for (const g of grants) g.remove();
});

const engine = (p: Profile) => engines.get(p) as WebDavEngine;
const gateOf = (p: Profile) => gates[(all() as Profile[]).indexOf(p)] as Gate;
const tick = () => new Promise((r) => setTimeout(r, 30)); // wall-clock order between devices' edits
const names = async (p: Profile) => (await accounts(p)).map((a) => a.issuer).sort();

async function syncedNow(p: Profile): Promise<SyncStatus> {
  const status = await syncNow(p);
  expect(status.phase, `${p.name}: ${messageText(status.message)}`).toBe('synced');
  return status;
}

/** Twice around: every device then holds what every other wrote. */
async function syncAll(): Promise<void> {
  for (let round = 0; round < 2; round++) for (const p of all()) await syncedNow(p);
}

/** Every file Apache holds for the folder, with its bytes. */
function serverFiles(dir: string): { path: string; bytes: Buffer }[] {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...serverFiles(path));
    else out.push({ path, bytes: readFileSync(path) });
  }
  return out;
}

/** The ways a secret could be written down: base32 (as typed, and lower case), raw bytes, hex, base64 at every alignment. */
function encodings(base32: string): Buffer[] {
  const raw = Buffer.from(decodeBase32(base32));
  const forms = [Buffer.from(base32), Buffer.from(base32.toLowerCase()), raw, Buffer.from(raw.toString('hex'))];
  forms.push(Buffer.from(raw.toString('hex').toUpperCase()));
  for (let shift = 0; shift < 3; shift++) {
    // The inner characters of the secret's base64 whatever bytes precede it in a larger encoded blob.
    const padded = Buffer.concat([Buffer.alloc(shift), raw]);
    for (const enc of ['base64', 'base64url'] as const) {
      const text = padded.toString(enc).replace(/=+$/, '');
      forms.push(Buffer.from(text.slice(Math.ceil((shift * 4) / 3) + 1, -2)));
    }
  }
  return forms;
}

describe('three browsers, one WebDAV folder (issue 20 "Tests")', () => {
  it('the first browser turns sync on; the others join and receive its accounts', { timeout: 300_000 }, async () => {
    await addAccount(c1, `otpauth://totp/GitHub:octo?secret=${GITHUB_SECRET}&issuer=GitHub`, {
      sites: ['https://github.com'],
    });
    const bank = await addAccount(
      c1,
      `otpauth://hotp/Bank:alice?secret=${BANK_SECRET}&issuer=Bank&counter=${BANK_COUNTER}`,
    );
    await updateAccount(c1, bank.id, { recoveryCodes: RECOVERY.map((code) => ({ code })) });
    await addAccount(c1, `otpauth://totp/Mail:alice%40example.org?secret=${MAIL_SECRET}&issuer=Mail`);

    await syncStart(c1, engine(c1));
    expect((await syncedNow(c1)).devices).toEqual([{ name: 'Chrome 1', self: true }]);
    for (const p of [c2, fx]) {
      const preview = await syncJoin(p, engine(p));
      expect(preview).toMatchObject({ added: 3, combined: 0, kept: 0 });
    }
    await syncAll();
    for (const p of all()) expect(await names(p)).toEqual(['Bank', 'GitHub', 'Mail']);
    expect((await syncNow(c1)).devices.map((d) => d.name).sort()).toEqual(['Chrome 1', 'Chrome 2', 'Firefox']);
  });

  /** Each code shown while apart, with the counter it was made from (`hotp-next` answers the counter stored after it). */
  const shownWhileApart: { device: string; counter: bigint; code: string }[] = [];

  it('apart, each makes the worked example’s changes; offline is said, with the changes waiting', {
    timeout: 300_000,
  }, async () => {
    for (const p of all()) gateOf(p).setOffline(true);
    // 10:00 Chrome 1: adds Forum, renames GitHub, uses a Bank code.
    await addAccount(c1, `otpauth://totp/Forum:alice?secret=${FORUM_SECRET}&issuer=Forum`);
    await updateAccount(c1, (await accountNamed(c1, 'GitHub')).id, { issuer: 'GitHub work' });
    const shown = async (p: Profile) => {
      const { code, counter } = await hotpNext(p, (await accountNamed(p, 'Bank')).id);
      shownWhileApart.push({ device: p.name, counter: BigInt(counter) - 1n, code });
    };
    await shown(c1);
    await tick();
    // 10:05 Firefox: renames GitHub, adds a site to it, uses two Bank codes, marks r1 used.
    const ghOnFx = await accountNamed(fx, 'GitHub');
    await updateAccount(fx, ghOnFx.id, { issuer: 'GitHub (old)' });
    await tick();
    await updateAccount(fx, ghOnFx.id, { sites: [...ghOnFx.sites, 'https://gist.github.com'] });
    await shown(fx);
    await shown(fx);
    await markRecoveryCodeUsed(fx, 'Bank', RECOVERY[0] as string);
    await tick();
    // 10:10 Chrome 2: deletes Mail, uses a Bank code, marks r2 used.
    await c2.send({ type: 'account-delete', id: (await accountNamed(c2, 'Mail')).id });
    await shown(c2);
    await markRecoveryCodeUsed(c2, 'Bank', RECOVERY[1] as string);
    await tick();
    // 10:20 Chrome 1: edits Mail's notes (newer than the deletion: Mail comes back everywhere).
    await updateAccount(c1, (await accountNamed(c1, 'Mail')).id, { notes: 'the 10:20 notes' });

    for (const p of all()) {
      const status = await syncNow(p);
      expect(status.phase).toBe('offline');
      expect(status.waiting).toBeGreaterThan(0);
    }
  });

  it('together again, all three end with identical exports that follow the rules', { timeout: 300_000 }, async () => {
    for (const p of all()) gateOf(p).setOffline(false);
    await syncAll();
    const [e1, e2, e3] = await Promise.all(all().map((p) => comparableExport(p)));
    expect(e2).toEqual(e1);
    expect(e3).toEqual(e1);
    const by = (issuer: string) => e1?.find((a) => a.issuer === issuer);
    expect(e1?.map((a) => a.issuer)).toEqual(['Bank', 'Forum', 'GitHub (old)', 'Mail']);
    // Firefox's added site (another field than the name) is kept beside the first one.
    const sites = by('GitHub (old)')?.sites ?? [];
    expect(sites).toHaveLength(2);
    expect(sites.some((x) => x.includes('gist.github.com'))).toBe(true);
    expect(by('Mail')?.notes).toBe('the 10:20 notes');
    expect(
      by('Bank')
        ?.recoveryCodes.filter((c) => c.used)
        .map((c) => c.code),
    ).toEqual(RECOVERY.slice(0, 2));
    // The counter never goes back: past every code shown anywhere while apart.
    const highest = shownWhileApart.reduce((m, s) => (s.counter > m ? s.counter : m), 0n);
    expect(BigInt(by('Bank')?.counter ?? -1)).toBeGreaterThan(highest);
  });

  it('once they have met, no HOTP code is shown twice', { timeout: 300_000 }, async () => {
    const shownAfter: { counter: bigint; code: string }[] = [];
    for (const p of [fx, c1, c2, c1]) {
      const { code, counter } = await hotpNext(p, (await accountNamed(p, 'Bank')).id);
      shownAfter.push({ counter: BigInt(counter) - 1n, code });
      // "Met": the browser that showed the code writes first, then every other one reads it.
      await syncedNow(p);
      for (const q of all()) if (q !== p) await syncedNow(q);
    }
    const highestApart = shownWhileApart.reduce((m, s) => (s.counter > m ? s.counter : m), 0n);
    const counters = shownAfter.map((s) => s.counter);
    expect(counters.every((c) => c > highestApart)).toBe(true);
    expect(new Set(counters).size).toBe(counters.length);
    const apartCodes = new Set(shownWhileApart.map((s) => `${s.counter}`));
    expect(shownAfter.filter((s) => apartCodes.has(`${s.counter}`))).toEqual([]);
  });

  it('every request the extensions made went to their configured origin', () => {
    for (const p of all()) {
      const origin = gateOf(p).origin;
      const made = p.recorder.fromExtension();
      expect(made.length, p.name).toBeGreaterThan(0);
      expect(
        made.filter((r) => new URL(r.url).origin !== origin),
        p.name,
      ).toEqual([]);
    }
    expect(proxy.requests.length).toBeGreaterThan(0);
  });

  it('the server’s files hold no secret, account name, issuer, note, site or recovery code in any encoding', async () => {
    const files = serverFiles(dav.dir);
    expect(files.some((f) => f.path.endsWith('.tfsync'))).toBe(true);
    const clear = [
      'GitHub',
      'octo',
      'Bank',
      'Mail',
      'alice',
      'Forum',
      'the 10:20 notes',
      'gist.github.com',
      'Chrome 1',
      'Chrome 2',
      'Firefox',
      ...RECOVERY,
    ];
    const needles = [
      ...[GITHUB_SECRET, BANK_SECRET, MAIL_SECRET, FORUM_SECRET].flatMap(encodings),
      ...clear.flatMap((s) => [
        Buffer.from(s),
        Buffer.from(s, 'utf16le'),
        Buffer.from(Buffer.from(s).toString('base64').slice(0, -2)),
      ]),
    ];
    const found = files.flatMap((f) =>
      needles.filter((n) => n.length >= 4 && f.bytes.includes(n)).map((n) => `${f.path}: ${n.toString('latin1')}`),
    );
    expect(found).toEqual([]);
  });
});

/** What the vault holds, as a fingerprint: a change lost or an account duplicated changes it. */
async function fingerprint(p: Profile): Promise<string> {
  return createHash('sha256')
    .update(JSON.stringify(await comparableExport(p)))
    .digest('hex');
}

/** Renames Forum on `p` (a change that must survive the failure), returning the new name. */
async function change(p: Profile, label: string): Promise<string> {
  const name = `Forum ${label}`;
  const forum = (await accounts(p)).find((a) => a.issuer.startsWith('Forum'));
  if (!forum) throw new Error('no Forum');
  await updateAccount(p, forum.id, { issuer: name });
  return name;
}

describe('failures end to end, each with its own message and nothing lost or duplicated', () => {
  const messages = new Map<string, string>();

  for (const status of [500, 503, 507] as const) {
    it(`${status} from the server`, { timeout: 120_000 }, async () => {
      const name = await change(c1, `${status}`);
      const before = await fingerprint(c1);
      proxy.inject({ fault: { kind: 'status', status }, times: Number.POSITIVE_INFINITY });
      const failed = await syncNow(c1);
      proxy.clear();
      expect(failed.phase).toBe('failed');
      const message = messageText(failed.message);
      expect(message).toContain(String(status));
      if (status === 507) expect(message).toMatch(/space/i);
      messages.set(String(status), message);
      expect(failed.waiting).toBeGreaterThan(0);
      expect(await fingerprint(c1)).toBe(before);
      await syncedNow(c1);
      await syncedNow(c2);
      expect((await accounts(c2)).filter((a) => a.issuer === name)).toHaveLength(1);
      expect(await fingerprint(c2)).toBe(await fingerprint(c1));
    });
  }

  it('401 after the password changed on the server: its message, no retry, then back once it is right again', {
    timeout: 120_000,
  }, async () => {
    const htpasswd = join(dirname(dav.errorLog), 'htpasswd');
    const original = readFileSync(htpasswd, 'utf8');
    const name = await change(c1, '401');
    const before = await fingerprint(c1);
    // mod_authn_file reads the file on every request: the server's password is changed from now on.
    writeFileSync(
      htpasswd,
      `${dav.user}:{SHA}${createHash('sha1').update('changed on the server').digest('base64')}\n`,
    );
    try {
      const failed = await syncNow(c1);
      expect(failed.phase).toBe('failed');
      expect(messageText(failed.message)).toMatch(/password/i);
      expect(failed.retryAt).toBeUndefined();
      messages.set('401', messageText(failed.message));
      expect(await fingerprint(c1)).toBe(before);
    } finally {
      writeFileSync(htpasswd, original);
    }
    await syncedNow(c1);
    await syncedNow(fx);
    expect((await accounts(fx)).filter((a) => a.issuer === name)).toHaveLength(1);
  });

  it('the four failures each said something of their own', () => {
    expect(new Set(messages.values()).size).toBe(messages.size);
    expect(messages.size).toBe(4);
  });

  it('a PUT cut halfway: the change waits and arrives whole on the next round', { timeout: 120_000 }, async () => {
    const name = await change(c2, 'cut');
    proxy.inject({ method: 'PUT', path: /\.tfsync$/, fault: { kind: 'cut-request', afterBytes: 1000 } });
    await syncNow(c2);
    await syncedNow(c2);
    await syncedNow(c1);
    expect((await accounts(c1)).filter((a) => a.issuer === name)).toHaveLength(1);
    expect(await fingerprint(c1)).toBe(await fingerprint(c2));
  });

  for (const damage of ['truncated', 'tampered'] as const) {
    it(`another browser’s ${damage} file is not used, said so, and the next good read brings everything`, {
      timeout: 120_000,
    }, async () => {
      const name = await change(fx, damage);
      await syncedNow(fx);
      const before = await fingerprint(c1);
      proxy.inject({
        method: 'GET',
        path: /\.tfsync$/,
        times: Number.POSITIVE_INFINITY,
        fault:
          damage === 'truncated'
            ? { kind: 'truncate-response', bytes: 200 }
            : {
                kind: 'alter-response',
                alter: (body) => {
                  const copy = Buffer.from(body);
                  const at = Math.floor(copy.length / 2);
                  copy[at] = (copy[at] ?? 0) ^ 0x55;
                  return copy;
                },
              },
      });
      const status = await syncNow(c1);
      proxy.clear();
      expect(status.notices.map((n) => (typeof n === 'string' ? n : n.english)).join('\n')).toMatch(/Firefox/);
      // Nothing half-applied: the damaged state was refused whole.
      expect((await accounts(c1)).filter((a) => a.issuer === name)).toHaveLength(0);
      expect(await fingerprint(c1)).toBe(before);
      // A damaged file is read again when it next changes (docs/sync-format.md "Failures").
      const again = await change(fx, `${damage} again`);
      await syncedNow(fx);
      await syncedNow(c1);
      expect((await accounts(c1)).filter((a) => a.issuer === again)).toHaveLength(1);
      expect(await fingerprint(c1)).toBe(await fingerprint(fx));
    });
  }
});
