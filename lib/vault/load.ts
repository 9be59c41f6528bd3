import integrity from '../../locales/en/integrity.json';
import vaultfix from '../../locales/en/vaultfix.json';
import { textsOf } from '../i18n/text';
import type { SyncRecord } from '../sync/record';
import type { Account } from './account-data';
import { VaultError } from './errors';
import type { LegacyVaultHeader, VaultHeader } from './header';
import { checkAgainstIndex, emptyIndex, indexRebuilt, openIndex, sealIndex, type VaultIndex } from './record-index';
import { type AccountRecord, openAccount, openAll, openLegacyAccount, sealAccount } from './records';
import { DEFAULT_SETTINGS, type SettingsRecord, validateSettings } from './settings';
import { openSettings, sealSettings } from './settings-record';
import type { Effects } from './slots';
import type { VaultStore } from './store';
import { claimedVersion, openSync } from './sync-record';
import { openTrash, type TrashEntry } from './trash';
import { openUsage, type Usage } from './usage';

/** Everything an unlocked vault starts from; `problems` are shown to the user, never silently dropped. */
export interface OpenedVault {
  header: VaultHeader;
  accounts: Account[];
  index: VaultIndex;
  settings: SettingsRecord;
  problems: VaultError[];
  /** The replica record, when sync is on and its record opened (docs/sync-format.md "On the device"). */
  sync?: { record: SyncRecord; version: number };
  /** Why a stored or expected replica record is not used (also among `problems`); the vault opens without sync. */
  syncProblem?: VaultError;
  /** The highest replica-record version known (index or stored): the next one written is above it. */
  syncFloor?: number;
  /** "Recently deleted" as opened (empty when there is none, or it could not be used: then among `problems`). */
  trash?: TrashEntry[];
  /** The highest "Recently deleted" version known: the next one written is above it. */
  trashFloor?: number;
  usage?: Usage;
}

const itext = textsOf(integrity);
const vtext = textsOf(vaultfix);

const collect = async <T>(problems: VaultError[], fn: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof VaultError)) throw e;
    problems.push(e);
    return undefined;
  }
};

/**
 * Opens a format 2 vault (docs/vault-format.md "The index"): every record that authenticates and agrees
 * with the index is an account; every other one is a named problem and is not used.
 */
