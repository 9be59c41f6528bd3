import en from '../../locales/en/core.json';
import organiseEn from '../../locales/en/organise.json';
import prfcore from '../../locales/en/prfcore.json';
import { bytesEqual } from '../encoding/bytes';
import { textsOf } from '../i18n/text';
import { currentCode } from '../otp/code';
import type { SyncRecord } from '../sync/record';
import { withNewSlot } from '../sync/slot-change';
import { isPurged } from '../sync/state';
import { createSyncSlot } from '../sync/sync-slot';
import type { SyncVaultPort, VaultSyncChange } from '../sync/vault-port';
import type { Account } from './account-data';
import { compareAccounts } from './account-order';
import { VaultError } from './errors';
import { checkHeader, type KeySlot, passwordSlots, VAULT_VERSION, type VaultHeader } from './header';
import { withPrunedHistory } from './key-history';
import { loadVault, type OpenedVault, upgradeVault } from './load';
import { untriedPasswordSlots, unwrapAnyPasswordSlot } from './password-unwrap';
import { createPrfSlot, type PrfSlotInput, readPrfSlots, slotsForCredential, unwrapWithCredential } from './prf-slot';
import { copyIndex, emptyIndex, sealIndex, type VaultIndex } from './record-index';
import { type AccountRecord, sealAccount } from './records';
import { checkSettingsToWrite, DEFAULT_SETTINGS, type SettingsRecord } from './settings';
import { applySettingsPatch, type SettingsPatch } from './settings-patch';
import { type SealedSettings, sealSettings } from './settings-record';
import { createPasswordSlot, DEFAULT_ARGON2ID, type Effects, type PasswordSlot, weakerThan } from './slots';
import type { VaultStore } from './store';
import { type SealedSync, sealSync } from './sync-record';
import { stampLocalChange, stampOutsideChanges, stampPurge, withDigests } from './sync-stamp';
import { type SealedTrash, sealTrash, type TrashEntry, unexpired } from './trash';
import { sealUsage, type Usage, withUse } from './usage';

const text = textsOf(en);
const prfText = textsOf(prfcore);
const organiseText = textsOf(organiseEn);

export type KdfCost = typeof DEFAULT_ARGON2ID | { memoryKiB: number; iterations: number; parallelism: number };

/** Whether a vault exists in `store` (first run shows setup instead of unlock). */
/** What {@link UnlockedVault.applyMany} stores: new accounts, and patches of existing ones. */
export interface ChangePlan {
  /** New accounts; a restore passes the backup's `createdAt` so restored accounts keep their age. */
  adds: readonly (Omit<Account, 'id' | 'createdAt' | 'updatedAt' | 'order'> & { createdAt?: number })[];
  updates: readonly { id: string; patch: Partial<Omit<Account, 'id' | 'createdAt' | 'updatedAt'>> }[];
  /** Accounts to delete (a restore that replaces the vault). */
  removes?: readonly string[];
}

export async function vaultExists(store: VaultStore): Promise<boolean> {
  return (await store.readHeader()) !== undefined;
}

/** First run: a random vault key wrapped by one password slot, written in one transaction. */
export async function createVault(
  store: VaultStore,
  password: string,
  fx: Effects,
  cost: KdfCost = DEFAULT_ARGON2ID,
): Promise<UnlockedVault> {
  if (await vaultExists(store)) throw new VaultError('bad-header', text('core_vault_exists'));
  const key = fx.random(32);
  const header: VaultHeader = {
    format: 'twofold-vault',
    version: VAULT_VERSION,
    id: fx.uuid(),
    createdAt: fx.now(),
    slots: [await createPasswordSlot(key, password, fx, cost)],
  };
  // The empty index is written with the header: a format 2 vault always has one to check against.
  await store.commit({ header, index: await sealIndex(key, header.id, emptyIndex(), fx.random) });
  const opened = { header, accounts: [], index: emptyIndex(), settings: { ...DEFAULT_SETTINGS }, problems: [] };
  return new UnlockedVault(store, opened, key, fx);
}

/**
 * Unlocks with a password: tries each password slot; a wrong password leaves everything unchanged. Nothing but the
 * header is read before a slot opens, so a wrong password is answered after one KDF per password slot and nothing else.
 * With `rewrapTo` (the background always passes its cost), a matched slot whose parameters are weaker is re-wrapped
 * under `rewrapTo` once the vault is open (docs/vault-format.md "Re-wrap at unlock"); that never fails the unlock.
 */
export async function unlockVault(
  store: VaultStore,
  password: string,
  fx: Effects,
  rewrapTo?: KdfCost,
): Promise<UnlockedVault> {
  const header = checkHeader(await store.readHeader());
  const { key, slot } = await unwrapAnyPasswordSlot(passwordSlots(header), password);
  const vault = await openOrWipe(store, key, fx);
  if (rewrapTo && weakerThan(slot.kdf, rewrapTo)) await vault.rewrapPasswordSlot(slot.id, password, rewrapTo);
  return vault;
}

