import { scryptAsync } from '@noble/hashes/scrypt.js';
import { base64 } from '@scure/base';
import en from '../../locales/en/options.json';
import { TwofoldError } from '../errors';
import { isText, type Text, textsOf } from '../i18n/text';
import { checkFileSize, checkScrypt, type LimitCode, LimitError } from '../limits';
import { type Account, fromAccountJson, toAccountJson } from '../vault/account-data';
import { open, seal } from '../vault/aead';
import { VaultError } from '../vault/errors';

/*
 * Twofold's own encrypted backup, version 1 (docs/backup-format.md, written first). Randomness and the
 * clock are parameters; tools/twofold-decrypt.mjs reads the same format with Node's standard library.
 */

/** A cap's code (lib/limits.ts) when the file asks for more than Twofold allows. */
export type BackupErrorCode = 'not-a-backup' | 'newer-version' | 'damaged' | 'wrong-password' | 'bad-entry' | LimitCode;
export class BackupError extends TwofoldError<BackupErrorCode> {}

const text = textsOf(en);

export const BACKUP_VERSION = 1;
export const BACKUP_SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** The container as read from the file, checked, before any password. */
export interface BackupHeader {
  version: number;
  created: number;
  accounts: number;
  kdf: ScryptParams & { salt: string };
  nonce: string;
  data: string;
}

/** The associated data: the header fields as one line (docs/backup-format.md "Key and authentication"). */
export function backupAad(h: Omit<BackupHeader, 'data'>): Uint8Array {
  const line = `twofold-backup;v=${h.version};created=${h.created};accounts=${h.accounts};kdf=scrypt;N=${h.kdf.N};r=${h.kdf.r};p=${h.kdf.p};salt=${h.kdf.salt};nonce=${h.nonce}`;
  return new TextEncoder().encode(line);
}

/** The caps of lib/limits.ts as a BackupError with the cap's own code and words. */
function withinCaps(check: () => void): void {
  try {
    check();
  } catch (e) {
    if (e instanceof LimitError) throw new BackupError(e.code, e.text ?? e.message, { cause: e });
    throw e;
  }
}

function deriveKey(password: string, salt: Uint8Array, p: ScryptParams): Promise<Uint8Array> {
  // Checked again here, right before the work, whoever calls (readBackupHeader checked it first).
  withinCaps(() => checkScrypt(p.N, p.r, p.p));
  return scryptAsync(new TextEncoder().encode(password.normalize('NFC')), salt, {
    N: p.N,
    r: p.r,
    p: p.p,
    dkLen: 32,
    // Room for the table (≤ SCRYPT_MAX_MEMORY) and p blocks; the cap above is what bounds it.
    maxmem: 2 ** 29,
  });
}

export interface BackupOptions {
  random(n: number): Uint8Array;
  now(): number;
  /** Tests use cheaper parameters; files always record what was used. */
  scrypt?: ScryptParams;
}

/** Writes a backup of `accounts` encrypted with `password`; returns the file's text. */
export async function writeBackup(
  accounts: readonly Account[],
  password: string,
  opts: BackupOptions,
): Promise<string> {
  if (password === '') throw new BackupError('wrong-password', text('options_backup_no_password'));
  const params = opts.scrypt ?? BACKUP_SCRYPT;
  const salt = opts.random(32);
  const nonce = opts.random(12);
  const header = {
    version: BACKUP_VERSION,
    created: opts.now(),
    accounts: accounts.length,
    kdf: { ...params, salt: base64.encode(salt) },
    nonce: base64.encode(nonce),
  };
  const plain = { accounts: accounts.map((a) => ({ ...JSON.parse(toAccountJson(a)), createdAt: a.createdAt })) };
  const key = await deriveKey(password, salt, params);
  const sealed = await seal(key, nonce, new TextEncoder().encode(JSON.stringify(plain)), backupAad(header));
  key.fill(0);
  const file = {
    format: 'twofold-backup',
    version: header.version,
    created: header.created,
    accounts: header.accounts,
    kdf: { name: 'scrypt', ...header.kdf },
    cipher: { name: 'AES-256-GCM', nonce: header.nonce },
    data: base64.encode(sealed),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const inRange = (v: unknown, min: number, max: number): v is number =>
  Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;

/** `what` is the file's own field name (salt, nonce, data), shown as it is in every language. */
function b64(value: unknown, what: 'salt' | 'nonce' | 'data', length?: number): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = base64.decode(String(value));
  } catch (cause) {
    throw new BackupError('damaged', text('options_backup_bad_base64', what), { cause });
  }
  if (length !== undefined && bytes.length !== length)
    throw new BackupError('damaged', text('options_backup_bad_length', what, bytes.length, length));
  return bytes;
}

