import 'fake-indexeddb/auto';
import { randomBytes, randomUUID } from 'node:crypto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRequest } from '../../../lib/messaging/protocol';
import type { KeySlot, VaultHeader } from '../../../lib/vault/header';
import { vaultArgon2id } from '../../../lib/vault/kdf';
import { MAX_PASSWORD_SLOTS_TRIED } from '../../../lib/vault/password-unwrap';
import { confirmPassword } from '../../../lib/vault/reauth';
import type { SessionPort } from '../../../lib/vault/session';
import type { PasswordSlot } from '../../../lib/vault/slots';
import { createVault, unlockVault } from '../../../lib/vault/vault';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { CHEAP, fx } from './fixtures';

const MASTER = 'correct horse';
const bytes = (n: number) => new Uint8Array(randomBytes(n));

async function fresh() {
  const name = `slot-listing-${randomUUID()}`;
  const store = await openIdbVaultStore(name);
  const vault = await createVault(store, MASTER, fx, CHEAP);
  return { name, store, vault };
}

/** Rewrites the stored header as a person with the disk could. */
async function editHeader(name: string, edit: (h: VaultHeader) => VaultHeader) {
  const db = await openDB(name);
  await db.put('meta', edit((await db.get('meta', 'vault')) as VaultHeader), 'vault');
  db.close();
}

const authenticator = (label: string) => ({
  credentialId: bytes(48),
  prfSalt: bytes(32),
  prfOutput: bytes(32),
  label,
});

afterEach(() => vi.restoreAllMocks());

describe('damaged PRF slots in the listing (review of issue 19, fix 4)', () => {
  async function tampered() {
    const { name, store, vault } = await fresh();
    const goodId = await vault.addPrfSlot(authenticator('Good key'));
    const damagedId = randomUUID();
    vault.lock();
    const good = (h: VaultHeader) => h.slots.find((s) => s.id === goodId) as KeySlot;
    await editHeader(name, (h) => ({
      ...h,
      slots: [
        ...h.slots,
        // Damaged but named by an id the remove request takes: listed, removable.
        { ...good(h), id: damagedId, wrappedKey: bytes(3), createdAt: 12345 },
        // Damaged with ids the remove request cannot name, or none: never listed.
        { ...good(h), id: 'x'.repeat(65), wrappedKey: bytes(3) },
        { ...good(h), id: '', wrappedKey: bytes(3) },
        { ...good(h), id: 42 as never },
        null as never,
        5 as never,
      ],
    }));
    return { name, store, goodId, damagedId, open: () => unlockVault(store, MASTER, fx) };
  }

  it('lists a damaged slot flagged `damaged`, without a name or a date, by an id the remove request accepts', async () => {
    const { goodId, damagedId, open } = await tampered();
    const listing = (await open()).keySlots();
    expect(listing.map((s) => [s.type, s.id === goodId, s.id === damagedId, s.damaged])).toEqual([
      ['password', false, false, undefined],
      ['prf', true, false, undefined],
      ['prf', false, true, true],
    ]);
    expect(listing[2]).toEqual({ id: damagedId, type: 'prf', label: '', createdAt: 0, damaged: true });
    expect(listing[1]).toMatchObject({ label: 'Good key', createdAt: fx.now() });
    for (const s of listing) expect(parseRequest({ type: 'vault-slot-remove', id: s.id })).toBeTruthy();
  });

  it('removes the damaged slot by its id, and that header write drops the entries nothing could name', async () => {
    const { store, goodId, damagedId, open } = await tampered();
    const vault = await open();
    await vault.removeSlot(damagedId);
    const slots = ((await store.readHeader()) as VaultHeader).slots;
    expect(slots.map((s) => s.type)).toEqual(['password', 'prf']);
    expect(slots[1]?.id).toBe(goodId);
    expect(vault.keySlots().map((s) => s.id)).toEqual([slots[0]?.id, goodId]);
  });

  it('a password change drops the unnameable entries too, and keeps the listed damaged slot for the person to remove', async () => {
    const { store, damagedId, open } = await tampered();
    const vault = await open();
    await vault.changePassword(MASTER, 'next password', CHEAP);
    const slots = ((await store.readHeader()) as VaultHeader).slots;
    expect(slots.map((s) => s.type)).toEqual(['password', 'prf', 'prf']);
    expect(slots[2]?.id).toBe(damagedId);
    expect(await unlockVault(store, 'next password', fx)).toBeTruthy();
  });
});

describe('at most four password slots are tried (review of issue 19, fix 5)', () => {
  /** A header with `extra` more in-bounds password slots that open nothing, the real one at `at`. */
  async function withExtraSlots(extra: number, at: number) {
    const { name, store, vault } = await fresh();
    vault.lock();
    await editHeader(name, (h) => {
      const real = h.slots[0] as PasswordSlot;
      // Another id changes the AAD: an in-bounds slot that costs a full derivation and opens nothing.
      const decoys: PasswordSlot[] = Array.from({ length: extra }, () => ({ ...real, id: randomUUID() }));
      decoys.splice(at, 0, real);
      return { ...h, slots: decoys };
    });
    return store;
  }

  const port = (): SessionPort => {
    const data = new Map<string, unknown>();
    return {
      get: async (k) => data.get(k) as never,
      set: async (k, v) => void data.set(k, v),
      remove: async (k) => void data.delete(k),
    };
  };

  it('a wrong password costs at most four derivations however many slots the header holds', async () => {
    const store = await withExtraSlots(20, 0);
    const derive = vi.spyOn(vaultArgon2id, 'derive');
    await expect(unlockVault(store, 'wrong', fx)).rejects.toMatchObject({ code: 'wrong-password' });
    expect(derive).toHaveBeenCalledTimes(MAX_PASSWORD_SLOTS_TRIED);
    derive.mockClear();
    await expect(confirmPassword(store, port(), fx.now(), 'wrong')).rejects.toMatchObject({ code: 'wrong-password' });
    expect(derive).toHaveBeenCalledTimes(MAX_PASSWORD_SLOTS_TRIED);
  });

  it('a slot past the fourth is never tried, at unlock or at the confirmation', async () => {
    const store = await withExtraSlots(5, MAX_PASSWORD_SLOTS_TRIED);
    await expect(unlockVault(store, MASTER, fx)).rejects.toMatchObject({ code: 'wrong-password' });
    await expect(confirmPassword(store, port(), fx.now(), MASTER)).rejects.toMatchObject({ code: 'wrong-password' });
  });

  it('the slots not tried are reported as a problem after the unlock, not an error', async () => {
    const store = await withExtraSlots(5, 1);
    const vault = await unlockVault(store, MASTER, fx);
    const problems = vault.unreadable.filter((e) => e.code === 'bad-header');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/2 more password slots than the 4/);
    await expect(confirmPassword(store, port(), fx.now(), MASTER)).resolves.toBeUndefined();
  });
});