/**
 * Unlocks with a passkey or security key: the PRF output the extension page got from the authenticator for
 * `credentialId` (docs/vault-format.md "PRF key slot"). No slot for that credential, or an output that does not
 * open it, is VaultError('wrong-key'); nothing changes.
 */
export async function unlockVaultWithPrf(
  store: VaultStore,
  credentialId: Uint8Array,
  prfOutput: Uint8Array,
  fx: Effects,
): Promise<UnlockedVault> {
  const header = checkHeader(await store.readHeader());
  const key = await unwrapWithCredential(readPrfSlots(header).slots, credentialId, prfOutput);
  return openOrWipe(store, key, fx);
}

/** Opens with a key just unwrapped; if the open fails nothing holds the key any more, so it is wiped. */
async function openOrWipe(store: VaultStore, key: Uint8Array, fx: Effects): Promise<UnlockedVault> {
  try {
    return await openWithKey(store, key, fx);
  } catch (e) {
    key.fill(0);
    throw e;
  }
}

/**
 * Whether `id` names a slot the remove request can name (`vault-slot-remove`'s `id`, lib/messaging/fields.ts: a string
 * of 1 to 64 characters). Only such slots are listed; a non-password entry without one is dropped at the next header
 * write ({@link keptSlots}).
 */
function removableId(id: unknown): id is string {
  return typeof id === 'string' && id.length >= 1 && id.length <= 64;
}

/**
 * The slots a header write keeps (docs/vault-format.md "PRF key slot", damaged slots): every password slot, and every
 * other entry that has an id Settings can list and remove. Anything else (null, a number, a slot whose id is missing
 * or too long) could never be removed by hand, opens nothing, and is dropped.
 */
function keptSlots(slots: readonly KeySlot[]): KeySlot[] {
  return slots.filter((s) => {
    const r = s as { type?: unknown; id?: unknown } | null;
    return r?.type === 'password' || removableId(r?.id);
  });
}

/** A key slot as Settings lists it: nothing secret, nothing that opens it. */
export interface KeySlotListing {
  id: string;
  type: 'password' | 'prf';
  /** The name given to a passkey or security key; empty for the password. */
  label: string;
  /** When the slot was added; 0 for a damaged slot (its date cannot be trusted, and is not shown). */
  createdAt: number;
  /** A PRF slot that failed its check (docs/vault-format.md "PRF key slot"): listed so it can be removed. */
  damaged?: true;
}

/**
 * Opens with a key already unwrapped (kept in storage.session across service-worker restarts). A format 1
 * vault is upgraded here, in one transaction (docs/vault-format.md "Version 1 → 2").
 */
export async function openWithKey(store: VaultStore, key: Uint8Array, fx: Effects): Promise<UnlockedVault> {
  const header = checkHeader(await store.readHeader());
  const opened =
    header.version === 1 ? await upgradeVault(store, header, key, fx) : await loadVault(store, header, key);
  const vault = new UnlockedVault(store, opened, key, fx);
  await vault.recordOutsideChanges();
  await vault.expireTrash();
  return vault;
}

/**
 * An unlocked vault: decrypted accounts in memory, every change sealed and committed before it is
 * visible. One instance is the only writer (the background), so changes are applied one at a time.
 */
export class UnlockedVault implements SyncVaultPort {
  readonly #store: VaultStore;
  #header: VaultHeader;
  #key: Uint8Array | undefined;
  readonly #accounts = new Map<string, Account>();
  readonly #fx: Effects;
  /** The current version of every record, as committed (docs/vault-format.md "The index"). */
  #index: VaultIndex;
  #settings: SettingsRecord;
  /**
   * Records that failed to open or disagree with the index, and settings that could not be used, with
   * the error naming each; shown in the popup, never deleted automatically.
   */
  readonly unreadable: readonly VaultError[];
  #queue: Promise<unknown> = Promise.resolve();
  /** The replica record and its version, while sync is on (docs/sync-format.md "On the device: the replica record"). */
  #sync: { record: SyncRecord; version: number } | undefined;
  /** The highest replica-record version known: the next one written is above it, so an older copy never matches. */
  #syncFloor: number;
  /** Why a stored replica record is not used; cleared when sync is turned on or off again. */
  #syncProblem: VaultError | undefined;
  readonly #localListeners = new Set<() => void>();
  /** Set by a commit that stamped the replica; the listeners hear of it once the change is in memory. */
  #stamped = false;
  /** "Recently deleted" (docs/vault-format.md "Recently deleted"), as committed. */
  #trash: TrashEntry[];
  /** The highest "Recently deleted" version known: the next one written is above it, so an older copy never matches. */
  #trashFloor: number;
  /** When each account was last used here (docs/vault-format.md "Usage"). */
  #usage: Usage;

