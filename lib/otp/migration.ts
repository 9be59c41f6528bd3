import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { base64, base64nopad } from '@scure/base';
import en from '../../locales/en/core.json';
import { isText, type Sub, type Text, textsOf } from '../i18n/text';
import type { OtpParamName } from './carried';
import type { Algorithm, OtpParams } from './types';
import { percentDecode, splitUri, UriError } from './uri-parts';

/*
 * Google Authenticator's "Transfer accounts" export: otpauth-migration://offline?data=<base64 protobuf>.
 * Schema (Aegis google_auth.proto; docs/otpauth-policy.md "Migration"):
 *   MigrationPayload { repeated OtpParameters otp_parameters = 1; int32 version = 2; int32 batch_size = 3;
 *                      int32 batch_index = 4; int32 batch_id = 5; }
 *   OtpParameters    { bytes secret = 1; string name = 2; string issuer = 3; Algorithm algorithm = 4;
 *                      DigitCount digits = 5; OtpType type = 6; int64 counter = 7; }
 */

const text = textsOf(en);

/** Where a payload sits in a multi-QR export. */
export interface MigrationBatch {
  version: number;
  /** How many QR codes the export has (>= 1). */
  size: number;
  /** 0-based position of this QR code in the export. */
  index: number;
  /** Random id shared by all QR codes of one export. */
  id: number;
}

/** An entry of the payload that cannot become an account, with why; never skipped silently. */
export interface MigrationEntryError {
  /** 0-based position of the entry in the payload. */
  index: number;
  /** "Issuer (name)", the issuer or the name, or the text "(unnamed)" when the entry has neither. */
  label: Sub;
  message: Text;
}

export interface DecodedMigration {
  accounts: OtpParams[];
  errors: MigrationEntryError[];
  batch: MigrationBatch;
}

const ALGORITHM_BY_ENUM: Record<number, Algorithm | undefined> = { 0: 'SHA1', 1: 'SHA1', 2: 'SHA256', 3: 'SHA512' };
const ENUM_BY_ALGORITHM: Record<Algorithm, number> = { SHA1: 1, SHA256: 2, SHA512: 3 };
const DIGITS_BY_ENUM: Record<number, number | undefined> = { 0: 6, 1: 6, 2: 8 };

/** Parses the `data` payload of an otpauth-migration URI; whole-payload damage throws {@link UriError}. */
export function decodeMigrationUri(link: string): DecodedMigration {
  const uri = splitUri(link);
  if (uri.scheme !== 'otpauth-migration') {
    throw new UriError('wrong-scheme', text('core_migration_wrong_scheme', uri.scheme));
  }
  const data = uri.query.find(([name]) => name === 'data')?.[1];
  if (!data) throw new UriError('bad-migration-data', text('core_migration_no_data'));
  return decodeMigrationPayload(decodeData(data));
}

/**
 * The payload is standard base64, percent-encoded in the URI. Percent-decoding only: form-decoding
 * would turn a raw `+` into a space (extract_otp_secrets' test_plus_problem_export). Text that went
 * through a form decoder anyway is repaired by reading spaces back as `+`; URL-safe base64 and
 * missing `=` padding are accepted too.
 */
function decodeData(raw: string): Uint8Array {
  const standard = percentDecode(raw, 'data').replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/');
  const unpadded = standard.replace(/=+$/, '');
  try {
    if (unpadded.length % 4 === 1) throw new Error('impossible length');
    return base64nopad.decode(unpadded);
  } catch (cause) {
    throw new UriError('bad-migration-data', text('core_migration_bad_base64'), { cause });
  }
}

interface RawEntry {
  secret: Uint8Array;
  name: string;
  issuer: string;
  algorithm: number;
  digits: number;
  type: number;
  counter: bigint;
}

