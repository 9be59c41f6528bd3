import en from '../../locales/en/options.json';
import { encodeBase32 } from '../encoding/base32';
import { TwofoldError } from '../errors';
import { textsOf } from '../i18n/text';
import { aesGcmSeal, scrypt, toBase64, toHex, utf8 } from '../import/crypto';
import { STEAM_DIGITS, STEAM_PERIOD } from '../otp/types';
import type { Account } from '../vault/account-data';
import { groupIds } from './groups';

/*
 * Writes an Aegis vault file (docs/import-formats.md "Aegis"; Aegis VaultFile.java, Vault.java, VaultEntry.java,
 * OtpInfo.java, slots/PasswordSlot.java) that Aegis itself imports: file version 1, db version 3. Encrypted files use
 * what Aegis writes: a random 256-bit master key seals the db with AES-256-GCM (db = base64 of the ciphertext without
 * its tag; nonce and tag in header.params as hex), and one password slot wraps the master key under scrypt(password,
 * 32-byte salt, N = 2^15, r = 8, p = 1). Randomness is a parameter.
 */

export type AegisExportErrorCode = 'counter-too-large' | 'no-password';
export class AegisExportError extends TwofoldError<AegisExportErrorCode> {}

const text = textsOf(en);

/** CryptoUtils defaults: what Aegis writes and what it is tuned to unlock quickly on a phone. */
export const AEGIS_SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;
/** Aegis keeps counters in a Java long. */
const MAX_COUNTER = 2n ** 63n - 1n;

export interface AegisExportOptions {
  /** Encrypts the vault with this password; a plain vault when absent. */
  password?: string;
  random(n: number): Uint8Array;
  /** Tests use cheaper parameters; the file records what was used and Aegis reads any. */
  scrypt?: { N: number; r: number; p: number };
}

/** A random (version 4) UUID, lower case as Java's UUID.toString() writes it. */
export function uuidV4(random: (n: number) => Uint8Array): string {
  const b = random(16).slice(0, 16);
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = toHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Counters are 64-bit; JSON numbers lose digits above 2^53, so they are spliced in as text. */
const COUNTER_MARK = '\u0000counter:';

function entryJson(a: Account, uuid: string, groups: ReadonlyMap<string, string>) {
  const o = a.otp;
  const secret = encodeBase32(o.secret);
  let info: Record<string, unknown>;
  if (o.kind === 'steam') info = { secret, algo: 'SHA1', digits: STEAM_DIGITS, period: STEAM_PERIOD };
  else if (o.kind === 'totp') info = { secret, algo: o.algorithm, digits: o.digits, period: o.period };
  else {
    if (o.counter > MAX_COUNTER)
      throw new AegisExportError(
        'counter-too-large',
        text(
          'options_export_counter_too_large',
          o.issuer || o.account || text('options_export_an_account'),
          `${o.counter}`,
        ),
      );
    info = { secret, algo: o.algorithm, digits: o.digits, counter: `${COUNTER_MARK}${o.counter}` };
  }
  return {
    type: o.kind,
    uuid,
    name: o.account,
    issuer: o.issuer,
    note: a.notes,
    favorite: a.pinned,
    icon: null,
    info,
    // A v3 entry names its groups by uuid (VaultEntry.toJson); Twofold's one group, when it has one.
    groups: a.group ? [groups.get(a.group)] : [],
  };
}

/** The db object (Vault.toJson); counters still marked, see {@link spliceCounters}. */
function dbObject(accounts: readonly Account[], random: (n: number) => Uint8Array) {
  const groups = groupIds(accounts, random);
  return {
    version: 3,
    entries: accounts.map((a) => entryJson(a, uuidV4(random), groups)),
    // VaultGroup.toJson: {uuid, name}.
    groups: [...groups].map(([name, uuid]) => ({ uuid, name })),
    icons_optimized: true,
  };
}

function spliceCounters(json: string): string {
  // Anchored on the key: a user's text with the mark in it is escaped inside its own string and never
  // appears as an unescaped `"counter":` key.
  return json.replace(/("counter": ?)"\\u0000counter:(\d+)"/g, '$1$2');
}

function split(sealed: Uint8Array): { ciphertext: Uint8Array; tag: Uint8Array } {
  return { ciphertext: sealed.subarray(0, sealed.length - 16), tag: sealed.subarray(sealed.length - 16) };
}

/** Writes `accounts` as an Aegis vault file (UTF-8 JSON text, 4-space indent like Aegis). */
export async function writeAegisVault(accounts: readonly Account[], opts: AegisExportOptions): Promise<string> {
  if (opts.password === undefined) {
    const file = { version: 1, header: { slots: null, params: null }, db: dbObject(accounts, opts.random) };
    return `${spliceCounters(JSON.stringify(file, null, 4))}\n`;
  }
  if (opts.password === '') throw new AegisExportError('no-password', text('options_export_no_password'));
  const params = opts.scrypt ?? AEGIS_SCRYPT;
  const masterKey = opts.random(32).slice(0, 32);
  const salt = opts.random(32).slice(0, 32);
  const slotNonce = opts.random(12).slice(0, 12);
  const slotUuid = uuidV4(opts.random);
  const dbNonce = opts.random(12).slice(0, 12);
  const plain = utf8(spliceCounters(JSON.stringify(dbObject(accounts, opts.random))));

  const slotKey = await scrypt(utf8(opts.password), salt, params, 32);
  const wrapped = split(await aesGcmSeal(slotKey, slotNonce, masterKey));
  slotKey.fill(0);
  const db = split(await aesGcmSeal(masterKey, dbNonce, plain));
  masterKey.fill(0);

  const file = {
    version: 1,
    header: {
      slots: [
        {
          type: 1,
          uuid: slotUuid,
          key: toHex(wrapped.ciphertext),
          key_params: { nonce: toHex(slotNonce), tag: toHex(wrapped.tag) },
          n: params.N,
          r: params.r,
          p: params.p,
          salt: toHex(salt),
          repaired: true,
          is_backup: false,
        },
      ],
      params: { nonce: toHex(dbNonce), tag: toHex(db.tag) },
    },
    db: toBase64(db.ciphertext),
  };
  return `${JSON.stringify(file, null, 4)}\n`;
}
