import { type DecodedMigration, decodeMigrationUri, type MigrationBatch } from '../otp/migration';
import type { OtpParams } from '../otp/types';
import { parseOtpauthUri, UriError } from '../otp/uri';
import { describeContent } from './describe-content';

/*
 * What the QR codes of one image mean for enrolment (issue 5). A page may show several codes: the
 * key, an app-store link, a "download our app" banner. Two-factor codes (otpauth://, steam://,
 * otpauth-migration://) win; every other code is listed as ignored, with what it holds, so the user
 * sees why it was not added. Nothing is ever dropped silently.
 */

/** One account a scan can add, with what the parser wants the user to know before saving. */
export interface ScannedAccount {
  params: OtpParams;
  warnings: string[];
  /** Which QR code (0-based, reading order) it came from. */
  code: number;
  from: 'otpauth' | 'migration';
}

/** A QR code that looked like a two-factor code but cannot be used, or one entry of an export that cannot. */
export interface ScanProblem {
  code: number;
  message: string;
}

export interface ScanOutcome {
  /** How many QR codes the image held. */
  codes: number;
  accounts: ScannedAccount[];
  problems: ScanProblem[];
  /** QR codes that are not two-factor codes, described for the user ("a web link: https://…"). */
  ignored: string[];
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
    const text = raw.trim();
    if (!OTP_SCHEME.test(text)) {
      out.ignored.push(describeContent(text));
      return;
    }
    if (/^otpauth-migration:/i.test(text)) {
      let decoded: DecodedMigration;
      try {
        decoded = decodeMigrationUri(text);
      } catch (e) {
        out.problems.push({ code, message: `A Google Authenticator export could not be read: ${messageOf(e)}` });
        return;
      }
      out.batches.push(decoded.batch);
      for (const params of decoded.accounts) out.accounts.push({ params, warnings: [], code, from: 'migration' });
      for (const err of decoded.errors)
        out.problems.push({ code, message: `${err.label || `Entry ${err.index + 1}`}: ${err.message}` });
      if (decoded.accounts.length > 0) out.otpTexts.push(text);
      else if (decoded.errors.length === 0)
        out.problems.push({ code, message: 'A Google Authenticator export holds no accounts.' });
      return;
    }
    try {
      const { params, warnings } = parseOtpauthUri(text);
      out.accounts.push({ params, warnings: warnings.map((w) => w.message), code, from: 'otpauth' });
      out.otpTexts.push(text);
    } catch (e) {
      out.problems.push({ code, message: `A two-factor ${unit} cannot be used: ${messageOf(e)}` });
    }
  });
  return out;
}

function messageOf(e: unknown): string {
  if (e instanceof UriError) return e.message;
  throw e;
}

/** Accounts an import read (canonical URIs from lib/import/run.ts), as an outcome to review like a scan. */
export function outcomeOfUris(items: readonly { uri: string; warnings: readonly string[] }[]): ScanOutcome {
  const out: ScanOutcome = { codes: items.length, accounts: [], problems: [], ignored: [], batches: [], otpTexts: [] };
  items.forEach((item, code) => {
    out.accounts.push({
      params: parseOtpauthUri(item.uri).params,
      warnings: [...item.warnings],
      code,
      from: 'otpauth',
    });
  });
  return out;
}
