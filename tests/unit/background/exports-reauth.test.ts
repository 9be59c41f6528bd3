import 'fake-indexeddb/auto';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Backups } from '../../../entrypoints/background/backup';
import { Exports } from '../../../entrypoints/background/exports';
import { FREE_ATTEMPTS, MAX_WAIT_MS, reauthWait } from '../../../lib/vault/reauth';
import { VaultSession } from '../../../lib/vault/session';
import type { Effects } from '../../../lib/vault/slots';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { CHEAP } from '../vault/fixtures';

const MASTER = 'correct horse';

async function setup() {
  let clock = Date.UTC(2026, 10, 22);
  const fx: Effects = { random: (n) => new Uint8Array(randomBytes(n)), now: () => clock, uuid: () => randomUUID() };
  const data = new Map<string, unknown>();
  const session = new VaultSession(
    await openIdbVaultStore(`reauth-${randomUUID()}`),
    {
      get: async (k) => data.get(k) as never,
      set: async (k, v) => void data.set(k, v),
      remove: async (k) => void data.delete(k),
    },
    fx,
    CHEAP,
  );
  await session.create(MASTER);
  const vault = await session.require();
  const account = await vault.add({
    otp: {
      kind: 'totp',
      secret: new TextEncoder().encode('reauth-secret-123456'),
      issuer: 'GitHub',
      account: 'alice',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    },
    sites: ['github.com'],
    notes: '',
    recoveryCodes: [{ code: 'rc-1111' }],
    pinned: false,
  });
  const exports = new Exports(session, fx, { N: 1024, r: 8, p: 1 });
  const backups = new Backups(session, fx, { N: 1024, r: 8, p: 1 });
  const ids = [account.id];
  /** Every request that hands secrets to a page, with the master password it is sent with. */
  const all = (masterPassword: string) => ({
    'uri-list': () => exports.file({ format: 'uri-list', ids, masterPassword }),
    'aegis-plain': () => exports.file({ format: 'aegis-plain', ids, masterPassword }),
    'aegis-encrypted': () => exports.file({ format: 'aegis-encrypted', ids, password: 'new file pw', masterPassword }),
    migration: () => exports.migration({ ids, masterPassword }),
    sheet: () => exports.sheet({ ids, masterPassword }),
    backup: () => backups.create({ password: 'backup pw', masterPassword }),
  });
  return { session, data, all, tick: (ms: number) => (clock += ms) };
}

describe('exports ask for the master password again (issue 14 finding 12)', () => {
  it('refuses every export with a wrong master password, and the vault stays open', async () => {
    const { session, all, tick } = await setup();
    for (const [name, run] of Object.entries(all('not the password'))) {
      await expect(run(), name).rejects.toMatchObject({ code: 'wrong-password', message: 'Wrong password.' });
      // Past any throttling wait, so each export meets the password check itself; the person is still at the
      // options page (each of its requests is use, entrypoints/background/request-gate.ts), so no auto-lock.
      tick(MAX_WAIT_MS);
      await session.touch();
    }
    expect(await session.state()).toBe('unlocked');
  });

  it('gives every export with the right master password, secrets included', async () => {
    const { all } = await setup();
    const runs = all(MASTER);
    expect((await runs['uri-list']()).text).toContain('otpauth://totp/GitHub:alice');
    expect((await runs['aegis-plain']()).text).toContain('"issuer": "GitHub"');
    expect((await runs['aegis-encrypted']()).text).not.toContain('GitHub');
    expect((await runs.migration()).uris[0]).toMatch(/^otpauth-migration:\/\/offline\?data=/);
    expect((await runs.sheet()).entries[0]?.recoveryCodes).toEqual(['rc-1111']);
    expect((await runs.backup()).accounts).toBe(1);
  });

  it('needs an unlocked vault: the password alone opens nothing', async () => {
    const { session, all } = await setup();
    await session.lock();
    await expect(all(MASTER).sheet()).rejects.toMatchObject({ code: 'locked' });
    expect(await session.state()).toBe('locked');
  });

  it('makes repeated wrong passwords wait longer each time, even for the right one, until the wait is over', async () => {
    const { all, tick, data } = await setup();
    const wrong = all('wrong');
    for (let i = 0; i < FREE_ATTEMPTS; i++)
      await expect(wrong.sheet()).rejects.toMatchObject({ code: 'wrong-password' });
    // The next attempt must wait, and waiting refuses even the right password (no derivation runs).
    await expect(all(MASTER).sheet()).rejects.toMatchObject({ code: 'throttled', message: /Try again in 1 s/ });
    tick(reauthWait(FREE_ATTEMPTS));
    await expect(wrong.sheet()).rejects.toMatchObject({ code: 'wrong-password' });
    await expect(all(MASTER).sheet()).rejects.toMatchObject({ code: 'throttled', message: /Try again in 2 s/ });
    tick(reauthWait(FREE_ATTEMPTS + 1));
    expect((await all(MASTER).sheet()).entries).toHaveLength(1);
    // The right password resets the count: the next wrong one is free again.
    expect(data.has('reauthFailures')).toBe(false);
    await expect(wrong.sheet()).rejects.toMatchObject({ code: 'wrong-password' });
  });

  it('caps the wait', () => {
    expect(reauthWait(0)).toBe(0);
    expect(reauthWait(FREE_ATTEMPTS - 1)).toBe(0);
    expect(reauthWait(FREE_ATTEMPTS)).toBe(1000);
    expect(reauthWait(FREE_ATTEMPTS + 3)).toBe(8000);
    expect(reauthWait(FREE_ATTEMPTS + 40)).toBe(MAX_WAIT_MS);
  });
});