/** Decodes MigrationPayload bytes; unknown fields are skipped (proto3 forward compatibility). */
export function decodeMigrationPayload(bytes: Uint8Array): DecodedMigration {
  const raws: RawEntry[] = [];
  const batch: MigrationBatch = { version: 0, size: 1, index: 0, id: 0 };
  try {
    const r = new BinaryReader(bytes);
    while (r.pos < r.len) {
      const [field, wire] = r.tag();
      if (field === 1 && wire === WireType.LengthDelimited) raws.push(readEntry(r.bytes()));
      else if (field === 2 && wire === WireType.Varint) batch.version = r.int32();
      else if (field === 3 && wire === WireType.Varint) batch.size = r.int32();
      else if (field === 4 && wire === WireType.Varint) batch.index = r.int32();
      else if (field === 5 && wire === WireType.Varint) batch.id = r.int32();
      else r.skip(wire, field);
    }
  } catch (cause) {
    throw new UriError('bad-migration-payload', text('core_migration_damaged'), { cause });
  }
  if (batch.size < 1 || batch.index < 0 || batch.index >= batch.size) {
    throw new UriError('bad-migration-payload', text('core_migration_impossible_batch', batch.index + 1, batch.size));
  }
  const accounts: OtpParams[] = [];
  const errors: MigrationEntryError[] = [];
  raws.forEach((raw, index) => {
    const converted = toParams(raw);
    if (isText(converted)) errors.push({ index, label: labelOf(raw), message: converted });
    else accounts.push(converted);
  });
  return { accounts, errors, batch };
}

function readEntry(bytes: Uint8Array): RawEntry {
  const e: RawEntry = { secret: new Uint8Array(), name: '', issuer: '', algorithm: 0, digits: 0, type: 0, counter: 0n };
  const r = new BinaryReader(bytes);
  while (r.pos < r.len) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === WireType.LengthDelimited)
      e.secret = r.bytes().slice(); // own buffer, not a view of the payload
    else if (field === 2 && wire === WireType.LengthDelimited) e.name = r.string(true);
    else if (field === 3 && wire === WireType.LengthDelimited) e.issuer = r.string(true);
    else if (field === 4 && wire === WireType.Varint) e.algorithm = r.int32();
    else if (field === 5 && wire === WireType.Varint) e.digits = r.int32();
    else if (field === 6 && wire === WireType.Varint) e.type = r.int32();
    else if (field === 7 && wire === WireType.Varint) e.counter = BigInt(r.int64());
    else r.skip(wire, field);
  }
  return e;
}

function labelOf(raw: RawEntry): Sub {
  return raw.issuer && raw.name
    ? `${raw.issuer} (${raw.name})`
    : raw.issuer || raw.name || text('core_unnamed_account');
}

/** Aegis GoogleAuthInfo.parseExportUri mapping; returns the reason as a Text when it cannot convert. */
function toParams(raw: RawEntry): OtpParams | Text {
  if (raw.secret.length === 0) return text('core_migration_entry_no_secret');
  const algorithm = ALGORITHM_BY_ENUM[raw.algorithm];
  if (!algorithm)
    return raw.algorithm === 4
      ? text('core_migration_entry_md5')
      : text('core_migration_entry_unknown_algorithm', String(raw.algorithm));
  const digits = DIGITS_BY_ENUM[raw.digits];
  if (!digits) return text('core_migration_entry_unknown_digits', String(raw.digits));
  if (raw.type !== 0 && raw.type !== 1 && raw.type !== 2)
    return text('core_migration_entry_unknown_type', String(raw.type));

  // Google writes "Issuer:Account" into name while also filling issuer; the prefix is dropped when it
  // repeats the issuer, and supplies the issuer when that field is empty.
  let { issuer, name } = raw;
  const colon = name.indexOf(':');
  if (colon >= 0) {
    const prefix = name.slice(0, colon).trim();
    if (!issuer && prefix) issuer = prefix;
    if (prefix && prefix === issuer) name = name.slice(colon + 1);
  }
  const common = { secret: raw.secret, issuer: issuer.trim(), account: name.trim(), algorithm, digits };
  if (raw.type === 1) {
    if (raw.counter < 0n) return text('core_migration_entry_negative_counter', raw.counter.toString());
    return { kind: 'hotp', ...common, counter: raw.counter };
  }
  return { kind: 'totp', ...common, period: 30 };
}

/** An account {@link encodeMigrationUris} left out, and why. */
export interface MigrationSkip {
  account: OtpParams;
  reason: Text;
}

