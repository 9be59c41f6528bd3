import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OtpParams } from '../../../lib/otp/types';
import { fromAccountJson, toAccountJson } from '../../../lib/vault/account-data';
import {
  HISTORY_KEEP_MS,
  HISTORY_MAX,
  pruneHistory,
  replaceKeyPatch,
  restoreKeyPatch,
} from '../../../lib/vault/key-history';
import { createVault, unlockVault } from '../../../lib/vault/vault';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { CHEAP, fx, sampleAccount } from './fixtures';

/* Previous keys of an account (docs/vault-format.md "Previous keys"). */

const NOW = 1_800_000_000_000;
const DAY = 24 * 60 * 60 * 1000;
const key = (n: number, issuer = 'Site', account = 'alice'): OtpParams => ({
  kind: 'totp',
  secret: new Uint8Array(20).fill(n),
  issuer,
  account,
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
});

describe('replacing a key', () => {
  it('keeps id, names, sites, notes and recovery codes, and moves the old key first into the history', () => {
    const a = sampleAccount({ otp: key(1, 'My site', 'me') });
    const patch = replaceKeyPatch(a, key(2, 'Site', 'alice'), NOW);
    // The names the person gave the account stay; only the secret and parameters are the new key's.
    expect(patch.otp).toEqual(key(2, 'My site', 'me'));
    expect(patch.history).toEqual([{ otp: key(1, 'My site', 'me'), replacedAt: NOW }]);
    expect(Object.keys(patch).sort()).toEqual(['history', 'otp']);
  });
});

describe('pruning at 30 days', () => {
  it('keeps a key replaced 30 days minus a millisecond ago and drops one replaced 30 days ago', () => {
    const young = { otp: key(1), replacedAt: NOW - HISTORY_KEEP_MS + 1 };
    const old = { otp: key(2), replacedAt: NOW - HISTORY_KEEP_MS };
    expect(HISTORY_KEEP_MS).toBe(30 * DAY);
    expect(pruneHistory([old, young], NOW)).toEqual([young]);
    expect(pruneHistory(undefined, NOW)).toEqual([]);
  });

  it('keeps the newest first and at most HISTORY_MAX', () => {
    const many = Array.from({ length: HISTORY_MAX + 3 }, (_, i) => ({ otp: key(i + 1), replacedAt: NOW - i * 1000 }));
    const kept = pruneHistory([...many].reverse(), NOW);
    expect(kept).toHaveLength(HISTORY_MAX);
    expect(kept.map((h) => h.replacedAt)).toEqual(many.slice(0, HISTORY_MAX).map((h) => h.replacedAt));
  });

  it('is applied on every write of the account, with the vault’s clock', async () => {
    let now = NOW;
    const clocked = { ...fx, now: () => now };
    const store = await openIdbVaultStore(`history-${randomUUID()}`);
    const vault = await createVault(store, 'pw', clocked, CHEAP);
    const added = await vault.add({ otp: key(2), sites: [], notes: '', recoveryCodes: [], pinned: false });
    await vault.update(added.id, { history: [{ otp: key(1), replacedAt: NOW }] });
    now = NOW + HISTORY_KEEP_MS - 1;
    expect((await vault.update(added.id, { notes: 'a' })).history).toHaveLength(1);
    now = NOW + HISTORY_KEEP_MS;
    const written = await vault.update(added.id, { notes: 'b' });
    expect(written.history).toBeUndefined();
    vault.lock();
    const reopened = await unlockVault(store, 'pw', clocked);
    expect(reopened.get(added.id).history).toBeUndefined();
    expect(reopened.get(added.id).notes).toBe('b');
  });
});

describe('restoring a previous key', () => {
  it('swaps it back in and keeps the current key in the history in its place', () => {
    const a = { ...sampleAccount({ otp: key(2) }), history: [{ otp: key(1), replacedAt: NOW - DAY }] };
    const patch = restoreKeyPatch(a, NOW - DAY, NOW);
    expect(patch.otp.secret).toEqual(key(1).secret);
    expect(patch.otp.issuer).toBe(a.otp.issuer);
    expect(patch.history).toEqual([{ otp: key(2, a.otp.issuer, a.otp.account), replacedAt: NOW }]);
    // Restoring again undoes the restore.
    const back = restoreKeyPatch({ ...a, ...patch }, NOW, NOW + 1);
    expect(back.otp.secret).toEqual(key(2).secret);
  });

  it('refuses a key that is no longer kept, or was never there', () => {
    const a = { ...sampleAccount({ otp: key(2) }), history: [{ otp: key(1), replacedAt: NOW - HISTORY_KEEP_MS }] };
    expect(() => restoreKeyPatch(a, NOW - HISTORY_KEEP_MS, NOW)).toThrow(
      expect.objectContaining({ code: 'bad-record', message: expect.stringMatching(/no longer kept/) }),
    );
    expect(() => restoreKeyPatch(a, 5, NOW)).toThrow(expect.objectContaining({ code: 'bad-record' }));
  });
});

describe('history in the account record JSON', () => {
  it('round-trips previous keys of every kind', () => {
    const a = {
      ...sampleAccount(),
      history: [
        { otp: key(1), replacedAt: NOW },
        {
          otp: { kind: 'steam' as const, secret: new Uint8Array(20).fill(7), issuer: 'Steam', account: 'x' },
          replacedAt: NOW - 1,
        },
        {
          otp: {
            kind: 'hotp' as const,
            secret: new Uint8Array(20).fill(8),
            issuer: 'B',
            account: 'y',
            algorithm: 'SHA256' as const,
            digits: 8,
            counter: 42n,
          },
          replacedAt: NOW - 2,
        },
      ],
    };
    const back = fromAccountJson(toAccountJson(a), a.id, a.createdAt);
    expect(back).toEqual(a);
  });

  it('writes no history field for an account without previous keys, so older readers see the same record', () => {
    const a = sampleAccount();
    expect(JSON.parse(toAccountJson(a))).not.toHaveProperty('history');
    expect(JSON.parse(toAccountJson({ ...a, history: [] }))).not.toHaveProperty('history');
    expect(fromAccountJson(toAccountJson(a), a.id, a.createdAt)).not.toHaveProperty('history');
  });

  it('names a damaged history as the record’s problem', () => {
    const a = sampleAccount();
    const json = JSON.parse(toAccountJson(a));
    for (const history of [{}, [{ replacedAt: 1 }], [{ ...JSON.parse(toAccountJson(a)), replacedAt: -1 }]]) {
      expect(() => fromAccountJson(JSON.stringify({ ...json, history }), 'r1', 0)).toThrow(
        expect.objectContaining({
          code: 'bad-record',
          message: 'The account stored with id r1 has an invalid list of previous keys.',
        }),
      );
    }
  });
});
