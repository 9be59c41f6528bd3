import { decodeBase32 } from '../encoding/base32';
import { TwofoldError } from '../errors';
import type { Text } from '../i18n/text';
import { checkEntryCount, MAX_PROBLEMS_LISTED, moreProblems } from '../limits';
import { ALGORITHMS, type Algorithm, MAX_DIGITS, MIN_DIGITS, type OtpParams } from '../otp/types';
import { parseOtpauthUri } from '../otp/uri';
import { plain, text, textOf } from './text';
import type { ImportedEntry, ImportProblem } from './types';

/*
 * Shared rules for turning one source entry into an account. Every importer funnels its fields through
 * {@link entryFrom} (or {@link entryFromUri}) so limits and messages are the same for all formats, and
 * through {@link collectEntries} so one bad entry becomes a listed problem instead of failing the file.
 */

/** Thrown for one entry; {@link collectEntries} turns it into an {@link ImportProblem}. */
export class EntryError extends TwofoldError<'unsupported' | 'invalid'> {
  declare readonly text: Text;
  constructor(code: 'unsupported' | 'invalid', message: Text) {
    super(code, message);
  }
}

export const unsupported = (message: Text): EntryError => new EntryError('unsupported', message);
export const invalid = (message: Text): EntryError => new EntryError('invalid', message);

/** The fields an export may have, in whatever types it wrote them. */
export interface RawEntry {
  /** "totp" | "hotp" | "steam", any case; other kinds (motp, yandex…) are reported unsupported. */
  kind: string;
  /** Raw bytes, or base32 text. */
  secret: Uint8Array | string;
  issuer?: unknown;
  account?: unknown;
  algorithm?: unknown;
  digits?: unknown;
  period?: unknown;
  counter?: unknown;
  notes?: unknown;
  groups?: readonly string[];
  pinned?: unknown;
  warnings?: Text[];
}

const KIND_NAMES: Record<string, string> = { motp: 'mOTP', yandex: 'Yandex', hex: 'hex', battle: 'Battle.net' }; // i18n-ignore: a kind's own name

function textField(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw invalid(text('import_entry_field_not_text', typeof value));
}

/** SHA1 / sha-256 / HmacSHA512 / HMAC-SHA-256 / 0-2 index … → Algorithm. */
export function readAlgorithm(value: unknown, fallback: Algorithm = 'SHA1'): Algorithm {
  if (value === undefined || value === null || value === '') return fallback;
  const name = String(value)
    .toUpperCase()
    .replace(/^HMAC/, '')
    .replace(/[^A-Z0-9]/g, '');
  if ((ALGORITHMS as readonly string[]).includes(name)) return name as Algorithm;
  if (name === 'MD5' || name === 'SHA224' || name === 'SHA384' || name.startsWith('GOST'))
    throw unsupported(text('import_entry_algorithm_unsupported', String(value)));
  throw invalid(text('import_entry_algorithm_unknown', String(value)));
}

/** An integer field that may have been written as a string ("6"). */
export function readInteger(value: unknown, what: 'digits' | 'period'): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n))
    throw invalid(
      text(what === 'digits' ? 'import_entry_digits_not_whole' : 'import_entry_period_not_whole', String(value)),
    );
  return n;
}

function readCounter(value: unknown): bigint {
  if (value === undefined || value === null || value === '') return 0n;
  let n: bigint;
  if (typeof value === 'bigint') n = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value);
  else if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) n = BigInt(value.trim());
  else throw invalid(text('import_entry_counter_not_whole', String(value)));
  if (n < 0n || n >= 1n << 64n) throw invalid(text('import_entry_counter_range', String(n)));
  return n;
}

function readSecret(secret: Uint8Array | string): Uint8Array {
  if (secret instanceof Uint8Array) {
    if (secret.length === 0) throw invalid(text('import_entry_no_secret'));
    return secret;
  }
  if (typeof secret !== 'string') throw invalid(text('import_entry_secret_not_text'));
  if (secret.trim() === '') throw invalid(text('import_entry_no_secret'));
  return decodeBase32OrInvalid(secret);
}

/** Base32 text as bytes; an entry problem naming what is wrong with it otherwise. */
export function decodeBase32OrInvalid(secret: string): Uint8Array {
  try {
    return decodeBase32(secret);
  } catch (e) {
    throw invalid(text('import_entry_secret_base32', textOf(e)));
  }
}

