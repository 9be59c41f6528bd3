import en from '../../locales/en/core.json';
import organiseEn from '../../locales/en/organise.json';
import reenrolEn from '../../locales/en/reenrol.json';
import { decodeBase32, encodeBase32 } from '../encoding/base32';
import { textsOf } from '../i18n/text';
import { ALGORITHMS, type Algorithm, MAX_DIGITS, MIN_DIGITS, type OtpParams } from '../otp/types';
import { VaultError } from './errors';
import { MAX_GROUP_LENGTH } from './group-name';

const text = textsOf(en);
const reenrolText = textsOf(reenrolEn);
const organiseText = textsOf(organiseEn);

export { MAX_GROUP_LENGTH };

// C0, DEL and C1 controls: a group name is shown as a heading, and a line break or escape has no place in one.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * A group name as the person typed it, checked (docs/vault-format.md "Account record"): trimmed; '' means no group.
 * Too long or holding a control character: VaultError('bad-group').
 */
export function cleanGroup(raw: string): string {
  const name = raw.trim();
  if (name.length > MAX_GROUP_LENGTH)
    throw new VaultError('bad-group', organiseText('organise_group_too_long', MAX_GROUP_LENGTH));
  if (CONTROL.test(name)) throw new VaultError('bad-group', organiseText('organise_group_control'));
  return name;
}

/** Whether a stored group name is one {@link cleanGroup} would have kept as it is (and not empty). */
export function isGroupName(v: unknown): v is string {
  if (typeof v !== 'string' || v === '') return false;
  try {
    return cleanGroup(v) === v;
  } catch {
    return false;
  }
}

/** A recovery code a site handed out, kept with its account (docs/vault-format.md "Account record"). */
export interface RecoveryCode {
  code: string;
  usedAt?: number;
  /** A newer set replaced this code before it was used: kept, never offered or printed (docs/vault-format.md). */
  supersededAt?: number;
}

/**
 * A key the account held before a re-enrolment replaced it (docs/vault-format.md "Previous keys"): kept,
 * encrypted with the account, so it can be restored for 30 days (lib/vault/key-history.ts).
 */
export interface PreviousKey {
  otp: OtpParams;
  replacedAt: number;
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
  /** Replaced keys, newest first; absent when there are none. */
  history?: PreviousKey[];
  /** The group the account is filed under (trimmed, never empty); absent for none. */
  group?: string;
}

/** The key fields of the JSON, shared by the account and each previous key. */
interface OtpJson {
  kind: 'totp' | 'hotp' | 'steam';
  secret: string;
  issuer: string;
  account: string;
  algorithm?: Algorithm;
  digits?: number;
  period?: number;
  counter?: string;
}

type PreviousKeyJson = OtpJson & { replacedAt: number };

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
  history?: PreviousKeyJson[];
  group?: string;
}

function otpToJson(o: OtpParams): OtpJson {
  return {
    kind: o.kind,
    secret: encodeBase32(o.secret),
    issuer: o.issuer,
    account: o.account,
    ...(o.kind === 'totp' ? { algorithm: o.algorithm, digits: o.digits, period: o.period } : {}),
    ...(o.kind === 'hotp' ? { algorithm: o.algorithm, digits: o.digits, counter: o.counter.toString() } : {}),
  };
}