/** Checks the container without a password: is it a Twofold backup, from a version we read, whole? */
export function readBackupHeader(file: string): BackupHeader {
  withinCaps(() => checkFileSize(file.length));
  let f: Record<string, unknown>;
  try {
    f = JSON.parse(file) as Record<string, unknown>;
  } catch (cause) {
    throw new BackupError('not-a-backup', text('options_backup_not_json'), { cause });
  }
  if (typeof f !== 'object' || f === null || f.format !== 'twofold-backup')
    throw new BackupError('not-a-backup', text('options_backup_not_backup'));
  if (!inRange(f.version, 1, Number.MAX_SAFE_INTEGER))
    throw new BackupError('damaged', text('options_backup_no_version'));
  if (f.version > BACKUP_VERSION) {
    throw new BackupError('newer-version', text('options_backup_newer', f.version, BACKUP_VERSION));
  }
  const kdf = f.kdf as Record<string, unknown> | undefined;
  const cipher = f.cipher as Record<string, unknown> | undefined;
  if (!inRange(f.created, 0, 1e15) || !inRange(f.accounts, 0, 1_000_000))
    throw new BackupError('damaged', text('options_backup_no_date'));
  if (
    kdf?.name !== 'scrypt' ||
    !inRange(kdf.N, 2 ** 14, 2 ** 20) ||
    ((kdf.N as number) & ((kdf.N as number) - 1)) !== 0 ||
    !inRange(kdf.r, 1, 16) ||
    !inRange(kdf.p, 1, 4)
  ) {
    throw new BackupError('damaged', text('options_backup_bad_kdf'));
  }
  // In range is not enough: N=2^20, r=15, p=4 held the service worker for 31.5 s at 2 GB
  // (docs/import-export.md "Caps").
  withinCaps(() => checkScrypt(kdf.N as number, kdf.r as number, kdf.p as number));
  if (cipher?.name !== 'AES-256-GCM') throw new BackupError('damaged', text('options_backup_bad_cipher'));
  b64(kdf.salt, 'salt', 32);
  b64(cipher.nonce, 'nonce', 12);
  if (typeof f.data !== 'string' || b64(f.data, 'data').length < 16)
    throw new BackupError('damaged', text('options_backup_bad_data'));
  return {
    version: f.version,
    created: f.created,
    accounts: f.accounts,
    kdf: { N: kdf.N as number, r: kdf.r as number, p: kdf.p as number, salt: String(kdf.salt) },
    nonce: String(cipher.nonce),
    data: f.data,
  };
}

/**
 * The backup's key from its password: the costly step, checked against the caps first. The options page runs it
 * in a worker (entrypoints/options/restore-worker.ts) and hands the key to the background for preview and apply.
 */
export async function deriveBackupKey(header: BackupHeader, password: string): Promise<Uint8Array> {
  if (password === '') throw new BackupError('wrong-password', text('options_backup_wrong_password'));
  return deriveKey(password, b64(header.kdf.salt, 'salt'), header.kdf);
}

/** Decrypts a backup with its password (the importer and tests); see {@link openBackup}. */
export async function readBackup(
  file: string,
  password: string,
): Promise<{ header: BackupHeader; accounts: Account[] }> {
  const header = readBackupHeader(file);
  const key = await deriveBackupKey(header, password);
  try {
    return await openBackup(file, key);
  } finally {
    key.fill(0);
  }
}

/**
 * Decrypts a backup with its derived key (AES-256-GCM only, no derivation: cheap in any context); every entry is
 * checked like a vault record, and one bad entry refuses the whole file. A wrong key is `wrong-password`.
 */
export async function openBackup(
  file: string,
  key: Uint8Array,
): Promise<{ header: BackupHeader; accounts: Account[] }> {
  const header = readBackupHeader(file);
  const wrong = text('options_backup_wrong_password');
  if (key.length !== 32) throw new BackupError('wrong-password', wrong);
  const plain = await open(
    key,
    b64(header.nonce, 'nonce'),
    b64(header.data, 'data'),
    backupAad(header),
    () => new VaultError('wrong-password', wrong),
  ).catch((e) => {
    throw e instanceof VaultError ? new BackupError('wrong-password', wrong, { cause: e }) : e;
  });
  let entries: unknown;
  try {
    entries = (JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain)) as { accounts?: unknown }).accounts;
  } catch (cause) {
    throw new BackupError('damaged', text('options_backup_unreadable'), { cause });
  }
  if (!Array.isArray(entries)) throw new BackupError('damaged', text('options_backup_no_list'));
  if (entries.length !== header.accounts)
    throw new BackupError('damaged', text('options_backup_count_mismatch', header.accounts, entries.length));
  const accounts = entries.map((entry, i) => {
    const createdAt = (entry as { createdAt?: unknown })?.createdAt;
    const damaged = (reason: Text | string, cause?: unknown) =>
      new BackupError('bad-entry', text('options_backup_bad_entry', i + 1, reason), { cause });
    if (!inRange(createdAt, 0, 1e15)) throw damaged(text('options_backup_entry_no_time'));
    try {
      return fromAccountJson(JSON.stringify(entry), `backup-${i + 1}`, createdAt);
    } catch (e) {
      if (!(e instanceof VaultError)) throw e;
      // The vault's own words for the bad field, in the user's language when it has them.
      const reason = isText(e.text) ? e.text : e.message.replace(/^The account stored with id backup-\d+ has /, '');
      throw damaged(reason, e);
    }
  });
  return { header, accounts };
}
