import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { VaultHeader } from '../../../lib/vault/header';
import { VaultSession } from '../../../lib/vault/session';
import { SESSION_KEY } from '../../../lib/vault/session-key';
import { DEFAULT_ARGON2ID, type PasswordSlot, weakerThan } from '../../../lib/vault/slots';
import type { VaultChange, VaultStore } from '../../../lib/vault/store';
import { createVault, unlockVault } from '../../../lib/vault/vault';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { CHEAP, fx, sampleAccount } from './fixtures';
import { goldenView, loadGolden } from './golden';
import { loadDatabase } from './idb-dump';
import { memorySession } from './memory-session';

const PASSWORD = 'correct horse battery';
/** Stronger than CHEAP, still quick in a unit test: stands for "the new default" where the real one is not needed. */
const STRONGER = { memoryKiB: 1024, iterations: 2, parallelism: 2 };

async function weakVault(accounts = 3) {
  const store = await openIdbVaultStore(`rewrap-${randomUUID()}`);
  const vault = await createVault(store, PASSWORD, fx, CHEAP);
  for (let i = 0; i < accounts; i++) {
    const { id: _, createdAt: __, updatedAt: ___, order: ____, ...draft } = sampleAccount({ notes: `account ${i}` });
    await vault.add(draft);
  }
  const before = {
    records: await store.readRecords(),
    index: await store.readIndex(),
    settings: await store.readSettings(),
  };
  const accountsBefore = vault.accounts();
  vault.lock();
  return { store, before, accountsBefore };
}

const header = async (store: VaultStore) => (await store.readHeader()) as VaultHeader;
const slotOf = async (store: VaultStore) => (await header(store)).slots[0] as PasswordSlot;
/** `store` with every commit recorded in `commits` before it goes through: what an unlock writes. */
function watchCommits(store: VaultStore): { watched: VaultStore; commits: VaultChange[] } {
  const commits: VaultChange[] = [];
  const watched: VaultStore = {
    ...store,
    commit: (c) => {
      commits.push(c);
      return store.commit(c);
    },
  };
  return { watched, commits };
}

