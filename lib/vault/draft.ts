import en from '../../locales/en/core.json';
import { Base32Error, decodeBase32 } from '../encoding/base32';
import { failureText, TwofoldError } from '../errors';
import { type Text, textsOf } from '../i18n/text';
import { assertDigits } from '../otp/hotp';
import { ALGORITHMS, type Algorithm, MAX_DIGITS, MIN_DIGITS, type OtpParams } from '../otp/types';
import { type ParsedUri, parseOtpauthUri } from '../otp/uri';

const text = textsOf(en);

export type DraftErrorCode = 'secret' | 'digits' | 'period' | 'counter' | 'algorithm' | 'kind' | 'uri' | 'name';

/** A problem with one field of the add form; `field` says which, so the form can point at it. */
export class DraftError extends TwofoldError<DraftErrorCode> {
  constructor(
    readonly field: DraftErrorCode,
    message: string | Text,
    options?: { cause?: unknown },
  ) {
    super(field, message, options);
  }
}

/** What the add form sends: either a pasted URI, or the fields typed by hand. */
export interface AccountDraft {
  uri?: string;
  kind?: 'totp' | 'hotp' | 'steam';
  secret?: string;
  issuer?: string;
  account?: string;
  algorithm?: Algorithm;
  digits?: number;
  period?: number;
  counter?: string;
}

/** Turns a draft into OTP parameters, naming the field and the problem when something is wrong. */
export function draftToParams(d: AccountDraft): ParsedUri {
  if (d.uri !== undefined && d.uri.trim() !== '') {
    try {
      const parsed = parseOtpauthUri(d.uri);
      // Names typed in the form win over the link's.
      if (d.issuer?.trim()) parsed.params.issuer = d.issuer.trim();
      if (d.account?.trim()) parsed.params.account = d.account.trim();
      return parsed;
    } catch (cause) {
      throw new DraftError('uri', failureText(cause, text('core_draft_link_unreadable')), { cause });
    }
  }
  const issuer = (d.issuer ?? '').trim();
  const account = (d.account ?? '').trim();
  if (!issuer && !account) throw new DraftError('name', text('core_draft_no_name'));
  let secret: Uint8Array;
  try {
    secret = decodeBase32(d.secret ?? '');
  } catch (cause) {
    throw new DraftError(
      'secret',
      cause instanceof Base32Error ? (cause.text ?? cause.message) : text('core_draft_secret_unreadable'),
      {
        cause,
      },
    );
  }
  const kind = d.kind ?? 'totp';
  if (kind === 'steam') return { params: { kind, secret, issuer, account }, warnings: [] };
  const algorithm = d.algorithm ?? 'SHA1';
  if (!ALGORITHMS.includes(algorithm)) throw new DraftError('algorithm', text('core_draft_bad_algorithm', algorithm));
  const digits = d.digits ?? 6;
  try {
    assertDigits(digits);
  } catch (cause) {
    throw new DraftError('digits', text('core_draft_bad_digits', MIN_DIGITS, MAX_DIGITS), { cause });
  }
  let params: OtpParams;
  if (kind === 'totp') {
    const period = d.period ?? 30;
    if (!Number.isSafeInteger(period) || period < 1) throw new DraftError('period', text('core_draft_bad_period'));
    params = { kind, secret, issuer, account, algorithm, digits, period };
  } else if (kind === 'hotp') {
    const counter = (d.counter ?? '0').trim() || '0';
    if (!/^\d{1,20}$/.test(counter) || BigInt(counter) >= 1n << 64n)
      throw new DraftError('counter', text('core_draft_bad_counter'));
    params = { kind, secret, issuer, account, algorithm, digits, counter: BigInt(counter) };
  } else {
    throw new DraftError('kind', text('core_draft_bad_kind', String(kind)));
  }
  return { params, warnings: [] };
}
