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

/** A name for a record that cannot be read: its creation day and the start of its id. */
export function describeRecord(record: Pick<AccountRecord, 'id' | 'createdAt'>): string {
  const day = Number.isFinite(record.createdAt)
    ? new Date(record.createdAt).toISOString().slice(0, 10)
    : 'an unknown day';
  return `An account added on ${day} (id ${String(record.id).slice(0, 8)}…)`;
}

/** Decrypts and checks one record; a tampered or damaged one throws VaultError naming it. */
export async function openAccount(vaultKey: Uint8Array, record: AccountRecord): Promise<Account> {
  const unreadable = () =>
    new VaultError(
      'record-unreadable',
      `${describeRecord(record)} cannot be read: it was changed or damaged outside Twofold. Your other accounts are not affected.`,
      {
        recordId: record.id,
      },
    );
  if (record.v !== 1) {
    throw new VaultError(
      'newer-version',
      `${describeRecord(record)} was written by a newer Twofold; update Twofold to open it.`,
      { recordId: record.id },
    );
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
