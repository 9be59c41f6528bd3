import 'fake-indexeddb/auto';
import { randomBytes, randomUUID } from 'node:crypto';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { type KeySlot, passwordSlots, prfSlots, type VaultHeader } from '../../../lib/vault/header';
import {
  checkPrfSlot,
  createPrfSlot,
  derivePrfKek,
  type PrfSlot,
  readPrfSlots,
  unwrapPrfSlot,
} from '../../../lib/vault/prf-slot';
import { createVault, unlockVault, unlockVaultWithPrf } from '../../../lib/vault/vault';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { CHEAP, fx, sampleAccount } from './fixtures';

const MASTER = 'correct horse';
const bytes = (n: number) => new Uint8Array(randomBytes(n));

/** What one authenticator gives for one credential: an id, the PRF input chosen at add time, and its output. */
function authenticator(label = 'YubiKey') {
  return { credentialId: bytes(64), prfSalt: bytes(32), prfOutput: bytes(32), label };
}

async function fresh() {
  const name = `prf-unit-${randomUUID()}`;
  const store = await openIdbVaultStore(name);
  const vault = await createVault(store, MASTER, fx, CHEAP);
  const { otp, sites, notes, recoveryCodes, pinned } = sampleAccount();
  await vault.add({ otp, sites, notes, recoveryCodes, pinned });
  return { name, store, vault };
}

/** Rewrites the stored header as a person with the disk could. */
async function editHeader(name: string, edit: (h: VaultHeader) => VaultHeader) {
  const db = await openDB(name);
  await db.put('meta', edit((await db.get('meta', 'vault')) as VaultHeader), 'vault');
  db.close();
}

describe('PRF slot (docs/vault-format.md "PRF key slot")', () => {
  it('derives the KEK as HKDF-SHA256(PRF output, prfSalt, "twofold-vault/v2/prf-slot/<id>")', () => {
    const output = bytes(32);
    const salt = bytes(32);
    const expected = hkdf(sha256, output, salt, new TextEncoder().encode('twofold-vault/v2/prf-slot/abc'), 32);
    expect(derivePrfKek(output, salt, 'abc')).toEqual(expected);
    // Bound to the slot: the same authenticator output gives another KEK in another slot.
    expect(derivePrfKek(output, salt, 'abd')).not.toEqual(expected);
  });

  it('wraps the vault key so that only that PRF output opens it', async () => {
    const key = bytes(32);
    const a = authenticator();
    const slot = await createPrfSlot(key, a, fx);
    expect(slot).toMatchObject({ type: 'prf', label: 'YubiKey', credentialId: a.credentialId, prfSalt: a.prfSalt });
    expect(await unwrapPrfSlot(slot, a.prfOutput)).toEqual(key);
    await expect(unwrapPrfSlot(slot, bytes(32))).rejects.toMatchObject({ code: 'wrong-key' });
    await expect(unwrapPrfSlot(slot, a.prfOutput.subarray(0, 31))).rejects.toMatchObject({ code: 'wrong-key' });
  });

  it('refuses a label that is empty once trimmed or longer than 64 characters, and keeps it trimmed', async () => {
    const key = bytes(32);
    for (const label of ['', '   ', 'x'.repeat(65)]) {
      await expect(createPrfSlot(key, { ...authenticator(), label }, fx)).rejects.toMatchObject({
        code: 'bad-setting',
      });
    }
    expect((await createPrfSlot(key, { ...authenticator(), label: '  Work key  ' }, fx)).label).toBe('Work key');
    expect((await createPrfSlot(key, { ...authenticator(), label: 'x'.repeat(64) }, fx)).label).toHaveLength(64);
  });

  it('refuses a PRF salt or output that is not 32 bytes and an empty or oversized credential id', async () => {
    const key = bytes(32);
    for (const patch of [
      { prfSalt: bytes(16) },
      { prfOutput: bytes(33) },
      { credentialId: new Uint8Array(0) },
      { credentialId: bytes(1024) },
    ]) {
      await expect(createPrfSlot(key, { ...authenticator(), ...patch }, fx)).rejects.toMatchObject({
        code: 'bad-setting',
      });
    }
    await expect(createPrfSlot(key, { ...authenticator(), credentialId: bytes(1023) }, fx)).resolves.toMatchObject({
      type: 'prf',
    });
  });
});

