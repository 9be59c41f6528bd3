import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { vaultArgon2id } from '../../../lib/vault/kdf';
import { type SessionPort, UNLOCK_ATTEMPTS, VaultSession } from '../../../lib/vault/session';
import type { Effects } from '../../../lib/vault/slots';
import type { VaultStore } from '../../../lib/vault/store';
import { waitAfter } from '../../../lib/vault/throttle';
import { createVault, unlockVault } from '../../../lib/vault/vault';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { CHEAP, fx } from './fixtures';
import { memorySession } from './memory-session';

const PASSWORD = 'a good password';
const FREE = UNLOCK_ATTEMPTS.freeAttempts;

async function setup() {
  let now = 1_800_000_000_000;
  const clock: Effects = { ...fx, now: () => now };
  const store = await openIdbVaultStore(`throttle-${randomUUID()}`);
  const session = memorySession();
  const make = () => new VaultSession(store, session, clock, CHEAP);
  const first = make();
  await first.create(PASSWORD);
  await first.lock();
  return { store, session, make, s: first, tick: (ms: number) => (now += ms) };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? String(e),
  );

/**
 * FREE + 6 wrong guesses sent at once, alternately to `a` and `b`: if they take turns in one queue, only the free
 * guesses reach the KDF and the other six are throttled.
 */
async function expectOneQueue(a: VaultSession, b: VaultSession): Promise<void> {
  const derive = vi.spyOn(vaultArgon2id, 'derive');
  const codes = await Promise.all(
    Array.from({ length: FREE + 6 }, (_, i) => codeOf((i % 2 ? a : b).unlock(`guess ${i}`))),
  );
  expect(codes.filter((c) => c === 'wrong-password')).toHaveLength(FREE);
  expect(codes.filter((c) => c === 'throttled')).toHaveLength(6);
  expect(derive).toHaveBeenCalledTimes(FREE);
}

afterEach(() => vi.restoreAllMocks());

