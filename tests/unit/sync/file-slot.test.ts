import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SyncError } from '../../../lib/sync/errors';
import { createSyncSlot, newDeviceId, newSyncKey, syncKeyring } from '../../../lib/sync/sync-slot';
import { createPasswordSlot, DEFAULT_ARGON2ID, type PasswordSlot } from '../../../lib/vault/slots';

const random = (n: number) => new Uint8Array(randomBytes(n));
const fx = { random, now: () => 1_796_000_000_000, uuid: () => crypto.randomUUID() };
const CHEAP = { memoryKiB: 64, iterations: 1, parallelism: 1 };
const SYNC_ID = '0f8c4a4e-1111-4222-8333-444455556666';

async function failure(p: Promise<unknown>): Promise<SyncError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SyncError) return e;
    throw e;
  }
  throw new Error('did not fail');
}

describe('sync key slots', () => {
  it('two slots of different passwords each give back the sync key; a third password is "wrong-password"', async () => {
    const sk = newSyncKey(random);
    const laptop = await createSyncSlot('laptop pass', sk, SYNC_ID, fx, CHEAP);
    const desktop = await createSyncSlot('desktop pass', sk, SYNC_ID, fx, CHEAP);
    expect(laptop.kdf.salt).not.toEqual(desktop.kdf.salt);
    expect(await syncKeyring.unwrap([laptop, desktop], 'laptop pass', SYNC_ID)).toEqual(sk);
    expect(await syncKeyring.unwrap([laptop, desktop], 'desktop pass', SYNC_ID)).toEqual(sk);
    const e = await failure(syncKeyring.unwrap([laptop, desktop], 'guess', SYNC_ID));
    expect(e.code).toBe('wrong-password');
    expect(e.message).toMatch(/opens none of the synced browsers/);
    expect((await failure(syncKeyring.unwrap([], 'laptop pass', SYNC_ID))).code).toBe('wrong-password');
  });

  it('binds the sync id and the slot id: a slot moved to another sync or renamed does not open', async () => {
    const sk = newSyncKey(random);
    const slot = await createSyncSlot('pw', sk, SYNC_ID, fx, CHEAP);
    expect((await failure(syncKeyring.unwrap([slot], 'pw', `${SYNC_ID.slice(0, -1)}7`))).code).toBe('wrong-password');
    expect((await failure(syncKeyring.unwrap([{ ...slot, id: crypto.randomUUID() }], 'pw', SYNC_ID))).code).toBe(
      'wrong-password',
    );
  });

  it('a vault slot of the same password is not a sync slot (its own AAD), nor the other way round', async () => {
    const sk = newSyncKey(random);
    const vaultSlot = await createPasswordSlot(sk, 'pw', fx, CHEAP);
    expect((await failure(syncKeyring.unwrap([vaultSlot], 'pw', SYNC_ID))).code).toBe('wrong-password');
  });

  it('normalises the password to NFC, as the vault does', async () => {
    const sk = newSyncKey(random);
    const slot = await createSyncSlot('caf\u00e9', sk, SYNC_ID, fx, CHEAP);
    expect(await syncKeyring.unwrap([slot], 'cafe\u0301', SYNC_ID)).toEqual(sk);
  });

  it('tries at most 8 distinct slots (by id): a ninth is never run, repeats of one id count once', async () => {
    const sk = newSyncKey(random);
    const others: PasswordSlot[] = [];
    for (let i = 0; i < 8; i++) others.push(await createSyncSlot(`other ${i}`, sk, SYNC_ID, fx, CHEAP));
    const mine = await createSyncSlot('mine', sk, SYNC_ID, fx, CHEAP);
    expect((await failure(syncKeyring.unwrap([...others, mine], 'mine', SYNC_ID))).code).toBe('wrong-password');
    const repeated = [...Array(20).fill(others[0]), ...others.slice(1, 7), mine];
    expect(await syncKeyring.unwrap(repeated, 'mine', SYNC_ID)).toEqual(sk);
  });

  it('a slot whose Argon2id cost is out of bounds is not run, and named when nothing opens', async () => {
    const sk = newSyncKey(random);
    const slot = await createSyncSlot('pw', sk, SYNC_ID, fx, CHEAP);
    const heavy = { ...slot, id: crypto.randomUUID(), kdf: { ...slot.kdf, iterations: 10_000 } };
    const e = await failure(syncKeyring.unwrap([heavy], 'pw', SYNC_ID));
    expect(e.code).toBe('malformed-file');
    expect(e.message).toMatch(/“kdf”/);
    expect(await syncKeyring.unwrap([heavy, slot], 'pw', SYNC_ID)).toEqual(sk);
  });

  it('the keyring writes slots at the vault’s default Argon2id cost, with a fresh 16-byte salt', async () => {
    const sk = newSyncKey(random);
    const slot = await syncKeyring.createSlot('pw', sk, SYNC_ID, fx);
    expect(slot).toMatchObject({ type: 'password', kdf: { name: 'argon2id', version: 0x13, ...DEFAULT_ARGON2ID } });
    expect(slot.kdf.salt.length).toBe(16);
    expect(slot.createdAt).toBe(fx.now());
    expect(await syncKeyring.unwrap([slot], 'pw', SYNC_ID)).toEqual(sk);
  });

  it('new sync keys are 32 random bytes; device ids 26 lower-case base32 characters of 16 random bytes', () => {
    expect(newSyncKey(random).length).toBe(32);
    expect(newSyncKey(random)).not.toEqual(newSyncKey(random));
    const id = newDeviceId(random);
    expect(id).toMatch(/^[a-z2-7]{26}$/);
    expect(newDeviceId(() => new Uint8Array(16))).toBe('a'.repeat(26));
    expect(newDeviceId(() => new Uint8Array(16).fill(0xff))).toBe(`${'7'.repeat(25)}4`);
    expect(() => newDeviceId(() => new Uint8Array(8))).toThrow();
  });
});