describe('re-wrap at unlock (docs/vault-format.md "Re-wrap at unlock")', () => {
  it('replaces a weaker password slot under the new cost in one header commit; records, index and settings untouched', async () => {
    const { store, before, accountsBefore } = await weakVault();
    const old = await slotOf(store);
    const { watched, commits } = watchCommits(store);
    const vault = await unlockVault(watched, PASSWORD, fx, STRONGER);
    expect(commits).toHaveLength(1);
    expect(Object.keys(commits[0] ?? {})).toEqual(['header']);
    const slot = await slotOf(store);
    expect(slot.kdf).toMatchObject(STRONGER);
    expect(slot.kdf.salt).not.toEqual(old.kdf.salt);
    expect(slot.nonce).not.toEqual(old.nonce);
    expect(slot.id).not.toBe(old.id);
    expect((await header(store)).slots).toHaveLength(1);
    expect(vault.accounts()).toEqual(accountsBefore);
    vault.lock();
    // Byte for byte: the re-wrap wrote the header only.
    expect(await store.readRecords()).toEqual(before.records);
    expect(await store.readIndex()).toEqual(before.index);
    expect(await store.readSettings()).toEqual(before.settings);
    const again = await unlockVault(store, PASSWORD, fx, STRONGER);
    expect(again.accounts()).toEqual(accountsBefore);
    await expect(unlockVault(store, 'wrong', fx)).rejects.toMatchObject({ code: 'wrong-password' });
  });

  it('leaves a slot as strong as the target alone, and a slot stronger in either dimension', async () => {
    const { store } = await weakVault(1);
    const h = await header(store);
    await unlockVault(store, PASSWORD, fx, CHEAP);
    expect(await header(store)).toEqual(h);
    expect(weakerThan({ memoryKiB: 65536, iterations: 3 }, { memoryKiB: 131072, iterations: 3 })).toBe(true);
    expect(weakerThan({ memoryKiB: 65536, iterations: 3 }, { memoryKiB: 65536, iterations: 4 })).toBe(true);
    expect(weakerThan({ memoryKiB: 65536, iterations: 3 }, { memoryKiB: 65536, iterations: 3 })).toBe(false);
    // Never trade memory for passes or back.
    expect(weakerThan({ memoryKiB: 131072, iterations: 2 }, { memoryKiB: 65536, iterations: 3 })).toBe(false);
    expect(weakerThan({ memoryKiB: 65536, iterations: 4 }, { memoryKiB: 131072, iterations: 3 })).toBe(false);
  });

  it('an interrupted re-wrap (the header commit throws) fails nothing: the unlock succeeds, the old slot still opens, nothing is lost, and the next unlock re-wraps', async () => {
    const { store, before, accountsBefore } = await weakVault();
    const h = await header(store);
    const failing: VaultStore = {
      ...store,
      commit: async (c) => {
        if (c.header) throw new DOMException('The transaction was aborted', 'AbortError');
        return store.commit(c);
      },
    };
    const vault = await unlockVault(failing, PASSWORD, fx, STRONGER);
    expect(vault.accounts()).toEqual(accountsBefore);
    vault.lock();
    expect(await header(store)).toEqual(h);
    expect(await store.readRecords()).toEqual(before.records);
    const reopened = await unlockVault(store, PASSWORD, fx, STRONGER);
    expect(reopened.accounts()).toEqual(accountsBefore);
    expect((await slotOf(store)).kdf).toMatchObject(STRONGER);
  });

  it('the background re-wraps through the session at its cost, and a later change keeps the new slot', async () => {
    const { store, accountsBefore } = await weakVault();
    const session = new VaultSession(store, memorySession(), fx, STRONGER);
    await session.unlock(PASSWORD);
    expect((await slotOf(store)).kdf).toMatchObject(STRONGER);
    // The unlocked vault knows the new header: a password change replaces the new slot, not a stale copy of the old.
    const vault = await session.require();
    expect(vault.accounts()).toEqual(accountsBefore);
    await vault.changePassword(PASSWORD, 'another password', STRONGER);
    expect((await header(store)).slots).toHaveLength(1);
    await session.lock();
    await session.unlock('another password');
    expect((await session.require()).accounts()).toEqual(accountsBefore);
  });

  it('a second unlock while the vault is already open (a second popup) writes nothing: the open vault keeps the header', async () => {
    const store = await openIdbVaultStore(`rewrap-open-${randomUUID()}`);
    const created = await createVault(store, PASSWORD, fx, CHEAP);
    // Open through the session key, as after a service-worker restart: no unlock has run yet.
    const port = memorySession();
    await port.set(SESSION_KEY, Array.from(created.key));
    await port.set('lastActivity', fx.now());
    created.lock();
    const { watched, commits } = watchCommits(store);
    const session = new VaultSession(watched, port, fx, STRONGER);
    await session.require();
    await session.unlock(PASSWORD);
    expect(commits).toEqual([]);
    expect((await slotOf(store)).kdf).toMatchObject(CHEAP);
    // Locked, the next unlock re-wraps.
    await session.lock();
    await session.unlock(PASSWORD);
    expect((await slotOf(store)).kdf).toMatchObject(STRONGER);
  });

  it('a vault already at the default cost is not re-wrapped: the same slot, and no header written', async () => {
    const store = await openIdbVaultStore(`rewrap-at-default-${randomUUID()}`);
    (await createVault(store, PASSWORD, fx, DEFAULT_ARGON2ID)).lock();
    const previous = await slotOf(store);
    const { watched, commits } = watchCommits(store);
    (await unlockVault(watched, PASSWORD, fx, DEFAULT_ARGON2ID)).lock();
    expect(commits).toEqual([]);
    expect(await slotOf(store)).toEqual(previous);
  }, 60_000);

  it('a golden vault (a copy of tests/fixtures/vault/v2.json) is re-wrapped under the default and shows exactly its accounts', async () => {
    const golden = loadGolden('v2.json');
    const name = `golden-rewrap-${randomUUID()}`;
    await loadDatabase(name, golden.database);
    const store = await openIdbVaultStore(name);
    const records = await store.readRecords();
    const first = await unlockVault(store, golden.password, fx, DEFAULT_ARGON2ID);
    expect(first.accounts().map(goldenView)).toEqual(golden.expect.accounts);
    first.lock();
    expect((await slotOf(store)).kdf).toMatchObject(DEFAULT_ARGON2ID);
    expect(await store.readRecords()).toEqual(records);
    const second = await unlockVault(store, golden.password, fx);
    expect(second.accounts().map(goldenView)).toEqual(golden.expect.accounts);
    expect(second.settings()).toEqual(golden.expect.settings);
  }, 60_000);
});