describe('unlock attempts (docs/vault-format.md "Unlock attempts")', () => {
  it('lets a few wrong passwords through, then refuses even the right one until the wait is over, before any KDF runs', async () => {
    const { s, tick } = await setup();
    for (let i = 0; i < FREE; i++) expect(await codeOf(s.unlock(`wrong ${i}`))).toBe('wrong-password');
    const derive = vi.spyOn(vaultArgon2id, 'derive');
    await expect(s.unlock(PASSWORD)).rejects.toMatchObject({ code: 'throttled', message: /Try again in 1 s/ });
    expect(derive).not.toHaveBeenCalled();
    expect(await s.state()).toBe('locked');
    tick(waitAfter(FREE, UNLOCK_ATTEMPTS));
    expect(await codeOf(s.unlock('wrong again'))).toBe('wrong-password');
    await expect(s.unlock(PASSWORD)).rejects.toMatchObject({ code: 'throttled', message: /Try again in 2 s/ });
    tick(999);
    await expect(s.unlock(PASSWORD)).rejects.toMatchObject({ code: 'throttled', message: /Try again in 2 s/ });
    tick(1001);
    await s.unlock(PASSWORD);
    expect(await s.state()).toBe('unlocked');
  });

  it('a right password resets the count: the next wrong ones are free again', async () => {
    const { s, session } = await setup();
    for (let i = 0; i < FREE - 1; i++) await codeOf(s.unlock('wrong'));
    expect(session.data.get('unlockFailures')).toMatchObject({ count: FREE - 1 });
    await s.unlock(PASSWORD);
    expect(session.data.has('unlockFailures')).toBe(false);
    await s.lock();
    for (let i = 0; i < FREE; i++) expect(await codeOf(s.unlock('wrong'))).toBe('wrong-password');
  });

  it('the count survives a service-worker restart (a new session object over the same session storage)', async () => {
    const { s, make } = await setup();
    for (let i = 0; i < FREE; i++) await codeOf(s.unlock('wrong'));
    const restarted = make();
    await expect(restarted.unlock(PASSWORD)).rejects.toMatchObject({ code: 'throttled' });
  });

  it('guesses sent all at once are taken one after another: only the free ones reach the KDF', async () => {
    const { make } = await setup();
    // Two VaultSession objects over one storage port: the queue is not the VaultSession's own (it is keyed on the
    // count's storage key, lib/vault/throttle.ts), so both take turns in one queue.
    const [a, b] = [make(), make()];
    await expectOneQueue(a, b);
  });

  it('two storage port objects over the same data share one queue: only the free guesses reach the KDF', async () => {
    const { store, session } = await setup();
    // Two adapters over one storage.session (made twice, say): the count is shared, so the turn-taking must be too.
    const other: SessionPort = {
      get: async <T>(k: string) => session.data.get(k) as T | undefined,
      set: async (k, v) => void session.data.set(k, structuredClone(v)),
      remove: async (k) => void session.data.delete(k),
    };
    const clock: Effects = { ...fx, now: () => 1_800_000_000_000 };
    const [a, b] = [new VaultSession(store, session, clock, CHEAP), new VaultSession(store, other, clock, CHEAP)];
    await expectOneQueue(a, b);
  });

  it('never locks out: after many wrong passwords the wait stops growing at 5 minutes, and the right password then opens', async () => {
    const { s, tick } = await setup();
    for (let i = 0; i < FREE + 12; i++) {
      if (i > 0) tick(UNLOCK_ATTEMPTS.maxWaitMs);
      expect(await codeOf(s.unlock(`wrong ${i}`))).toBe('wrong-password');
    }
    await expect(s.unlock(PASSWORD)).rejects.toMatchObject({ code: 'throttled', message: /Try again in 300 s/ });
    tick(UNLOCK_ATTEMPTS.maxWaitMs);
    await s.unlock(PASSWORD);
    expect(await s.state()).toBe('unlocked');
  });

  it('waits 0 for the free attempts, then 1 s doubling, capped at 5 minutes', () => {
    expect(waitAfter(0, UNLOCK_ATTEMPTS)).toBe(0);
    expect(waitAfter(FREE - 1, UNLOCK_ATTEMPTS)).toBe(0);
    expect(waitAfter(FREE, UNLOCK_ATTEMPTS)).toBe(1000);
    expect(waitAfter(FREE + 1, UNLOCK_ATTEMPTS)).toBe(2000);
    expect(waitAfter(FREE + 3, UNLOCK_ATTEMPTS)).toBe(8000);
    expect(waitAfter(FREE + 40, UNLOCK_ATTEMPTS)).toBe(5 * 60_000);
  });

  it('counts only wrong passwords: a vault that is not there is not a guess', async () => {
    const store = await openIdbVaultStore(`throttle-none-${randomUUID()}`);
    const session = memorySession();
    const s = new VaultSession(store, session, fx, CHEAP);
    for (let i = 0; i < FREE + 2; i++) expect(await codeOf(s.unlock('x'))).toBe('no-vault');
    expect(session.data.has('unlockFailures')).toBe(false);
  });
});

describe('a wrong password is answered after the KDF and nothing else', () => {
  it('reads no record, index or settings before a slot opens, and runs one KDF per password slot', async () => {
    const base = await openIdbVaultStore(`wrong-fast-${randomUUID()}`);
    const created = await createVault(base, PASSWORD, fx, CHEAP);
    await created.add({
      otp: {
        kind: 'totp',
        secret: new Uint8Array(20),
        issuer: 'X',
        account: 'x',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      },
      sites: [],
      notes: '',
      recoveryCodes: [],
      pinned: false,
    });
    created.lock();
    const reads: string[] = [];
    const counted =
      <T>(what: string, read: () => Promise<T>) =>
      () => {
        reads.push(what);
        return read();
      };
    const store: VaultStore = {
      ...base,
      readRecords: counted('records', () => base.readRecords()),
      readIndex: counted('index', () => base.readIndex()),
      readSettings: counted('settings', () => base.readSettings()),
    };
    const derive = vi.spyOn(vaultArgon2id, 'derive');
    await expect(unlockVault(store, 'wrong', fx)).rejects.toMatchObject({ code: 'wrong-password' });
    expect(reads).toEqual([]);
    expect(derive).toHaveBeenCalledTimes(1);
    const vault = await unlockVault(store, PASSWORD, fx);
    expect(vault.accounts()).toHaveLength(1);
    expect(reads.length).toBeGreaterThan(0);
  });
});
