import en from '../../../locales/en/importkeepass.json';
import { textsOf } from '../../i18n/text';
import { entryFrom, entryFromUri, invalid, unsupported } from '../entry';
import type { ImportedEntry } from '../types';

/*
 * The one-time password fields a KeePass entry can carry, as KeePass, KeePassXC and their plugins write them
 * (docs/import-formats.md "KeePass and KeePassXC"):
 * - `otp`: an otpauth:// URI (KeePassXC; Steam as `encoder=steam`), or KeeOtp's query form
 *   `key=<base32>&size=6&step=30&otpHashMode=SHA256` (keepassxreboot/keepassxc src/core/Totp.cpp, parseSettings and
 *   writeSettings, commit 17606d9a286718d99b56ab9d35b7f0ca48992a3d; KeeOtp also writes `type=Hotp&counter=N` and
 *   `encoding=`);
 * - KeeTrayTOTP's `TOTP Seed` (base32) with `TOTP Settings` "period;digits", "period;S" for Steam, optionally
 *   ";<time server URL>" after them (same Totp.cpp, the legacy branch; KeeTrayTOTP's README);
 * - KeePass 2.47+'s own `TimeOtp-Secret` (UTF-8) / `-Hex` / `-Base32` / `-Base64` with `TimeOtp-Algorithm`
 *   ("HMAC-SHA-1", "HMAC-SHA-256", "HMAC-SHA-512"), `TimeOtp-Length`, `TimeOtp-Period`, and the HOTP
 *   `HmacOtp-Secret*` with `HmacOtp-Counter` (keepass.info/help/base/placeholders.html#otp).
 * KeePassXC reads `otp` first and the legacy fields only without it, and older versions wrote both, so one TOTP is
 * taken per entry in that order (`otp`, `TimeOtp-*`, `TOTP Seed`); a KeePass HOTP is a second account beside it.
 */

const kt = textsOf(en);

export interface EntryFields {
  /** The field's text, trimmed; undefined when absent or empty. */
  get(name: string): string | undefined;
  title: string;
  username: string;
  notes: string;
  groups: string[];
}

type Extras = Pick<ImportedEntry, 'notes' | 'groups' | 'pinned'>;

function extrasOf(f: EntryFields): Extras {
  return { notes: f.notes, groups: f.groups, pinned: false };
}

/**
 * The URI's issuer and account win (they are what the QR code said); the entry's title and user fill the gaps.
 * KeePassXC writes "KeePassXC" for an empty title and "none" for an empty user name (Totp::writeSettings): those
 * placeholders are not names, so they are dropped when the entry's own field is empty.
 */
function fromUri(uri: string, f: EntryFields): ImportedEntry {
  const entry = entryFromUri(uri, extrasOf(f));
  if (f.title === '' && entry.params.issuer === 'KeePassXC') entry.params.issuer = '';
  if (f.username === '' && entry.params.account === 'none') entry.params.account = '';
  if (entry.params.issuer === '') entry.params.issuer = f.title;
  if (entry.params.account === '') entry.params.account = f.username;
  return entry;
}