describe('a vault with PRF slots', () => {
  it('adds a key, unlocks with it after locking, and still unlocks with the password', async () => {
    const { store, vault } = await fresh();
    const a = authenticator();
    const id = await vault.addPrfSlot(a);
    vault.lock();
    const byKey = await unlockVaultWithPrf(store, a.credentialId, a.prfOutput, fx);
    expect(byKey.accounts()).toHaveLength(1);
    expect(byKey.keySlots().map((s) => [s.type, s.label])).toEqual([
      ['password', ''],
      ['prf', 'YubiKey'],
    ]);
    expect(byKey.keySlots()[1]?.id).toBe(id);
    const byPassword = await unlockVault(store, MASTER, fx);
    expect(byPassword.key).toEqual(byKey.key);
  });

  it('holds two keys, each opening it; removing one leaves the other and the password', async () => {
    const { store, vault } = await fresh();
    const a = authenticator('A');
    const b = authenticator('B');
    const idA = await vault.addPrfSlot(a);
    await vault.addPrfSlot(b);
    await vault.removeSlot(idA);
    expect(vault.keySlots().map((s) => s.label)).toEqual(['', 'B']);
    await expect(unlockVaultWithPrf(store, a.credentialId, a.prfOutput, fx)).rejects.toMatchObject({
      code: 'wrong-key',
    });
    expect((await unlockVaultWithPrf(store, b.credentialId, b.prfOutput, fx)).accounts()).toHaveLength(1);
    expect((await unlockVault(store, MASTER, fx)).accounts()).toHaveLength(1);
  });

  it('refuses an unknown credential and the wrong PRF output with wrong-key, changing nothing', async () => {
    const { name, store, vault } = await fresh();
    const a = authenticator();
    await vault.addPrfSlot(a);
    const db = await openDB(name);
    const before = await db.get('meta', 'vault');
    db.close();
    await expect(unlockVaultWithPrf(store, bytes(64), a.prfOutput, fx)).rejects.toMatchObject({ code: 'wrong-key' });
    await expect(unlockVaultWithPrf(store, a.credentialId, bytes(32), fx)).rejects.toMatchObject({
      code: 'wrong-key',
    });
    // Another credential's output for this credential id: the output is what opens, not the id.
    await expect(unlockVaultWithPrf(store, a.credentialId, authenticator().prfOutput, fx)).rejects.toMatchObject({
      code: 'wrong-key',
    });
    expect(await store.readHeader()).toEqual(before);
  });

  it('refuses a credential already in a slot (duplicate) and keeps one slot for it', async () => {
    const { vault } = await fresh();
    const a = authenticator();
    await vault.addPrfSlot(a);
    await expect(vault.addPrfSlot({ ...a, prfSalt: bytes(32), label: 'again' })).rejects.toMatchObject({
      code: 'duplicate',
    });
    expect(vault.keySlots().filter((s) => s.type === 'prf')).toHaveLength(1);
  });

  it('refuses to remove the password slot, and an unknown id, writing nothing', async () => {
    const { store, vault } = await fresh();
    await vault.addPrfSlot(authenticator());
    const before = await store.readHeader();
    const password = vault.keySlots().find((s) => s.type === 'password');
    await expect(vault.removeSlot(password?.id ?? '')).rejects.toMatchObject({ code: 'password-slot-required' });
    await expect(vault.removeSlot('no-such-slot')).rejects.toMatchObject({ code: 'bad-record' });
    expect(await store.readHeader()).toEqual(before);
  });

  it('keeps every PRF slot when the password changes (only the matched password slot is replaced)', async () => {
    const { store, vault } = await fresh();
    const a = authenticator();
    await vault.addPrfSlot(a);
    await vault.changePassword(MASTER, 'new password', CHEAP);
    vault.lock();
    expect((await unlockVaultWithPrf(store, a.credentialId, a.prfOutput, fx)).accounts()).toHaveLength(1);
    expect((await unlockVault(store, 'new password', fx)).accounts()).toHaveLength(1);
    await expect(unlockVault(store, MASTER, fx)).rejects.toMatchObject({ code: 'wrong-password' });
  });

  it('an older reader that knows only password slots skips the PRF slot and opens by password', async () => {
    const { store, vault } = await fresh();
    await vault.addPrfSlot(authenticator());
    const header = (await store.readHeader()) as VaultHeader;
    expect(header.version).toBe(2);
    expect(header.slots.map((s) => s.type)).toEqual(['password', 'prf']);
    // What every earlier Twofold does with the header: only `type: 'password'` slots are tried.
    expect(passwordSlots(header).map((s) => s.type)).toEqual(['password']);
    expect(prfSlots(header)).toHaveLength(1);
  });
});

