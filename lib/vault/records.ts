import en from '../../locales/en/core.json';
import integrity from '../../locales/en/integrity.json';
import { type Text, textsOf } from '../i18n/text';
import { type Account, fromAccountJson, toAccountJson } from './account-data';
import { NONCE_BYTES, open, seal } from './aead';
import { VaultError } from './errors';

/** An account as stored in IndexedDB, format 2 (docs/vault-format.md "Account record"). */
export interface AccountRecord {
  id: string;
  v: 2;
  /** 1 when added, +1 on every write; the index says which version is current. */
  version: number;
  createdAt: number;
  nonce: Uint8Array;
  data: Uint8Array;
}

/** A format 1 record: opened only by the 1 → 2 upgrade (docs/vault-format.md "Version 1 → 2"). */
export interface LegacyAccountRecord {
  id: string;
  v: 1;
  createdAt: number;
  nonce: Uint8Array;
  data: Uint8Array;
}

/** What the accounts store may hold: either format, or anything a hand edit left there. */
export type StoredRecord = AccountRecord | LegacyAccountRecord;

/** Where a record belongs: its vault and its version, both bound as associated data. */
export interface RecordPlace {
  vaultId: string;
  version: number;
}

const text = textsOf(en);
const itext = textsOf(integrity);
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const legacyAad = (id: string) => encoder.encode(`twofold-vault/v1/account/${id}`);
/** A JSON array, so no field can run into the next (docs/vault-format.md "Account record"). */
const accountAad = (vaultId: string, id: string, version: number, createdAt: number) =>
  encoder.encode(JSON.stringify(['twofold-vault/v2/account', vaultId, id, version, createdAt]));

/** Encrypts an account with a fresh nonce; vault id, record id, version and creation time are bound. */
export async function sealAccount(
  vaultKey: Uint8Array,
  account: Account,
  random: (n: number) => Uint8Array,
  place: RecordPlace,
): Promise<AccountRecord> {
  const nonce = random(NONCE_BYTES);
  const aad = accountAad(place.vaultId, account.id, place.version, account.createdAt);
  const data = await seal(vaultKey, nonce, encoder.encode(toAccountJson(account)), aad);
  return { id: account.id, v: 2, version: place.version, createdAt: account.createdAt, nonce, data };
}

/** The day a record was added (from its clear `createdAt`), or undefined when that is not a date. */
function dayOf(createdAt: unknown): string | undefined {
  const time = Number.isFinite(createdAt) ? new Date(createdAt as number) : undefined;
  return time && !Number.isNaN(time.getTime()) ? time.toISOString().slice(0, 10) : undefined;
}

/**
 * Why a record cannot be opened, naming it by its creation day and the start of its id:
 * `unreadable` (changed or damaged) or `newer` (written by a newer version).
 */
export function describeRecord(record: Pick<AccountRecord, 'id' | 'createdAt'>, why: 'unreadable' | 'newer'): Text {
  const id = String(record.id).slice(0, 8);
  const day = dayOf(record.createdAt);
  if (why === 'unreadable')
    return day ? text('core_record_unreadable', day, id) : text('core_record_unreadable_unknown_day', id);
  return day ? text('core_record_newer', day, id) : text('core_record_newer_unknown_day', id);
}

export type IndexProblem = 'record-rolled-back' | 'record-out-of-step' | 'record-not-in-index' | 'record-missing';

/** A record that disagrees with the index, named by its day and id (docs/vault-format.md "The index"). */
export function indexProblem(code: IndexProblem, record: { id: string; createdAt: unknown }): VaultError {
  const id = String(record.id).slice(0, 8);
  const day = dayOf(record.createdAt);
  const message = (() => {
    switch (code) {
      case 'record-rolled-back':
        return day
          ? itext('integrity_record_rolled_back', day, id)
          : itext('integrity_record_rolled_back_unknown_day', id);
      case 'record-out-of-step':
        return day
          ? itext('integrity_record_out_of_step', day, id)
          : itext('integrity_record_out_of_step_unknown_day', id);
      case 'record-not-in-index':
        return day
          ? itext('integrity_record_not_in_index', day, id)
          : itext('integrity_record_not_in_index_unknown_day', id);
      case 'record-missing':
        return day ? itext('integrity_record_missing', day, id) : itext('integrity_record_missing_unknown_day', id);
    }
  })();
  return new VaultError(code, message, { recordId: record.id });
}

function checkShape(record: { nonce?: unknown; data?: unknown }, unreadable: () => VaultError): void {
  if (
    !(record.nonce instanceof Uint8Array) ||
    record.nonce.length !== NONCE_BYTES ||
    !(record.data instanceof Uint8Array)
  )
    throw unreadable();
}

async function decryptJson(
  key: Uint8Array,
  record: { nonce: Uint8Array; data: Uint8Array },
  aad: Uint8Array,
  unreadable: () => VaultError,
): Promise<string> {
  const plain = await open(key, record.nonce, record.data, aad, unreadable);
  try {
    return decoder.decode(plain);
  } catch {
    throw unreadable();
  }
}

/**
 * Decrypts and checks one format 2 record of vault `vaultId`; a tampered or damaged one throws VaultError
 * naming it. A format 1 record is never opened here: in a format 2 vault it can only be one left unreadable
 * by the upgrade, or an old copy put back from before it.
 */
export async function openAccount(vaultKey: Uint8Array, record: StoredRecord, vaultId: string): Promise<Account> {
  const unreadable = () =>
    new VaultError('record-unreadable', describeRecord(record, 'unreadable'), { recordId: record.id });
  if (typeof record.v !== 'number' || record.v > 2) {
    throw new VaultError('newer-version', describeRecord(record, 'newer'), { recordId: record.id });
  }
  if (record.v !== 2 || !Number.isSafeInteger(record.version) || record.version < 1) throw unreadable();
  checkShape(record, unreadable);
  const aad = accountAad(vaultId, record.id, record.version, record.createdAt);
  return fromAccountJson(await decryptJson(vaultKey, record, aad, unreadable), record.id, record.createdAt);
}

/** Opens a format 1 record with its format 1 associated data (the upgrade only). */
export async function openLegacyAccount(vaultKey: Uint8Array, record: StoredRecord): Promise<Account> {
  const unreadable = () =>
    new VaultError('record-unreadable', describeRecord(record, 'unreadable'), { recordId: record.id });
  if (record.v !== 1) throw unreadable();
  checkShape(record, unreadable);
  const json = await decryptJson(vaultKey, record, legacyAad(record.id), unreadable);
  return fromAccountJson(json, record.id, record.createdAt);
}

/** Opens every record with `opener`; unreadable ones are listed with their error, and the rest still open. */
export async function openAll<R extends { id: string }>(
  records: readonly R[],
  opener: (record: R) => Promise<Account>,
): Promise<{ accounts: { account: Account; record: R }[]; unreadable: VaultError[] }> {
  const accounts: { account: Account; record: R }[] = [];
  const unreadable: VaultError[] = [];
  for (const record of records) {
    try {
      accounts.push({ account: await opener(record), record });
    } catch (e) {
      if (e instanceof VaultError) unreadable.push(e);
      else throw e;
    }
  }
  return { accounts, unreadable };
}