export async function loadVault(store: VaultStore, header: VaultHeader, key: Uint8Array): Promise<OpenedVault> {
  const problems: VaultError[] = [];
  const records = await store.readRecords();
  const checked = await collect(problems, async () => openIndex(key, header.id, await store.readIndex()));
  const all = await openAll(records, (r) => openAccount(key, r, header.id));
  // openAccount opens format 2 records only, so every record that opened is an AccountRecord.
  const opened = all.accounts as { account: Account; record: AccountRecord }[];
  problems.push(...all.unreadable);
  let index: VaultIndex;
  let current = opened;
  if (checked) {
    index = checked;
    if (checked.rebuilt) problems.push(indexRebuilt());
    const result = checkAgainstIndex(opened, checked, new Set(records.map((r) => r.id)));
    current = result.current;
    problems.push(...result.problems);
  } else {
    // No index to check against: what authenticates is shown with the warning, and the next change
    // writes an index from it, marked rebuilt so the warning stays until the person confirms
    // (docs/vault-format.md "The index").
    index = { ...emptyIndex(), rebuilt: true };
    for (const { record } of opened)
      index.accounts.set(record.id, { version: record.version, createdAt: record.createdAt });
  }
  let settings: SettingsRecord = { ...DEFAULT_SETTINGS };
  const raw = await store.readSettings();
  if (raw !== undefined || (checked && checked.settings !== 0)) {
    const s = await collect(problems, () => openSettings(key, header.id, raw, checked?.settings));
    if (s) {
      settings = s.settings;
      problems.push(...s.problems);
      if (!checked) index.settings = s.version;
    }
  }
  // The replica record never blocks the unlock: one that cannot be used is named, and the vault opens without sync.
  const rawSync = await store.readSync();
  const expectedSync = checked?.sync;
  let sync: OpenedVault['sync'];
  let syncProblem: VaultError | undefined;
  if (rawSync !== undefined || (expectedSync && !expectedSync.off)) {
    try {
      sync = await openSync(key, header.id, rawSync, expectedSync);
    } catch (e) {
      if (!(e instanceof VaultError)) throw e;
      syncProblem = e;
      problems.push(e);
    }
  }
  // An index without the entry (lost, or rewritten by a Twofold from before sync) gets it back at the next write.
  if (sync && !index.sync) index.sync = { version: sync.version };
  const syncFloor = Math.max(index.sync?.version ?? 0, claimedVersion(rawSync));
  // "Recently deleted" never blocks the unlock either (docs/vault-format.md "Recently deleted").
  const rawTrash = await store.readTrash();
  let trash: TrashEntry[] = [];
  if (rawTrash !== undefined || (checked?.trash ?? 0) > 0) {
    const t = await collect(problems, () => openTrash(key, header.id, rawTrash, checked?.trash));
    if (t) {
      trash = t.entries;
      if (!checked || checked.trash === undefined) index.trash = t.version;
    }
  }
  const trashFloor = Math.max(index.trash ?? 0, claimedVersion(rawTrash));
  const usage = await openUsage(key, header.id, await store.readUsage());
  return {
    trash,
    trashFloor,
    usage,
    header,
    accounts: current.map((o) => o.account),
    index,
    settings,
    problems,
    ...(sync ? { sync } : {}),
    ...(syncProblem ? { syncProblem } : {}),
    syncFloor,
  };
}

/**
 * The format 1 → 2 upgrade (docs/vault-format.md "Version 1 → 2"), in one transaction: a vault id, every
 * readable record re-encrypted with the new associated data, the index, the settings validated and
 * encrypted. If the transaction fails nothing changed, and the unlock says so.
 */
export async function upgradeVault(
  store: VaultStore,
  legacy: LegacyVaultHeader,
  key: Uint8Array,
  fx: Effects,
): Promise<OpenedVault> {
  const records = await store.readRecords();
  // Only a format 1 vault is upgraded. A header set back to version 1 over a format 2 vault would
  // otherwise open none of its records and commit an empty index over them (docs/vault-format.md "Migrations").
  if ((await store.readIndex()) !== undefined || records.some((r) => r.v !== 1)) {
    throw new VaultError('upgrade-refused', vtext('vaultfix_upgrade_refused'));
  }
  const { accounts: opened, unreadable } = await openAll(records, (r) => openLegacyAccount(key, r));
  // Format 1 settings were in the clear: whatever was edited there is checked like any input.
  const { settings, problems } = validateSettings(await store.readSettings());
  const givenId = (legacy as { id?: unknown }).id;
  const header: VaultHeader = {
    format: 'twofold-vault',
    version: 2,
    // An id already there is kept: whatever was bound to it stays bound.
    id: typeof givenId === 'string' ? givenId : fx.uuid(),
    createdAt: legacy.createdAt,
    slots: legacy.slots,
  };
  const index = emptyIndex();
  const put = [];
  for (const { account } of opened) {
    index.accounts.set(account.id, { version: 1, createdAt: account.createdAt });
    put.push(await sealAccount(key, account, fx.random, { vaultId: header.id, version: 1 }));
  }
  index.settings = 1;
  try {
    await store.commit({
      header,
      put,
      index: await sealIndex(key, header.id, index, fx.random),
      settings: await sealSettings(key, header.id, 1, settings, fx.random),
    });
  } catch (cause) {
    throw new VaultError('upgrade-failed', itext('integrity_upgrade_failed'), { cause });
  }
  return { header, accounts: opened.map((o) => o.account), index, settings, problems: [...unreadable, ...problems] };
}