  constructor(store: VaultStore, opened: OpenedVault, key: Uint8Array, fx: Effects) {
    this.#store = store;
    this.#header = opened.header;
    this.#key = key;
    this.#fx = fx;
    this.#index = opened.index;
    this.#settings = opened.settings;
    // A malformed passkey or security-key slot is named, never fatal (docs/vault-format.md "PRF key slot").
    // So are password slots beyond the ones an unlock tries (docs/vault-format.md "Key slot").
    this.unreadable = [
      ...opened.problems,
      ...readPrfSlots(opened.header).problems,
      ...untriedPasswordSlots(opened.header),
    ];
    for (const a of opened.accounts) this.#accounts.set(a.id, a);
    this.#sync = opened.sync ? { record: ownCopy(opened.sync.record), version: opened.sync.version } : undefined;
    this.#syncFloor = opened.syncFloor ?? 0;
    this.#syncProblem = opened.syncProblem;
    this.#trash = opened.trash ?? [];
    this.#trashFloor = opened.trashFloor ?? 0;
    this.#usage = opened.usage ?? {};
  }

  /**
   * Seals and commits one change with a new index in the same transaction: each written record gets the
   * next version, removed ones leave the index. Memory is updated by the callers only after this resolves.
   */
  async #commit(change: {
    put?: readonly Account[];
    remove?: readonly string[];
    settings?: SettingsRecord;
    /**
     * The replica record to write (null: delete it, sync off), from {@link updateSync}: its accounts are not stamped.
     * Without it, a change of accounts while sync is on stamps the replica with that change.
     */
    sync?: SyncRecord | null;
    /** A new clear header (a password change), in the same transaction. */
    header?: VaultHeader;
    /** "Recently deleted" as it is to be, in the same transaction (an account moved in or out of it). */
    trash?: readonly TrashEntry[];
  }): Promise<void> {
    // A copy: lock() zeroes the vault's key in place at any moment, and every await below lets it run;
    // sealing the rest of the change under zeros would write records no key opens.
    const key = this.key.slice();
    try {
      const vaultId = this.#header.id;
      const index = copyIndex(this.#index);
      const put: AccountRecord[] = [];
      for (const a of change.put ?? []) {
        const version = (index.accounts.get(a.id)?.version ?? 0) + 1;
        index.accounts.set(a.id, { version, createdAt: a.createdAt });
        put.push(await sealAccount(key, a, this.#fx.random, { vaultId, version }));
      }
      for (const id of change.remove ?? []) index.accounts.delete(id);
      let settings: SealedSettings | undefined;
      if (change.settings) {
        index.settings += 1;
        settings = await sealSettings(key, vaultId, index.settings, change.settings, this.#fx.random);
      }
      // The replica in the same transaction as the accounts (docs/sync-format.md "On the device"), so a crash
      // never leaves a change in one and not the other.
      let record = change.sync;
      const accountsChanged = put.length > 0 || (change.remove ?? []).length > 0;
      if (record === undefined && this.#sync && accountsChanged)
        record = stampLocalChange(this.#sync.record, change.put ?? [], change.remove ?? [], this.#fx.now());
      let sync: SealedSync | null | undefined;
      const last = Math.max(this.#syncFloor, index.sync?.version ?? 0);
      if (record) {
        index.sync = { version: last + 1 };
        sync = await sealSync(key, vaultId, last + 1, record, this.#fx.random);
      } else if (record === null) {
        // The last version stays in the index: a record put back later is named, never used.
        index.sync = { version: last, off: true };
        sync = null;
      }
      let trash: SealedTrash | undefined;
      if (change.trash) {
        index.trash = Math.max(this.#trashFloor, index.trash ?? 0) + 1;
        trash = await sealTrash(key, vaultId, index.trash, change.trash, this.#fx.random);
      }
      const sealed = await sealIndex(key, vaultId, index, this.#fx.random);
      // Locked while sealing: the person asked for the vault to be closed, so the change is not written.
      if (!this.#key) throw new VaultError('locked', text('core_vault_locked'));
      await this.#store.commit({
        put,
        remove: [...(change.remove ?? [])],
        index: sealed,
        settings,
        ...(sync !== undefined ? { sync } : {}),
        ...(change.header !== undefined ? { header: change.header } : {}),
        ...(trash ? { trash } : {}),
      });
      this.#index = index;
      if (change.trash) {
        this.#trash = [...change.trash];
        this.#trashFloor = index.trash ?? this.#trashFloor;
      }
      if (record !== undefined) {
        this.#sync = record ? { record: ownCopy(record), version: last + 1 } : undefined;
        this.#syncFloor = record ? last + 1 : last;
        this.#syncProblem = undefined;
        if (record && change.sync === undefined) this.#stamped = true;
      }
    } finally {
      key.fill(0);
    }
  }

  /** The settings record, as opened and validated (defaults for any that could not be used). */
  settings(): SettingsRecord {
    return structuredClone(this.#settings);
  }

  /**
   * Applies one owner's patch to the settings as they are when its turn in the queue comes, and stores the result
   * encrypted with the index; a value out of range is refused (VaultError 'bad-setting'). There is no way to write a
   * whole record: a writer that read the settings and wrote them back later would undo what others changed meanwhile.
   */
  patchSettings(patch: SettingsPatch): Promise<SettingsRecord> {
    return this.#serial(async () => {
      const checked = checkSettingsToWrite(applySettingsPatch(this.#settings, patch));
      await this.#commit({ settings: checked });
      this.#settings = structuredClone(checked);
      return structuredClone(checked);
    });
  }

  /**
   * The person has seen that the index was rebuilt after it was lost (the 'index-rebuilt' or
   * 'index-unreadable' problem) and accepts the accounts as they are: the index is written without the
   * mark, and the warning ends at the next open.
   */
  confirmIndex(): Promise<void> {
    return this.#serial(async () => {
      const index = copyIndex(this.#index);
      delete index.rebuilt;
      const key = this.key.slice();
      try {
        const sealed = await sealIndex(key, this.#header.id, index, this.#fx.random);
        if (!this.#key) throw new VaultError('locked', text('core_vault_locked'));
        await this.#store.commit({ index: sealed });
      } finally {
        key.fill(0);
      }
      this.#index = index;
    });
  }

  /** The raw vault key, for the session store; throws once locked. */
  get key(): Uint8Array {
    if (!this.#key) throw new VaultError('locked', text('core_vault_locked'));
    return this.#key;
  }

  accounts(): Account[] {
    return [...this.#accounts.values()].sort(compareAccounts);
  }

  get(id: string): Account {
    const a = this.#accounts.get(id);
    if (!a) throw new VaultError('bad-record', text('core_vault_no_account', id), { recordId: id });
    return a;
  }

  /** Runs vault changes one after another, so two edits never interleave their read-modify-write. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    // A change whose write was under way when the vault locked lands (it was sealed with the right key),
    // but what the caller then put in memory is forgotten again: a locked vault holds no account.
    const run = () =>
      fn()
        .finally(() => {
          if (!this.#key) this.#forget();
        })
        .finally(() => this.#announceStamp());
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => {});
    return next;
  }

  /** Tells the listeners of {@link onLocalChange} once a change that stamped the replica is committed and in memory. */
  #announceStamp(): void {
    if (!this.#stamped) return;
    this.#stamped = false;
    for (const listener of [...this.#localListeners]) {
      try {
        listener();
      } catch {
        // A listener's failure is its own (the sync service schedules a round); the change is committed either way.
      }
    }
  }

  /**
   * Calls `listener` after every committed local change that stamped the replica (sync on): the sync service debounces
   * a round on it. Changes written by {@link updateSync} (a round's own merge) are not announced. Returns a function
   * that stops listening.
   */
  onLocalChange(listener: () => void): () => void {
    this.#localListeners.add(listener);
    return () => this.#localListeners.delete(listener);
  }

  /** The replica record while sync is on (a copy: a lock wipes the vault's own sync key). */
  syncRecord(): SyncRecord | undefined {
    return this.#sync ? ownCopy(this.#sync.record) : undefined;
  }

  /** Why this device's replica record is not used (also among {@link unreadable}), until sync is turned on or off. */
  get syncProblem(): VaultError | undefined {
    return this.#syncProblem;
  }

  /**
   * A sync round's only way into the vault (lib/sync/vault-port.ts): `fn` runs inside the queue on the current record
   * and accounts; its record (undefined: sync off, the record deleted) and its accounts land in one transaction with
   * the index. Accounts written here are not stamped (they come from the replica); their digests are set from what the
   * vault stores, so the next unlock does not take them for outside edits. Nothing is written when sync is and stays
   * off and nothing changes.
   */
  updateSync(
    fn: (
      current: SyncRecord | undefined,
      accounts: readonly Account[],
    ) => { record: SyncRecord | undefined; change?: VaultSyncChange },
  ): Promise<SyncRecord | undefined> {
    return this.#serial(async () => {
      const { record, change } = fn(this.syncRecord(), this.accounts());
      const put = change?.put ?? [];
      if (new Set(put.map((a) => a.id)).size !== put.length)
        throw new VaultError('bad-record', text('core_vault_update_twice'));
      // An id already gone has nothing left to remove.
      const remove = [...new Set(change?.remove ?? [])].filter((id) => this.#accounts.has(id));
      if (put.some((a) => remove.includes(a.id)))
        throw new VaultError('bad-record', text('core_vault_update_and_delete'));
      // A record to delete: the one in use, or one the open could not use (turning sync off clears its warning).
      const stored = this.#sync !== undefined || this.#syncProblem !== undefined;
      if (!record && !stored && put.length === 0 && remove.length === 0) return undefined;
      const written = record ? withDigests(record, put, remove) : null;
      // An account sync brings back is no longer "recently deleted": its entry would only fail to restore.
      const back = new Set(put.map((a) => a.id));
      const trash = this.#trash.some((e) => back.has(e.account.id))
        ? this.#trash.filter((e) => !back.has(e.account.id))
        : undefined;
      await this.#commit({ put, remove, ...(written || stored ? { sync: written } : {}), ...(trash ? { trash } : {}) });
      for (const a of put) this.#accounts.set(a.id, a);
      for (const id of remove) this.#accounts.delete(id);
      return written ? ownCopy(written) : undefined;
    });
  }

  /**
   * At open, while sync is on: accounts changed, added or removed without the replica (docs/sync-format.md "On the
   * device": an older Twofold after a downgrade, a hand-edited profile) become local edits, in one commit. Records the
   * open could not use are left out. Never fails the open: a failed write is tried again at the next one.
   */
  recordOutsideChanges(): Promise<void> {
    return this.#serial(async () => {
      if (!this.#sync) return;
      const skip = new Set(this.unreadable.flatMap((e) => (e.recordId ? [e.recordId] : [])));
      const record = stampOutsideChanges(this.#sync.record, this.accounts(), skip, this.#fx.now());
      if (record) await this.#commit({ sync: record });
    }).catch(() => {});
  }

  /** Adds an account; it exists only once the write has committed. */
  add(draft: Omit<Account, 'id' | 'createdAt' | 'updatedAt' | 'order'> & { order?: number }): Promise<Account> {
    return this.#serial(async () => {
      const now = this.#fx.now();
      const order = draft.order ?? Math.max(-1, ...[...this.#accounts.values()].map((a) => a.order)) + 1;
      const account: Account = { ...draft, id: this.#fx.uuid(), createdAt: now, updatedAt: now, order };
      await this.#commit({ put: [account] });
      this.#accounts.set(account.id, account);
      return account;
    });
  }

  /**
   * Adds and updates several accounts in one transaction (enrolment of a scanned export, an
   * "update" of an existing account): all of them are stored, or none is. `plan` runs inside the
   * vault's queue with the accounts as they are at that moment, so checks it makes (duplicates, an
   * HOTP counter that must not move back) cannot be overtaken by another change; it throws to abort.
   */
  applyMany(plan: (current: readonly Account[]) => ChangePlan): Promise<{ added: Account[]; updated: Account[] }> {
    return this.#serial(async () => {
      const { adds, updates, removes = [] } = plan(this.accounts());
      for (const id of removes) this.get(id);
      if (updates.some((u) => removes.includes(u.id)))
        throw new VaultError('bad-record', text('core_vault_update_and_delete'));
      const now = this.#fx.now();
      let order = Math.max(-1, ...[...this.#accounts.values()].map((a) => a.order));
      const added: Account[] = adds.map((d) =>
        withPrunedHistory(
          {
            ...d,
            id: this.#fx.uuid(),
            // Never in the future: a backup written on a machine whose clock ran ahead must not make a restored account "new" for days.
            createdAt: Math.min(d.createdAt ?? now, now),
            updatedAt: now,
            order: ++order,
          },
          now,
        ),
      );
      // Every write drops previous keys older than 30 days (docs/vault-format.md "Previous keys").
      const updated: Account[] = updates.map(({ id, patch }) =>
        withPrunedHistory({ ...this.get(id), ...patch, id, updatedAt: now }, now),
      );
      if (new Set(updates.map((u) => u.id)).size !== updates.length) {
        throw new VaultError('bad-record', text('core_vault_update_twice'));
      }
      const all = [...added, ...updated];
      if (all.length === 0 && removes.length === 0) return { added, updated };
      // A removed account goes to "Recently deleted" like one deleted by hand (docs/vault-format.md "Recently deleted"):
      // a restore that replaces the vault can be undone account by account.
      const gone: TrashEntry[] = removes.map((id) => ({ account: this.get(id), deletedAt: now }));
      const trash =
        gone.length === 0 ? undefined : [...gone, ...this.#trash.filter((e) => !removes.includes(e.account.id))];
      await this.#commit({ put: all, remove: removes, ...(trash ? { trash } : {}) });
      for (const a of all) this.#accounts.set(a.id, a);
      for (const id of removes) this.#accounts.delete(id);
      return { added, updated };
    });
  }

  /** Replaces an account's editable fields; id and creation time are kept. */
  update(id: string, patch: Partial<Omit<Account, 'id' | 'createdAt' | 'updatedAt'>>): Promise<Account> {
    return this.#serial(async () => {
      const now = this.#fx.now();
      const account: Account = withPrunedHistory({ ...this.get(id), ...patch, id, updatedAt: now }, now);
      await this.#commit({ put: [account] });
      this.#accounts.set(id, account);
      return account;
    });
  }

  /** Sets the display order to the order of `ids` (all listed accounts), in one transaction. */
  reorder(ids: readonly string[]): Promise<void> {
    return this.#serial(async () => {
      const now = this.#fx.now();
      const changed = ids.map((id, order) => ({ ...this.get(id), order, updatedAt: now }));
      await this.#commit({ put: changed });
      for (const a of changed) this.#accounts.set(a.id, a);
    });
  }

  /**
   * Deletes an account: it moves to "Recently deleted" in the same transaction (docs/vault-format.md,
   * "Recently deleted" section); while sync is on the deletion is stamped like any other (the tombstone).
   */
  remove(id: string): Promise<void> {
    return this.#serial(async () => {
      const account = this.get(id); // an unknown id throws before anything is written
      const entry: TrashEntry = { account, deletedAt: this.#fx.now() };
      await this.#commit({ remove: [id], trash: [entry, ...this.#trash.filter((e) => e.account.id !== id)] });
      this.#accounts.delete(id);
    });
  }

  /** "Recently deleted", newest first (copies). */
  trash(): TrashEntry[] {
    return [...this.#trash].sort((x, y) => y.deletedAt - x.deletedAt).map((e) => structuredClone(e));
  }

  /**
   * Puts a recently deleted account back as it was (same id, group, order), in one transaction with the trash. Its
   * `updatedAt` is now: with sync on this is a newer edit than the deletion, so it comes back on every device
   * (docs/sync-format.md "Deletion and tombstones"). An account holding the same key now is refused with `taken`'s
   * error, naming it; nothing changes. If the replica holds the id purged ("Delete forever" elsewhere, or "Erase
   * deleted accounts from synced data now"), a write under that id would be dropped by every device, so the account
   * comes back under a fresh id: a new account for sync.
   */
  restoreFromTrash(id: string, taken: (twin: Account) => Error): Promise<Account> {
    return this.#serial(async () => {
      const entry = this.#trash.find((e) => e.account.id === id);
      if (!entry) throw new VaultError('not-in-trash', organiseText('organise_trash_not_found'), { recordId: id });
      const twin =
        this.#accounts.get(id) ??
        [...this.#accounts.values()].find((a) => bytesEqual(a.otp.secret, entry.account.otp.secret));
      if (twin) throw taken(twin);
      const now = this.#fx.now();
      const held = this.#sync?.record.replica.state.accounts[id];
      const freshId = held !== undefined && isPurged(held) ? this.#fx.uuid() : id;
      const account: Account = withPrunedHistory(
        { ...entry.account, id: freshId, updatedAt: Math.max(now, entry.account.updatedAt) },
        now,
      );
      await this.#commit({ put: [account], trash: this.#trash.filter((e) => e !== entry) });
      this.#accounts.set(account.id, account);
      return account;
    });
  }

  /**
   * Erases a recently deleted account for good ("Delete forever"). While sync is on, the sync tombstone still holds
   * every field of it: in the same commit it becomes a purged marker (docs/sync-format.md "Deletion and tombstones"),
   * which the next round writes to the other devices, so no copy keeps the key and no edit made elsewhere brings it back.
   */
  purgeFromTrash(id: string): Promise<void> {
    return this.#serial(async () => {
      if (!this.#trash.some((e) => e.account.id === id))
        throw new VaultError('not-in-trash', organiseText('organise_trash_not_found'), { recordId: id });
      const sync = this.#sync ? stampPurge(this.#sync.record, id, this.#fx.now()) : undefined;
      await this.#commit({ trash: this.#trash.filter((e) => e.account.id !== id), ...(sync ? { sync } : {}) });
      // A local change for the sync service: the marker reaches the other devices with the next round.
      if (sync) this.#stamped = true;
    });
  }

  /**
   * At open: deleted accounts older than 30 days are erased for good, and a date in the future is taken as now
   * (docs/vault-format.md "Recently deleted"). An entry whose account is in the vault again (brought back by sync) is
   * dropped: restoring it could only fail. A record that could not be read (named once among the problems of this
   * open) is replaced by an empty one above every version seen, so the warning is not repeated at every unlock. Never
   * fails the open: a failed write is tried again at the next one.
   */
  expireTrash(): Promise<void> {
    return this.#serial(async () => {
      const kept = unexpired(this.#trash, this.#fx.now()).filter((e) => !this.#accounts.has(e.account.id));
      const damaged = this.unreadable.some((e) => e.code === 'trash-unreadable');
      const changed = kept.length !== this.#trash.length || kept.some((e, i) => e !== this.#trash[i]);
      if (changed || damaged) await this.#commit({ trash: kept });
    }).catch(() => {});
  }

  /** When each account was last used here (a copy). */
  usage(): Usage {
    return { ...this.#usage };
  }

  /**
   * A code of `id` was copied or filled (docs/vault-format.md "Usage"): its own small record, no index write, never
   * stamped for sync. An unknown id is refused.
   */
  recordUse(id: string): Promise<void> {
    return this.#serial(async () => {
      this.get(id);
      // Gone accounts are dropped as the record is written, so it only ever holds accounts of this vault.
      const held = Object.fromEntries(Object.entries(this.#usage).filter(([k]) => this.#accounts.has(k)));
      const next = withUse(held, id, this.#fx.now());
      const key = this.key.slice();
      try {
        const usage = await sealUsage(key, this.#header.id, next, this.#fx.random);
        if (!this.#key) throw new VaultError('locked', text('core_vault_locked'));
        await this.#store.commit({ usage });
      } finally {
        key.fill(0);
      }
      this.#usage = next;
    });
  }

  /**
   * The next HOTP code: the counter is advanced and committed first, and the code for the old counter
   * is returned only then, so no code is ever shown twice (docs/vault-format.md "Operations").
   */
  nextHotpCode(id: string): Promise<string> {
    return this.#serial(async () => {
      const account = this.get(id);
      const otp = account.otp;
      if (otp.kind !== 'hotp') throw new VaultError('bad-record', text('core_vault_not_hotp'), { recordId: id });
      if (otp.counter + 1n >= 1n << 64n)
        throw new VaultError('bad-record', text('core_vault_counter_at_max'), { recordId: id });
      const code = currentCode(otp, 0).code;
      const advanced: Account = { ...account, otp: { ...otp, counter: otp.counter + 1n }, updatedAt: this.#fx.now() };
      await this.#commit({ put: [advanced] });
      this.#accounts.set(id, advanced);
      return code;
    });
  }

  /**
   * Re-wraps the same vault key under a new password; accounts and PRF slots are not touched (one transaction). Not
   * throttled here: the background calls it through VaultSession.changePassword, which is.
   */
  changePassword(current: string, next: string, cost: KdfCost = DEFAULT_ARGON2ID): Promise<void> {
    return this.#serial(async () => {
      let matched: string;
      try {
        const opened = await unwrapAnyPasswordSlot(passwordSlots(this.#header), current);
        // Only which slot opened matters: the key this vault already holds is the same one.
        opened.key.fill(0);
        matched = opened.slot.id;
      } catch (e) {
        if (e instanceof VaultError && e.code === 'wrong-password')
          throw new VaultError('wrong-password', text('core_vault_current_password_wrong'));
        throw e;
      }
      // A copy, as in #commit: a slot wrapping a key that lock() zeroed meanwhile would open to zeros.
      const key = this.key.slice();
      let replacement: PasswordSlot;
      try {
        replacement = await createPasswordSlot(key, next, this.#fx, cost);
      } finally {
        key.fill(0);
      }
      // While sync is on, a new sync slot for the new password replaces this device's (docs/sync-format.md "Keys"):
      // its next write carries only that one, so the old password stops opening what this device writes.
      const record = this.syncRecord();
      const sync =
        record === undefined
          ? undefined
          : withNewSlot(record, await createSyncSlot(next, record.syncKey, record.syncId, this.#fx, cost));
      if (!this.#key) throw new VaultError('locked', text('core_vault_locked'));
      const header: VaultHeader = {
        ...this.#header,
        // `?.`: the clear header may hold anything, null included (docs/vault-format.md "PRF key slot").
        slots: keptSlots(this.#header.slots.map((s) => ((s as KeySlot | null)?.id === matched ? replacement : s))),
      };
      if (sync === undefined) await this.#store.commit({ header });
      // The header and the record in one transaction: a crash never leaves the new password with the old sync slot.
      else await this.#commit({ header, sync });
      this.#header = header;
      // A local change for the sync service (onLocalChange): the slot reaches the server with the next write.
      if (sync !== undefined) this.#stamped = true;
    });
  }

  /**
   * The vault's key slots: the password slot(s), then each passkey or security-key slot. A malformed PRF slot (reported
   * among the problems at open) is listed `damaged`, with an empty label and no date, when it has an id the remove
   * request can name; one without such an id is not listed and goes at the next header write ({@link keptSlots}).
   * An id is listed once.
   */
  keySlots(): KeySlotListing[] {
    const listed = new Set<string>();
    const passwords = passwordSlots(this.#header).map((s): KeySlotListing => {
      listed.add(s.id);
      return { id: s.id, type: 'password', label: '', createdAt: s.createdAt };
    });
    const wellFormed = new Map(readPrfSlots(this.#header).slots.map((s) => [s.id, s]));
    const prf: KeySlotListing[] = [];
    for (const raw of this.#header.slots as readonly unknown[]) {
      const r = raw as { type?: unknown; id?: unknown } | null;
      if (r?.type !== 'prf' || !removableId(r.id) || listed.has(r.id)) continue;
      listed.add(r.id);
      const s = wellFormed.get(r.id);
      prf.push(
        s && s === raw
          ? { id: s.id, type: 'prf', label: s.label, createdAt: s.createdAt }
          : { id: r.id, type: 'prf', label: '', createdAt: 0, damaged: true },
      );
    }
    return [...passwords, ...prf];
  }

  /**
   * Adds a passkey or security key slot wrapping this vault's key (one header commit); returns its id. A
   * credential already in a slot is refused with 'duplicate'. The caller has confirmed the master password
   * (VaultSession.addPrfSlot).
   */
  addPrfSlot(input: PrfSlotInput): Promise<string> {
    return this.#serial(async () => {
      if (slotsForCredential(readPrfSlots(this.#header).slots, input.credentialId).length > 0) {
        throw new VaultError('duplicate', prfText('prfcore_duplicate'));
      }
      const key = this.key.slice();
      let slot: KeySlot;
      try {
        slot = await createPrfSlot(key, input, this.#fx);
      } finally {
        key.fill(0);
      }
      if (!this.#key) throw new VaultError('locked', text('core_vault_locked'));
      const header: VaultHeader = { ...this.#header, slots: keptSlots([...this.#header.slots, slot]) };
      await this.#store.commit({ header });
      this.#header = header;
      return slot.id;
    });
  }

  /**
   * Removes a key slot other than a password slot (one header commit). The vault key stays the same
   * (docs/vault-format.md "PRF key slot": what removal does and does not undo).
   */
  removeSlot(id: string): Promise<void> {
    return this.#serial(async () => {
      const named = (this.#header.slots as readonly unknown[]).filter((s) => (s as { id?: unknown } | null)?.id === id);
      if (named.length === 0) throw new VaultError('bad-record', prfText('prfcore_no_slot', id));
      if (named.some((s) => (s as { type?: unknown }).type === 'password')) {
        throw new VaultError('password-slot-required', prfText('prfcore_password_slot_required'));
      }
      if (!this.#key) throw new VaultError('locked', text('core_vault_locked'));
      // Every entry of that id goes (an edited header could repeat one): the listing shows an id once.
      const header: VaultHeader = {
        ...this.#header,
        slots: keptSlots(this.#header.slots.filter((s) => !named.includes(s))),
      };
      await this.#store.commit({ header });
      this.#header = header;
    });
  }

  /**
   * Replaces the password slot `slotId`, which `password` has just opened, by a new one under `cost`: new id, salt and
   * nonce, the same vault key, one header commit; records untouched (docs/vault-format.md "Re-wrap at unlock").
   * Returns whether it did. Never throws: a failed re-wrap leaves the old slot, which still opens, and is tried again at
   * the next unlock.
   */
  rewrapPasswordSlot(slotId: string, password: string, cost: KdfCost): Promise<boolean> {
    return this.#serial(async () => {
      if (
        !this.#header.slots.some(
          (s) => (s as KeySlot | null)?.id === slotId && (s as KeySlot | null)?.type === 'password',
        )
      )
        return false;
      const key = this.key.slice();
      let replacement: PasswordSlot;
      try {
        replacement = await createPasswordSlot(key, password, this.#fx, cost);
      } finally {
        key.fill(0);
      }
      if (!this.#key) return false;
      const header: VaultHeader = {
        ...this.#header,
        slots: keptSlots(this.#header.slots.map((s) => ((s as KeySlot | null)?.id === slotId ? replacement : s))),
      };
      await this.#store.commit({ header });
      this.#header = header;
      return true;
    }).catch(() => false);
  }

  /** Forgets the key and every decrypted account. */
  lock(): void {
    this.#forget();
    this.#key?.fill(0);
    this.#key = undefined;
  }

  #forget(): void {
    this.#accounts.clear();
    this.#settings = { ...DEFAULT_SETTINGS };
    // The sync key and the WebDAV password are as secret as the accounts. Only the vault's own copy of the key is
    // wiped: a round under way holds its own (syncRecord() hands out copies) and must not seal under zeros.
    this.#sync?.record.syncKey.fill(0);
    this.#sync = undefined;
    this.#trash = [];
    this.#usage = {};
  }
}

/** A record whose sync key is this holder's own: wiping it touches no other copy. */
function ownCopy(record: SyncRecord): SyncRecord {
  return { ...record, syncKey: record.syncKey.slice() };
}
