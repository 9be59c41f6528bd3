import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Account, fromAccountJson, toAccountJson } from '../../../lib/vault/account-data';
import { VaultError } from '../../../lib/vault/errors';
import { openAccount, openAll, sealAccount } from '../../../lib/vault/records';
import { createPasswordSlot, DEFAULT_ARGON2ID, deriveKek, unwrapPasswordSlot } from '../../../lib/vault/slots';
import { rejectsWith } from '../rejects';
import { hex, loadVectors } from '../vectors';
import { CHEAP, fx, sampleAccount } from './fixtures';

const vaultKey = () => fx.random(32);
const vaultId = 'b7c0e7a4-0000-4000-8000-000000000001';
const place = { vaultId, version: 1 };

describe('password slots', () => {
  it('unwraps the vault key with the right password and refuses a wrong one', async () => {
    const key = vaultKey();
    const slot = await createPasswordSlot(key, 'correct horse', fx, CHEAP);
    expect(await unwrapPasswordSlot(slot, 'correct horse')).toEqual(key);
    await expect(unwrapPasswordSlot(slot, 'correct hors')).rejects.toThrow(
      expect.objectContaining({ code: 'wrong-password', message: 'Wrong password.' }),
    );
  });

  it('treats the two Unicode spellings of a password alike (NFC)', async () => {
    const key = vaultKey();
    const slot = await createPasswordSlot(key, 'caf\u00e9', fx, CHEAP);
    expect(await unwrapPasswordSlot(slot, 'cafe\u0301')).toEqual(key);
  });

  it('binds the wrapped key to its slot: a slot with another id does not open', async () => {
    const slot = await createPasswordSlot(vaultKey(), 'pw', fx, CHEAP);
    await rejectsWith(unwrapPasswordSlot({ ...slot, id: fx.uuid() }, 'pw'), VaultError, 'wrong-password');
  });

  it('stores its KDF parameters, salt and a fresh nonce in the slot', async () => {
    const key = vaultKey();
    const [a, b] = await Promise.all([
      createPasswordSlot(key, 'pw', fx, CHEAP),
      createPasswordSlot(key, 'pw', fx, CHEAP),
    ]);
    expect(a.kdf).toMatchObject({ name: 'argon2id', version: 0x13, ...CHEAP });
    expect(a.kdf.salt).toHaveLength(16);
    expect(a.kdf.salt).not.toEqual(b.kdf.salt);
    expect(a.nonce).not.toEqual(b.nonce);
    expect(a.wrappedKey).toHaveLength(48);
  });

  it('derives keys that match the Argon2id reference vectors (phc-winner-argon2 test.c)', async () => {
    const { cases } = loadVectors<{
      cases: Array<{
        password: string;
        salt: string;
        memoryKiB: number;
        iterations: number;
        parallelism: number;
        tagHex: string;
      }>;
    }>('argon2id.json');
    for (const c of cases) {
      const kek = await deriveKek(c.password, {
        name: 'argon2id',
        version: 0x13,
        ...c,
        salt: new TextEncoder().encode(c.salt),
      });
      expect(hex(kek)).toBe(c.tagHex);
    }
  }, 30_000);

  it('works at the real strength (Argon2id 64 MiB, t=3, p=4)', async () => {
    const key = vaultKey();
    const slot = await createPasswordSlot(key, 'a long passphrase', fx);
    expect(slot.kdf).toMatchObject(DEFAULT_ARGON2ID);
    expect(await unwrapPasswordSlot(slot, 'a long passphrase')).toEqual(key);
  }, 30_000);
});

describe('account records', () => {
  it('round-trip every field of every kind of account', async () => {
    const key = vaultKey();
    for (const otp of [
      sampleAccount().otp,
      {
        kind: 'hotp' as const,
        secret: fx.random(20),
        issuer: 'H',
        account: 'h',
        algorithm: 'SHA512' as const,
        digits: 6,
        counter: (1n << 64n) - 1n,
      },
      { kind: 'steam' as const, secret: fx.random(20), issuer: 'Steam', account: 'gaben' },
    ]) {
      const account = sampleAccount({ otp });
      expect(await openAccount(key, await sealAccount(key, account, fx.random, place), vaultId)).toEqual(account);
    }
  });

  it('never contains the secret, its base32 or hex in the stored bytes', async () => {
    const key = vaultKey();
    const account = sampleAccount();
    const record = await sealAccount(key, account, fx.random, place);
    const stored = Buffer.from(record.data).toString('latin1');
    expect(stored).not.toContain('12345678901234567890');
    expect(Buffer.from(record.data).toString('hex')).not.toContain(Buffer.from(account.otp.secret).toString('hex'));
    expect(stored).not.toContain('GEZDGNBVGY3TQOJQ');
    expect(stored).not.toContain('alice@example.com');
  });

  it('names a tampered record, and the other accounts still open', async () => {
    const key = vaultKey();
    const good = await sealAccount(key, sampleAccount(), fx.random, place);
    const bad = await sealAccount(key, sampleAccount({ createdAt: Date.UTC(2026, 10, 22) }), fx.random, place);
    const flipped = { ...bad, data: bad.data.slice() };
    flipped.data[5] = (flipped.data[5] as number) ^ 1;
    const swapped = { ...good, id: bad.id }; // another record's ciphertext under this id
    const { accounts, unreadable } = await openAll([good, flipped, swapped], (r) => openAccount(key, r, vaultId));
    expect(accounts.map((a) => a.account.id)).toEqual([good.id]);
    expect(unreadable.map((e) => e.code)).toEqual(['record-unreadable', 'record-unreadable']);
    expect(unreadable[0]?.message).toMatch(/^An account added on 2026-11-22 \(id [0-9a-f]{8}…\) cannot be read/);
    expect(unreadable[0]?.recordId).toBe(bad.id);
  });

  it('refuses a record from a newer format version by name', async () => {
    const key = vaultKey();
    const record = await sealAccount(key, sampleAccount(), fx.random, place);
    await expect(openAccount(key, { ...record, v: 3 as 2 }, vaultId)).rejects.toThrow(
      expect.objectContaining({ code: 'newer-version' }),
    );
  });

  it('checks every decrypted field: malformed JSON never becomes an account', () => {
    const valid = JSON.parse(toAccountJson(sampleAccount())) as Record<string, unknown>;
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(valid)), fc.anything(), (field, value) => {
        const json = JSON.stringify({ ...valid, [field]: value });
        try {
          const a: Account = fromAccountJson(json, 'id', 0);
          expect(a.otp.secret.length).toBeGreaterThan(0);
        } catch (e) {
          expect(e).toBeInstanceOf(VaultError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
