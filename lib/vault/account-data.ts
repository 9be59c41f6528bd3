import en from '../../locales/en/core.json';
import { decodeBase32, encodeBase32 } from '../encoding/base32';
import { textsOf } from '../i18n/text';
import { ALGORITHMS, type Algorithm, MAX_DIGITS, MIN_DIGITS, type OtpParams } from '../otp/types';
import { VaultError } from './errors';

const text = textsOf(en);

/** A recovery code a site handed out, kept with its account (docs/vault-format.md "Account record"). */
export interface RecoveryCode {
  code: string;
  usedAt?: number;
}

/** Everything stored about one account, in memory. Secrets are bytes here; base32 only inside JSON. */
export interface Account {
  id: string;
  createdAt: number;
  updatedAt: number;
  otp: OtpParams;
  sites: string[];
  notes: string;
  recoveryCodes: RecoveryCode[];
  pinned: boolean;
  order: number;
}

/** The JSON that is encrypted into a record's `data` (docs/vault-format.md). */
interface AccountDataV1 {
  kind: 'totp' | 'hotp' | 'steam';
  secret: string;
  issuer: string;
  account: string;
  algorithm?: Algorithm;
  digits?: number;
  period?: number;
  counter?: string;
  sites: string[];
  notes: string;
  recoveryCodes: RecoveryCode[];
  pinned: boolean;
  order: number;
  updatedAt: number;
}

export function toAccountJson(a: Account): string {
  const o = a.otp;
  const data: AccountDataV1 = {
    kind: o.kind,
    secret: encodeBase32(o.secret),
    issuer: o.issuer,
    account: o.account,
    ...(o.kind === 'totp' ? { algorithm: o.algorithm, digits: o.digits, period: o.period } : {}),
    ...(o.kind === 'hotp' ? { algorithm: o.algorithm, digits: o.digits, counter: o.counter.toString() } : {}),
    sites: a.sites,
    notes: a.notes,
    recoveryCodes: a.recoveryCodes,
    pinned: a.pinned,
    order: a.order,
    updatedAt: a.updatedAt,
  };
  return JSON.stringify(data);
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isAlgorithm = (v: unknown): v is Algorithm => ALGORITHMS.includes(v as Algorithm);
const isDigits = (v: unknown): v is number =>
  Number.isInteger(v) && (v as number) >= MIN_DIGITS && (v as number) <= MAX_DIGITS;
const isTime = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isRecovery = (v: unknown): v is RecoveryCode =>
  typeof v === 'object' &&
  v !== null &&
  isString((v as RecoveryCode).code) &&
  ((v as RecoveryCode).usedAt === undefined || isTime((v as RecoveryCode).usedAt));

/** The part of a stored account that failed its check (each names itself in its own message). */
type InvalidPart =
  | 'structure'
  | 'name'
  | 'secret'
  | 'totp'
  | 'hotp'
  | 'type'
  | 'sites'
  | 'notes'
  | 'recovery_codes'
  | 'display';

/** Parses decrypted JSON back into an account, checking every field; a bad field names itself. */
export function fromAccountJson(json: string, id: string, createdAt: number): Account {
  const bad = (what: InvalidPart) =>
    new VaultError('bad-record', text(`core_record_invalid_${what}`, id), { recordId: id });
  let d: Partial<AccountDataV1>;
  try {
    d = JSON.parse(json) as Partial<AccountDataV1>;
  } catch (cause) {
    throw new VaultError('bad-record', text('core_record_not_json', id), { cause, recordId: id });
  }
  if (typeof d !== 'object' || d === null) throw bad('structure');
  if (!isString(d.issuer) || !isString(d.account)) throw bad('name');
  if (!isString(d.secret)) throw bad('secret');
  let secret: Uint8Array;
  try {
    secret = decodeBase32(d.secret);
  } catch {
    throw bad('secret');
  }
  const common = { secret, issuer: d.issuer, account: d.account };
  let otp: OtpParams;
  if (d.kind === 'steam') otp = { kind: 'steam', ...common };
  else if (d.kind === 'totp') {
    if (!isAlgorithm(d.algorithm) || !isDigits(d.digits) || !Number.isSafeInteger(d.period) || (d.period as number) < 1)
      throw bad('totp');
    otp = { kind: 'totp', ...common, algorithm: d.algorithm, digits: d.digits, period: d.period as number };
  } else if (d.kind === 'hotp') {
    if (
      !isAlgorithm(d.algorithm) ||
      !isDigits(d.digits) ||
      !isString(d.counter) ||
      !/^\d{1,20}$/.test(d.counter) ||
      BigInt(d.counter) >= 1n << 64n
    ) {
      throw bad('hotp');
    }
    otp = { kind: 'hotp', ...common, algorithm: d.algorithm, digits: d.digits, counter: BigInt(d.counter) };
  } else throw bad('type');
  if (!isStringArray(d.sites)) throw bad('sites');
  if (!isString(d.notes)) throw bad('notes');
  if (!Array.isArray(d.recoveryCodes) || !d.recoveryCodes.every(isRecovery)) throw bad('recovery_codes');
  if (typeof d.pinned !== 'boolean' || !Number.isSafeInteger(d.order) || !isTime(d.updatedAt)) throw bad('display');
  return {
    id,
    createdAt,
    updatedAt: d.updatedAt,
    otp,
    sites: d.sites,
    notes: d.notes,
    recoveryCodes: d.recoveryCodes.map((r) =>
      r.usedAt === undefined ? { code: r.code } : { code: r.code, usedAt: r.usedAt },
    ),
    pinned: d.pinned,
    order: d.order as number,
  };
}