describe('a tampered or malformed PRF slot', () => {
  const tamperings: [string, (s: PrfSlot) => unknown][] = [
    ['a flipped byte of wrappedKey', (s) => ({ ...s, wrappedKey: flip(s.wrappedKey) })],
    ['a flipped byte of prfSalt', (s) => ({ ...s, prfSalt: flip(s.prfSalt) })],
    ['a flipped byte of credentialId', (s) => ({ ...s, credentialId: flip(s.credentialId) })],
    ['a flipped byte of nonce', (s) => ({ ...s, nonce: flip(s.nonce) })],
    ['a changed label', (s) => ({ ...s, label: 'Evil' })],
    ['a changed id', (s) => ({ ...s, id: randomUUID() })],
  ];
  const malformed: [string, (s: PrfSlot) => unknown][] = [
    ['a short prfSalt', (s) => ({ ...s, prfSalt: s.prfSalt.subarray(0, 16) })],
    ['a credentialId as a string', (s) => ({ ...s, credentialId: 'abc' })],
    ['no wrappedKey', ({ wrappedKey: _, ...s }) => s],
    ['a huge label', (s) => ({ ...s, label: 'x'.repeat(100_000) })],
    ['a numeric id', (s) => ({ ...s, id: 5 })],
    ['null', () => null],
  ];

  function flip(b: Uint8Array): Uint8Array {
    const c = b.slice();
    c[0] = (c[0] as number) ^ 1;
    return c;
  }

  /** A vault with one PRF slot, locked, whose stored slot is then replaced by `change(slot)`. */
  async function lockedWithChangedSlot(change: (s: PrfSlot) => unknown) {
    const { name, store, vault } = await fresh();
    const a = authenticator();
    await vault.addPrfSlot(a);
    vault.lock();
    await editHeader(name, (h) => ({
      ...h,
      slots: h.slots.map((s) => (s.type === 'prf' ? (change(s) as KeySlot) : s)),
    }));
    return { store, a };
  }

  for (const [what, change] of tamperings) {
    it(`with ${what} does not open, and the password still does`, async () => {
      const { store, a } = await lockedWithChangedSlot(change);
      const credentialId = what.includes('credentialId') ? flip(a.credentialId) : a.credentialId;
      await expect(unlockVaultWithPrf(store, credentialId, a.prfOutput, fx)).rejects.toMatchObject({
        code: 'wrong-key',
      });
      expect((await unlockVault(store, MASTER, fx)).accounts()).toHaveLength(1);
    });
  }

  for (const [what, change] of malformed) {
    it(`with ${what} is skipped and reported; the password still opens the vault`, async () => {
      const { store, a } = await lockedWithChangedSlot(change);
      await expect(unlockVaultWithPrf(store, a.credentialId, a.prfOutput, fx)).rejects.toMatchObject({
        code: 'wrong-key',
      });
      const opened = await unlockVault(store, MASTER, fx);
      expect(opened.accounts()).toHaveLength(1);
      if (what !== 'null') {
        // null has no type: it is not a PRF slot at all, just an unknown slot skipped like a later version's.
        expect(opened.unreadable.map((e) => e.code)).toEqual(['bad-header']);
        expect(readPrfSlots((await store.readHeader()) as VaultHeader).problems).toHaveLength(1);
      }
    });
  }

  it('a malformed slot does not stop another key from opening the vault', async () => {
    const { name, store, vault } = await fresh();
    const a = authenticator('A');
    const b = authenticator('B');
    await vault.addPrfSlot(a);
    await vault.addPrfSlot(b);
    vault.lock();
    await editHeader(name, (h) => ({
      ...h,
      slots: h.slots.map((s) => (s.type === 'prf' && s.label === 'A' ? ({ ...s, nonce: 7 } as unknown as KeySlot) : s)),
    }));
    const opened = await unlockVaultWithPrf(store, b.credentialId, b.prfOutput, fx);
    expect(opened.accounts()).toHaveLength(1);
    expect(opened.unreadable.map((e) => e.code)).toEqual(['bad-header']);
  });

  it('a malformed slot that has an id is listed and can be removed', async () => {
    const { name, store, vault } = await fresh();
    await vault.addPrfSlot(authenticator());
    vault.lock();
    await editHeader(name, (h) => ({
      ...h,
      slots: h.slots.map((s) => (s.type === 'prf' ? ({ ...s, prfSalt: 'x' } as unknown as KeySlot) : s)),
    }));
    const opened = await unlockVault(store, MASTER, fx);
    const broken = opened.keySlots().find((s) => s.type === 'prf');
    expect(broken).toMatchObject({ label: '' });
    await opened.removeSlot(broken?.id ?? '');
    expect(((await store.readHeader()) as VaultHeader).slots.map((s) => s.type)).toEqual(['password']);
    expect((await unlockVault(store, MASTER, fx)).unreadable).toEqual([]);
  });

  it('checkPrfSlot accepts a slot as written and names the field of a bad one', async () => {
    const slot = await createPrfSlot(bytes(32), authenticator(), fx);
    expect(checkPrfSlot(structuredClone(slot))).toEqual(slot);
    expect(() => checkPrfSlot({ ...slot, nonce: bytes(11) })).toThrow(/nonce/);
    expect(() => checkPrfSlot({ ...slot, createdAt: '1' })).toThrow(/createdAt/);
    expect(() => checkPrfSlot({ ...slot, wrappedKey: bytes(47) })).toThrow(/wrappedKey/);
  });
});