export function toAccountJson(a: Account): string {
  const data: AccountDataV1 = {
    ...otpToJson(a.otp),
    sites: a.sites,
    notes: a.notes,
    recoveryCodes: a.recoveryCodes,
    pinned: a.pinned,
    order: a.order,
    updatedAt: a.updatedAt,
    // Written only when there is one: an account without previous keys stays byte-for-byte what it was.
    ...(a.history && a.history.length > 0
      ? { history: a.history.map((h) => ({ ...otpToJson(h.otp), replacedAt: h.replacedAt })) }
      : {}),
    // Likewise: an account without a group stays byte-for-byte what it was.
    ...(a.group ? { group: a.group } : {}),
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
  ((v as RecoveryCode).usedAt === undefined || isTime((v as RecoveryCode).usedAt)) &&
  ((v as RecoveryCode).supersededAt === undefined || isTime((v as RecoveryCode).supersededAt));

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
  | 'display'
  | 'history'
  | 'group';

/** Parses decrypted JSON back into an account, checking every field; a bad field names itself. */
export function fromAccountJson(json: string, id: string, createdAt: number): Account {
  const bad = (what: InvalidPart) =>
    new VaultError(
      'bad-record',
      what === 'history'
        ? reenrolText('reenrol_record_invalid_history', id)
        : what === 'group'
          ? organiseText('organise_record_invalid_group', id)
          : text(`core_record_invalid_${what}`, id),
      { recordId: id },
    );
  let d: Partial<AccountDataV1>;
  try {
    d = JSON.parse(json) as Partial<AccountDataV1>;
  } catch (cause) {
    throw new VaultError('bad-record', text('core_record_not_json', id), { cause, recordId: id });
  }
  if (typeof d !== 'object' || d === null) throw bad('structure');
  const otp = otpFromJson(d, bad);
  if (!isStringArray(d.sites)) throw bad('sites');
  if (!isString(d.notes)) throw bad('notes');
  if (!Array.isArray(d.recoveryCodes) || !d.recoveryCodes.every(isRecovery)) throw bad('recovery_codes');
  if (typeof d.pinned !== 'boolean' || !Number.isSafeInteger(d.order) || !isTime(d.updatedAt)) throw bad('display');
  const history = historyFromJson(d.history, bad);
  if (d.group !== undefined && !isGroupName(d.group)) throw bad('group');
  return {
    id,
    createdAt,
    updatedAt: d.updatedAt,
    otp,
    sites: d.sites,
    notes: d.notes,
    recoveryCodes: d.recoveryCodes.map((r) => ({
      code: r.code,
      ...(r.usedAt === undefined ? {} : { usedAt: r.usedAt }),
      ...(r.supersededAt === undefined ? {} : { supersededAt: r.supersededAt }),
    })),
    pinned: d.pinned,
    order: d.order as number,
    ...(history.length > 0 ? { history } : {}),
    ...(d.group !== undefined ? { group: d.group } : {}),
  };
}

/** The key fields of an account or previous key, each checked; a bad one names itself through `bad`. */
function otpFromJson(d: Partial<OtpJson>, bad: (what: InvalidPart) => Error): OtpParams {
  if (!isString(d.issuer) || !isString(d.account)) throw bad('name');
  if (!isString(d.secret)) throw bad('secret');
  let secret: Uint8Array;
  try {
    secret = decodeBase32(d.secret);
  } catch {
    throw bad('secret');
  }
  const common = { secret, issuer: d.issuer, account: d.account };
  if (d.kind === 'steam') return { kind: 'steam', ...common };
  if (d.kind === 'totp') {
    if (!isAlgorithm(d.algorithm) || !isDigits(d.digits) || !Number.isSafeInteger(d.period) || (d.period as number) < 1)
      throw bad('totp');
    return { kind: 'totp', ...common, algorithm: d.algorithm, digits: d.digits, period: d.period as number };
  }
  if (d.kind === 'hotp') {
    if (
      !isAlgorithm(d.algorithm) ||
      !isDigits(d.digits) ||
      !isString(d.counter) ||
      !/^\d{1,20}$/.test(d.counter) ||
      BigInt(d.counter) >= 1n << 64n
    ) {
      throw bad('hotp');
    }
    return { kind: 'hotp', ...common, algorithm: d.algorithm, digits: d.digits, counter: BigInt(d.counter) };
  }
  throw bad('type');
}

/** Previous keys (absent: none). A damaged entry makes the record invalid, as any other damaged field does. */
function historyFromJson(v: unknown, bad: (what: InvalidPart) => Error): PreviousKey[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw bad('history');
  return v.map((h: unknown) => {
    if (typeof h !== 'object' || h === null || !isTime((h as PreviousKeyJson).replacedAt)) throw bad('history');
    return {
      otp: otpFromJson(h as Partial<OtpJson>, () => bad('history')),
      replacedAt: (h as PreviousKeyJson).replacedAt,
    };
  });
}
