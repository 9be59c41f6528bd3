import en from '../../locales/en/core.json';
import { type Text, textsOf } from '../i18n/text';
import { type Account, fromAccountJson, toAccountJson } from './account-data';
import { NONCE_BYTES, open, seal } from './aead';
import { VaultError } from './errors';

/** An account as stored in IndexedDB (docs/vault-format.md "Account record"). */
export interface AccountRecord {
  id: string;
  v: 1;
  createdAt: number;
  nonce: Uint8Array;
  data: Uint8Array;
}

const text = textsOf(en);
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const accountAad = (id: string) => encoder.encode(`twofold-vault/v1/account/${id}`);

/** Encrypts an account with a fresh nonce from `random`; the id is bound as associated data. */
export async function sealAccount(
  vaultKey: Uint8Array,
  account: Account,
  random: (n: number) => Uint8Array,
): Promise<AccountRecord> {
  const nonce = random(NONCE_BYTES);
  const data = await seal(vaultKey, nonce, encoder.encode(toAccountJson(account)), accountAad(account.id));
  return { id: account.id, v: 1, createdAt: account.createdAt, nonce, data };
}

/**
 * Why a record cannot be opened, naming it by its creation day and the start of its id:
 * `unreadable` (changed or damaged) or `newer` (written by a newer version).
 */
export function describeRecord(record: Pick<AccountRecord, 'id' | 'createdAt'>, why: 'unreadable' | 'newer'): Text {
  const id = String(record.id).slice(0, 8);
  const time = Number.isFinite(record.createdAt) ? new Date(record.createdAt) : undefined;
  const day = time && !Number.isNaN(time.getTime()) ? time.toISOString().slice(0, 10) : undefined;
  if (why === 'unreadable')
    return day ? text('core_record_unreadable', day, id) : text('core_record_unreadable_unknown_day', id);
  return day ? text('core_record_newer', day, id) : text('core_record_newer_unknown_day', id);
}

/** Decrypts and checks one record; a tampered or damaged one throws VaultError naming it. */
export async function openAccount(vaultKey: Uint8Array, record: AccountRecord): Promise<Account> {
  const unreadable = () =>
    new VaultError('record-unreadable', describeRecord(record, 'unreadable'), { recordId: record.id });
  if (record.v !== 1) {
    throw new VaultError('newer-version', describeRecord(record, 'newer'), { recordId: record.id });
  }
  if (
    !(record.nonce instanceof Uint8Array) ||
    record.nonce.length !== NONCE_BYTES ||
    !(record.data instanceof Uint8Array)
  )
    throw unreadable();
  const plain = await open(vaultKey, record.nonce, record.data, accountAad(record.id), unreadable);
  let json: string;
  try {
    json = decoder.decode(plain);
  } catch {
    throw unreadable();
  }
  return fromAccountJson(json, record.id, record.createdAt);
}

/** Opens every record; unreadable ones are listed with their error, and the rest still open. */
export async function openAll(
  vaultKey: Uint8Array,
  records: AccountRecord[],
): Promise<{ accounts: Account[]; unreadable: VaultError[] }> {
  const accounts: Account[] = [];
  const unreadable: VaultError[] = [];
  for (const r of records) {
    try {
      accounts.push(await openAccount(vaultKey, r));
    } catch (e) {
      if (e instanceof VaultError) unreadable.push(e);
      else throw e;
    }
  }
  return { accounts, unreadable };
}