/** Validates and converts one entry; throws {@link EntryError} naming the problem. */
export function entryFrom(raw: RawEntry): ImportedEntry {
  const kind = raw.kind.toLowerCase();
  const issuer = textField(raw.issuer);
  const account = textField(raw.account);
  const extras = {
    notes: textField(raw.notes),
    groups: [...(raw.groups ?? [])].filter((g) => g.trim() !== ''),
    pinned: raw.pinned === true || raw.pinned === 'true',
    warnings: raw.warnings ?? [],
  };
  if (kind !== 'totp' && kind !== 'hotp' && kind !== 'steam')
    throw unsupported(text('import_entry_kind_unsupported', KIND_NAMES[kind] ?? kind));
  const secret = readSecret(raw.secret);
  if (kind === 'steam') return { params: { kind, secret, issuer, account }, ...extras };

  const algorithm = readAlgorithm(raw.algorithm);
  const digits = readInteger(raw.digits, 'digits') ?? 6;
  if (digits < MIN_DIGITS || digits > MAX_DIGITS)
    throw invalid(text('import_entry_digits_range', digits, MIN_DIGITS, MAX_DIGITS));
  if (kind === 'hotp')
    return {
      params: { kind, secret, issuer, account, algorithm, digits, counter: readCounter(raw.counter) },
      ...extras,
    };
  const period = readInteger(raw.period, 'period') ?? 30;
  if (period < 1 || period > 86_400) throw invalid(text('import_entry_period_range', period));
  return { params: { kind, secret, issuer, account, algorithm, digits, period }, ...extras };
}

/** An otpauth:// or steam:// URI as an entry; the URI parser's warnings are kept. */
export function entryFromUri(uri: string, extras: Partial<Omit<ImportedEntry, 'params'>> = {}): ImportedEntry {
  let parsed: ReturnType<typeof parseOtpauthUri>;
  try {
    parsed = parseOtpauthUri(uri.trim());
  } catch (e) {
    const code = (e as TwofoldError).code;
    if (code === 'unsupported-type') throw unsupported(textOf(e));
    throw invalid(textOf(e));
  }
  return {
    params: parsed.params,
    notes: extras.notes ?? '',
    groups: extras.groups ?? [],
    pinned: extras.pinned ?? false,
    warnings: [...parsed.warnings.map((w) => textOf(w)), ...(extras.warnings ?? [])],
  };
}

/** "Entry 3": an entry with no name, by its 0-based index. */
export function entryLabel(index: number): Text {
  return text('import_label_entry', index + 1);
}

/** "GitHub (alice)", "GitHub", "alice" or "Entry 3". */
export function labelFor(issuer: unknown, account: unknown, index: number): Text {
  const name = nameLabel(issuer, account);
  return name ?? entryLabel(index);
}

/** "GitHub (alice)", "GitHub" or "alice"; undefined when the entry has neither. */
export function nameLabel(issuer: unknown, account: unknown): Text | undefined {
  const i = typeof issuer === 'string' ? issuer.trim() : '';
  const a = typeof account === 'string' ? account.trim() : '';
  if (i && a) return text('import_label_named', i, a);
  return i || a ? plain(i || a) : undefined;
}

/**
 * Converts every item; an item that throws becomes a problem with its label. Anything other than an
 * {@link EntryError} (a TypeError from a malformed object, say) is reported as a damaged entry, so a
 * strange entry never aborts the rest of the file.
 */
export function collectEntries<T>(
  items: readonly T[],
  label: (item: T, index: number) => Text | string,
  convert: (item: T, index: number) => ImportedEntry | readonly ImportedEntry[],
): { entries: ImportedEntry[]; problems: ImportProblem[] } {
  // Caps (lib/limits.ts): a file of more accounts than one review takes is refused before any is converted.
  checkEntryCount(items.length);
  const entries: ImportedEntry[] = [];
  const problems: ImportProblem[] = [];
  items.forEach((item, index) => {
    let name: Text;
    try {
      const given = label(item, index);
      name = typeof given === 'string' ? plain(given) : given;
    } catch {
      name = entryLabel(index);
    }
    try {
      const out = convert(item, index);
      if (Array.isArray(out)) entries.push(...out);
      else entries.push(out as ImportedEntry);
    } catch (e) {
      const known = e instanceof EntryError;
      problems.push({
        index,
        label: name,
        message: known ? e.text : text('import_entry_damaged', textOf(e)),
        unsupported: known && e.code === 'unsupported',
      });
    }
  });
  return { entries, problems };
}

/**
 * At most MAX_PROBLEMS_LISTED problems one by one, then one line counting the rest: every entry not imported is
 * still accounted for, and a file of 10 000 bad lines does not become 10 000 paragraphs on the page.
 */
export function capProblems(problems: ImportProblem[]): ImportProblem[] {
  if (problems.length <= MAX_PROBLEMS_LISTED) return problems;
  const listed = problems.slice(0, MAX_PROBLEMS_LISTED - 1);
  const rest = problems.slice(MAX_PROBLEMS_LISTED - 1);
  const first = rest[0] as ImportProblem;
  listed.push({
    index: first.index,
    label: plain('…'),
    message: moreProblems(rest.length),
    unsupported: rest.every((p) => p.unsupported),
  });
  return listed;
}

/** Narrowing helper for JSON: a plain object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Exposed for importers that compute params themselves. */
export type { OtpParams };
