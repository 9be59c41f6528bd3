import integrity from '../../locales/en/integrity.json';
import vaultfix from '../../locales/en/vaultfix.json';
import { textsOf } from '../i18n/text';
import { NONCE_BYTES, open, seal } from './aead';
import { VaultError } from './errors';
import { type AccountRecord, indexProblem } from './records';

/**
 * The vault's index (docs/vault-format.md "The index"): which version of each record is current. Records
 * authenticate themselves but not their freshness; the index, written in the same transaction as every
 * change, makes an older copy, a record put back after a delete, or a removed record show up by name.
 */
export interface VaultIndex {
  accounts: Map<string, { version: number; createdAt: number }>;
  /** Version of the settings record; 0 when none was written. */
  settings: number;
  /**
   * Written from the records as they were found after the index was missing or unreadable: a record put
   * back before then went unnoticed. Kept (and warned about on every open) until the person confirms.
   */
  rebuilt?: true;
  /**
   * The replica record's version (docs/sync-format.md "On the device: the replica record"); absent in a vault where
   * sync was never on, or whose index an older Twofold rewrote (then any authentic record is taken, as settings are
   * after the index was lost).
   */
  sync?: SyncIndexEntry;
  /**
   * The "Recently deleted" record's version (docs/vault-format.md "Recently deleted"); absent until something was
   * deleted, or after an older Twofold rewrote the index (then any authentic record is taken).
   */
  trash?: number;
}

/** What the index says of the replica record: its current version, or `off` with the last version written. */
export interface SyncIndexEntry {
  version: number;
  /** Sync was turned off: no record is expected, and one found is not used (it was put back). */
  off?: true;
}

/** The index as stored in `meta/"index"`. */
export interface SealedIndex {
  v: 2;
  nonce: Uint8Array;
  data: Uint8Array;
}

const itext = textsOf(integrity);
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const indexAad = (vaultId: string) => encoder.encode(JSON.stringify(['twofold-vault/v2/index', vaultId]));

export const emptyIndex = (): VaultIndex => ({ accounts: new Map(), settings: 0 });

export function copyIndex(index: VaultIndex): VaultIndex {
  return {
    accounts: new Map(index.accounts),
    settings: index.settings,
    ...(index.rebuilt ? { rebuilt: true } : {}),
    ...(index.sync ? { sync: { ...index.sync } } : {}),
    ...(index.trash !== undefined ? { trash: index.trash } : {}),
  };
}

/** An index rebuilt after it was lost, not yet confirmed by the person (docs/vault-format.md "The index"). */
export const indexRebuilt = () =>
  new VaultError('index-rebuilt', textsOf(vaultfix)('vaultfix_index_rebuilt'), { recordId: 'index' });

export const indexUnreadable = (cause?: unknown) =>
  new VaultError('index-unreadable', itext('integrity_index_unreadable'), { recordId: 'index', cause });

export async function sealIndex(
  vaultKey: Uint8Array,
  vaultId: string,
  index: VaultIndex,
  random: (n: number) => Uint8Array,
): Promise<SealedIndex> {
  const nonce = random(NONCE_BYTES);
  const json = JSON.stringify({
    accounts: Object.fromEntries(index.accounts),
    settings: index.settings,
    ...(index.rebuilt ? { rebuilt: true } : {}),
    // Only once sync has been on: the index of a vault without sync stays byte-for-byte what it was.
    ...(index.sync ? { sync: index.sync } : {}),
    // Likewise once something was deleted.
    ...(index.trash !== undefined ? { trash: index.trash } : {}),
  });
  return { v: 2, nonce, data: await seal(vaultKey, nonce, encoder.encode(json), indexAad(vaultId)) };
}

const isVersion = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isSyncEntry = (v: unknown): v is SyncIndexEntry => {
  const e = v as { version?: unknown; off?: unknown } | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    isVersion(e.version) &&
    (e.off === undefined || e.off === true) &&
    Object.keys(e).every((k) => k === 'version' || k === 'off')
  );
};

/** Decrypts and checks the stored index; anything wrong with it throws VaultError('index-unreadable'). */
export async function openIndex(vaultKey: Uint8Array, vaultId: string, raw: unknown): Promise<VaultIndex> {
  const r = raw as Partial<SealedIndex> | undefined;
  if (
    typeof r !== 'object' ||
    r === null ||
    r.v !== 2 ||
    !(r.nonce instanceof Uint8Array) ||
    r.nonce.length !== NONCE_BYTES ||
    !(r.data instanceof Uint8Array)
  )
    throw indexUnreadable();
  const plain = await open(vaultKey, r.nonce, r.data, indexAad(vaultId), () => indexUnreadable());
  try {
    const parsed = JSON.parse(decoder.decode(plain)) as {
      accounts?: unknown;
      settings?: unknown;
      rebuilt?: unknown;
      sync?: unknown;
      trash?: unknown;
    };
    if (
      typeof parsed.accounts !== 'object' ||
      parsed.accounts === null ||
      !isVersion(parsed.settings) ||
      (parsed.rebuilt !== undefined && parsed.rebuilt !== true) ||
      (parsed.sync !== undefined && !isSyncEntry(parsed.sync)) ||
      (parsed.trash !== undefined && !isVersion(parsed.trash))
    )
      throw new Error('shape');
    const accounts = new Map<string, { version: number; createdAt: number }>();
    for (const [id, entry] of Object.entries(parsed.accounts)) {
      const e = entry as { version?: unknown; createdAt?: unknown };
      if (!isVersion(e.version) || typeof e.createdAt !== 'number') throw new Error('entry');
      accounts.set(id, { version: e.version, createdAt: e.createdAt });
    }
    return {
      accounts,
      settings: parsed.settings,
      ...(parsed.rebuilt ? { rebuilt: true as const } : {}),
      ...(parsed.sync !== undefined ? { sync: parsed.sync as SyncIndexEntry } : {}),
      ...(parsed.trash !== undefined ? { trash: parsed.trash as number } : {}),
    };
  } catch (cause) {
    throw indexUnreadable(cause);
  }
}

/**
 * Compares authentic records with the index: `current` are the ones it lists at their version; every
 * other record, and every listed record that is absent, is a named problem and is not used.
 */
export function checkAgainstIndex<R extends { record: AccountRecord }>(
  opened: readonly R[],
  index: VaultIndex,
  presentIds: ReadonlySet<string>,
): { current: R[]; problems: VaultError[] } {
  const current: R[] = [];
  const problems: VaultError[] = [];
  for (const o of opened) {
    const expected = index.accounts.get(o.record.id);
    if (!expected) problems.push(indexProblem('record-not-in-index', o.record));
    else if (o.record.version < expected.version) problems.push(indexProblem('record-rolled-back', o.record));
    else if (o.record.version > expected.version) problems.push(indexProblem('record-out-of-step', o.record));
    else current.push(o);
  }
  for (const [id, entry] of index.accounts) {
    if (!presentIds.has(id)) problems.push(indexProblem('record-missing', { id, createdAt: entry.createdAt }));
  }
  return { current, problems };
}