function decodeSecret(value: string, encoding: string, field: string): Uint8Array | string {
  const enc = encoding.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (enc === 'base32' || enc === '') return value;
  if (enc === 'hex') {
    const clean = value.replace(/\s+/g, '');
    if (clean.length === 0 || clean.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(clean))
      throw invalid(kt('importkeepass_secret_bad', field, 'hex'));
    return Uint8Array.from(clean.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
  }
  if (enc === 'base64') {
    const clean = value.replace(/\s+/g, '').replace(/=+$/, '');
    if (clean.length === 0 || !/^[A-Za-z0-9+/]+$/.test(clean) || clean.length % 4 === 1)
      throw invalid(kt('importkeepass_secret_bad', field, 'Base64'));
    const bin = atob(clean.padEnd(Math.ceil(clean.length / 4) * 4, '='));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  }
  if (enc === 'utf8' || enc === 'text') return new TextEncoder().encode(value);
  throw unsupported(kt('importkeepass_keeotp_encoding', encoding));
}

/** KeeOtp's `key=…&size=…` (no form decoding: a base64 key may hold '+'). */
function fromKeeOtp(value: string, f: EntryFields): ImportedEntry {
  const q = new Map<string, string>();
  for (const part of value.split('&')) {
    const at = part.indexOf('=');
    const name = (at < 0 ? part : part.slice(0, at)).trim().toLowerCase();
    let v = at < 0 ? '' : part.slice(at + 1);
    try {
      v = decodeURIComponent(v);
    } catch {
      // A stray % stays as it is; the key check below says what is wrong if it matters.
    }
    if (name !== '' && !q.has(name)) q.set(name, v.trim());
  }
  const key = q.get('key');
  if (!key) throw invalid(kt('importkeepass_keeotp_no_key'));
  const type = (q.get('type') ?? 'totp').toLowerCase();
  if (type !== 'totp' && type !== 'hotp') throw unsupported(kt('importkeepass_keeotp_type', q.get('type') ?? ''));
  return entryFrom({
    kind: type,
    secret: decodeSecret(key, q.get('encoding') ?? '', 'otp'),
    issuer: f.title,
    account: f.username,
    algorithm: q.get('otphashmode'),
    digits: q.get('size'),
    period: q.get('step'),
    counter: q.get('counter'),
    ...extrasOf(f),
  });
}

function fromOtpField(value: string, f: EntryFields): ImportedEntry {
  if (/^otpauth:\/\//i.test(value) || /^steam:\/\//i.test(value)) return fromUri(value, f);
  if (/(^|&)\s*key=/i.test(value)) return fromKeeOtp(value, f);
  throw invalid(kt('importkeepass_otp_unknown'));
}

/** KeeTrayTOTP: "30;6", "30;S" (Steam), "30;6;https://time.example" (its time server, not used here). */
function fromTrayTotp(seed: string, settings: string | undefined, f: EntryFields): ImportedEntry {
  const extras = extrasOf(f);
  if (settings === undefined)
    return entryFrom({ kind: 'totp', secret: seed, issuer: f.title, account: f.username, ...extras });
  const parts = settings.split(';').map((p) => p.trim());
  const [period, digits, server] = parts;
  if (parts.length < 2 || !/^\d+$/.test(period ?? '') || !/^(\d+|S)$/i.test(digits ?? ''))
    throw invalid(kt('importkeepass_settings_bad', settings));
  const warnings = server ? [kt('importkeepass_time_server', server)] : [];
  if (digits?.toUpperCase() === 'S') {
    // Steam's codes always step 30 s (KeePassXC's steam encoder ignores the period as well).
    return entryFrom({ kind: 'steam', secret: seed, issuer: f.title, account: f.username, ...extras, warnings });
  }
  return entryFrom({
    kind: 'totp',
    secret: seed,
    issuer: f.title,
    account: f.username,
    period,
    digits,
    ...extras,
    warnings,
  });
}

/** KeePass's own `<prefix>-Secret[-Hex|-Base32|-Base64]`; undefined when the entry has none. */
function keePassSecret(f: EntryFields, prefix: 'TimeOtp' | 'HmacOtp'): Uint8Array | string | undefined {
  const variants: Array<[string, string]> = [
    [`${prefix}-Secret-Base32`, 'base32'],
    [`${prefix}-Secret-Hex`, 'hex'],
    [`${prefix}-Secret-Base64`, 'base64'],
    [`${prefix}-Secret`, 'utf8'],
  ];
  for (const [name, encoding] of variants) {
    const value = f.get(name);
    if (value !== undefined) return decodeSecret(value, encoding, name);
  }
  return undefined;
}

const hasKeePass = (f: EntryFields, prefix: string): boolean =>
  ['-Secret-Base32', '-Secret-Hex', '-Secret-Base64', '-Secret'].some((s) => f.get(prefix + s) !== undefined);

/**
 * The accounts of one entry: none when it has no OTP field (a password, not an account), else one TOTP and/or
 * one HOTP. A malformed field throws an EntryError, so the entry is listed as a problem.
 */
export function otpEntriesOf(f: EntryFields): ImportedEntry[] {
  const out: ImportedEntry[] = [];
  const otp = f.get('otp');
  if (otp !== undefined) out.push(fromOtpField(otp, f));
  else if (hasKeePass(f, 'TimeOtp'))
    out.push(
      entryFrom({
        kind: 'totp',
        secret: keePassSecret(f, 'TimeOtp') ?? '',
        issuer: f.title,
        account: f.username,
        algorithm: f.get('TimeOtp-Algorithm'),
        digits: f.get('TimeOtp-Length'),
        period: f.get('TimeOtp-Period'),
        ...extrasOf(f),
      }),
    );
  else {
    const seed = f.get('TOTP Seed');
    if (seed !== undefined) out.push(fromTrayTotp(seed, f.get('TOTP Settings'), f));
  }
  const hasHotp = out.some((e) => e.params.kind === 'hotp');
  if (!hasHotp && hasKeePass(f, 'HmacOtp'))
    out.push(
      entryFrom({
        kind: 'hotp',
        secret: keePassSecret(f, 'HmacOtp') ?? '',
        issuer: f.title,
        account: f.username,
        counter: f.get('HmacOtp-Counter'),
        ...extrasOf(f),
      }),
    );
  return out;
}

/** Whether an entry has any OTP field at all (even a malformed one). */
export function hasOtpField(f: EntryFields): boolean {
  return (
    f.get('otp') !== undefined ||
    f.get('TOTP Seed') !== undefined ||
    hasKeePass(f, 'TimeOtp') ||
    hasKeePass(f, 'HmacOtp')
  );
}