/**
 * What a migration payload can say (OtpParameters in Google Authenticator's migration.proto): algorithm,
 * digits (6 or 8), type TOTP/HOTP and counter. It has no period (Google Authenticator makes every TOTP
 * 30 s) and no Steam type, so an account read from it has period 30 whatever it was (lib/otp/carried.ts).
 */
export const MIGRATION_CARRIES: readonly OtpParamName[] = ['algorithm', 'digits', 'counter'];

/** Why Google Authenticator cannot take an account, or undefined when it can. */
export function migrationLimitation(p: OtpParams): Text | undefined {
  if (p.kind === 'steam') return text('core_migration_limit_steam');
  if (p.digits !== 6 && p.digits !== 8) return text('core_migration_limit_digits', p.digits);
  if (p.kind === 'totp' && p.period !== 30) return text('core_migration_limit_period', p.period);
  if (p.kind === 'hotp' && p.counter >= 1n << 63n) return text('core_migration_limit_counter');
  return undefined;
}

/**
 * Writes accounts as one or more otpauth-migration URIs, `perQr` accounts each, numbered as one batch
 * the way Google Authenticator does (version 1, shared `batchId`). `batchId` is a parameter: the
 * caller supplies randomness.
 */
export function encodeMigrationUris(
  accounts: readonly OtpParams[],
  opts: { batchId: number; perQr?: number; maxUriLength?: number },
): { uris: string[]; skipped: MigrationSkip[] } {
  const perQr = opts.perQr ?? 10;
  if (!Number.isSafeInteger(perQr) || perQr < 1)
    throw new RangeError(`perQr must be a whole number >= 1, not ${perQr}.`);
  const skipped: MigrationSkip[] = [];
  const ok: OtpParams[] = [];
  for (const account of accounts) {
    const reason = migrationLimitation(account);
    if (reason) skipped.push({ account, reason });
    else ok.push(account);
  }
  // At most `perQr` accounts per code, and fewer when long names or secrets would make the link too
  // long for one QR code: version 40 at level M holds 2,331 bytes (ISO/IEC 18004 Table 7); 2,000
  // leaves room, and a phone camera reads such a dense code only with difficulty anyway.
  const maxLength = opts.maxUriLength ?? 2_000;
  const chunks: OtpParams[][] = [];
  let current: OtpParams[] = [];
  for (const account of ok) {
    const next = [...current, account];
    if (current.length > 0 && (next.length > perQr || uriFor(next, 99, 99, opts.batchId).length > maxLength)) {
      chunks.push(current);
      current = [account];
    } else current = next;
  }
  if (current.length > 0) chunks.push(current);
  const uris = chunks.map((chunk, index) => uriFor(chunk, chunks.length, index, opts.batchId));
  return { uris, skipped };
}

function uriFor(chunk: readonly OtpParams[], size: number, index: number, batchId: number): string {
  const w = new BinaryWriter();
  for (const p of chunk) w.tag(1, WireType.LengthDelimited).bytes(encodeEntry(p));
  w.tag(2, WireType.Varint).int32(1);
  w.tag(3, WireType.Varint).int32(size);
  w.tag(4, WireType.Varint).int32(index);
  w.tag(5, WireType.Varint).int32(batchId | 0);
  return `otpauth-migration://offline?data=${encodeURIComponent(base64.encode(w.finish()))}`;
}

function encodeEntry(p: OtpParams): Uint8Array {
  if (p.kind === 'steam') throw new UriError('bad-migration-payload', text('core_migration_export_steam'));
  const w = new BinaryWriter();
  w.tag(1, WireType.LengthDelimited).bytes(p.secret);
  w.tag(2, WireType.LengthDelimited).string(p.account);
  w.tag(3, WireType.LengthDelimited).string(p.issuer);
  w.tag(4, WireType.Varint).int32(ENUM_BY_ALGORITHM[p.algorithm]);
  w.tag(5, WireType.Varint).int32(p.digits === 8 ? 2 : 1);
  w.tag(6, WireType.Varint).int32(p.kind === 'hotp' ? 1 : 2);
  if (p.kind === 'hotp') w.tag(7, WireType.Varint).int64(p.counter);
  return w.finish();
}
