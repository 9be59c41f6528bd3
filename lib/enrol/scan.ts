import en from '../../locales/en/core.json';
import { failureText } from '../errors';
import { type Sub, type Text, textsOf } from '../i18n/text';
import type { OtpParamName } from '../otp/carried';
import { type DecodedMigration, decodeMigrationUri, MIGRATION_CARRIES, type MigrationBatch } from '../otp/migration';
import type { OtpParams } from '../otp/types';
import { parseOtpauthUri, UriError } from '../otp/uri';
import { describeContent } from './describe-content';

/*
 * What the QR codes of one image mean for enrolment (docs/enrolment.md "What a scan means"). A page may show several
 * codes: the key, an app-store link, a "download our app" banner. Two-factor codes (otpauth://, steam://,
 * otpauth-migration://) win; every other code is listed as ignored, with what it holds, so the user sees why it was not
 * added. Nothing is ever dropped silently.
 */

const text = textsOf(en);

/** One account a scan can add, with what the parser wants the user to know before saving. */
export interface ScannedAccount {
  params: OtpParams;
  warnings: Text[];
  /** Which QR code (0-based, reading order) it came from. */
  code: number;
  from: 'otpauth' | 'migration';
  /** What its source could say, when not every parameter (lib/otp/carried.ts); the rest is unknown. */
  carries?: readonly OtpParamName[];
}

/** A QR code that looked like a two-factor code but cannot be used, or one entry of an export that cannot. */
export interface ScanProblem {
  code: number;
  message: Text;
}

export interface ScanOutcome {
  /** How many QR codes the image held. */
  codes: number;
  accounts: ScannedAccount[];
  problems: ScanProblem[];
  /** QR codes that are not two-factor codes, described for the user ("a web link: https://…"). */
  ignored: Text[];
  /** Google Authenticator export batches seen (one per migration QR code). */
  batches: MigrationBatch[];
  /** The texts of the codes that gave at least one account, in reading order (what `eval:qr` checks). */
  otpTexts: string[];
}

const OTP_SCHEME = /^(otpauth|otpauth-migration|steam):/i;

/** A decode pass that found a two-factor code is enough for enrolment (lib/qr/read.ts `Enough`). */
export const hasOtpText = (texts: readonly string[]): boolean => texts.some((t) => OTP_SCHEME.test(t.trim()));

/**
 * Sorts the decoded texts of one image (or the lines of pasted text: `unit` 'link') into accounts,
 * problems and ignored codes.
 */
export function interpretScan(texts: readonly string[], unit: 'QR code' | 'link' = 'QR code'): ScanOutcome {
  const out: ScanOutcome = { codes: texts.length, accounts: [], problems: [], ignored: [], batches: [], otpTexts: [] };
  texts.forEach((raw, code) => {
    const content = raw.trim();
    if (!OTP_SCHEME.test(content)) {
      out.ignored.push(describeContent(content));
      return;
    }
    if (/^otpauth-migration:/i.test(content)) {
      let decoded: DecodedMigration;
      try {
        decoded = decodeMigrationUri(content);
      } catch (e) {
        out.problems.push({ code, message: text('core_scan_export_unreadable', messageOf(e)) });
        return;
      }
      out.batches.push(decoded.batch);
      for (const params of decoded.accounts)
        out.accounts.push({ params, warnings: [], code, from: 'migration', carries: MIGRATION_CARRIES });
      for (const err of decoded.errors)
        out.problems.push({ code, message: text('core_scan_entry_problem', err.label, err.message) });
      if (decoded.accounts.length > 0) out.otpTexts.push(content);
      else if (decoded.errors.length === 0) out.problems.push({ code, message: text('core_scan_export_empty') });
      return;
    }
    try {
      const { params, warnings } = parseOtpauthUri(content);
      out.accounts.push({ params, warnings: warnings.map((w) => w.message), code, from: 'otpauth' });
      out.otpTexts.push(content);
    } catch (e) {
      const key = unit === 'link' ? 'core_scan_link_unusable' : 'core_scan_code_unusable';
      out.problems.push({ code, message: text(key, messageOf(e)) });
    }
  });
  return out;
}

/** What a parser's error says; anything but a UriError is a bug and goes on up. */
function messageOf(e: unknown): Sub {
  if (e instanceof UriError) return failureText(e);
  throw e;
}

/** Accounts an import read (canonical URIs from lib/import/run.ts), as an outcome to review like a scan. */
export function outcomeOfUris(
  items: readonly { uri: string; warnings: readonly Text[]; carries?: readonly OtpParamName[] }[],
): ScanOutcome {
  const out: ScanOutcome = { codes: items.length, accounts: [], problems: [], ignored: [], batches: [], otpTexts: [] };
  items.forEach((item, code) => {
    out.accounts.push({
      params: parseOtpauthUri(item.uri).params,
      warnings: [...item.warnings],
      code,
      from: 'otpauth',
      ...(item.carries ? { carries: item.carries } : {}),
    });
  });
  return out;
}