describe('nothing stored opens the vault without the authenticator or the password', () => {
  it('no stored byte string equals the vault key, the KEK or the PRF output, nor contains them', async () => {
    const { name, vault } = await fresh();
    const a = authenticator();
    const id = await vault.addPrfSlot(a);
    await vault.patchSettings({ preferences: { autoLockMinutes: 30 } });
    const vaultKey = vault.key.slice();
    const kek = derivePrfKek(a.prfOutput, a.prfSalt, id);
    const db = await openDB(name);
    const everything: unknown[] = [];
    for (const store of db.objectStoreNames) everything.push(await db.getAll(store));
    db.close();
    const blobs: Uint8Array[] = [];
    const walk = (v: unknown): void => {
      if (v instanceof Uint8Array) blobs.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (typeof v === 'string') blobs.push(new TextEncoder().encode(v));
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(everything);
    // The walk found the header's slots, the records, the index and the settings.
    expect(blobs.length).toBeGreaterThan(8);
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    const all = blobs.map(hex).join('|');
    for (const secret of [vaultKey, kek, a.prfOutput]) {
      expect(all.includes(hex(secret))).toBe(false);
      // Nor in base64 inside any string field.
      expect(all.includes(hex(new TextEncoder().encode(Buffer.from(secret).toString('base64').slice(0, 40))))).toBe(
        false,
      );
    }
    // The check could fail: the PRF salt, which is stored, is found.
    expect(all.includes(hex(a.prfSalt))).toBe(true);
  });
});

describe('a header entry that is not a slot at all (null)', () => {
  it('does not stop the password unlock, the listing or a password change', async () => {
    const { name, store, vault } = await fresh();
    const a = authenticator();
    await vault.addPrfSlot(a);
    vault.lock();
    await editHeader(name, (h) => ({ ...h, slots: [...h.slots, null as unknown as KeySlot] }));
    const opened = await unlockVault(store, MASTER, fx);
    expect(opened.keySlots().map((s) => s.type)).toEqual(['password', 'prf']);
    await opened.changePassword(MASTER, 'next', CHEAP);
    expect((await unlockVaultWithPrf(store, a.credentialId, a.prfOutput, fx)).accounts()).toHaveLength(1);
    expect((await unlockVault(store, 'next', fx)).accounts()).toHaveLength(1);
  });
});
