import type { Text } from '../i18n/text';
import { checkEntryCount, checkLineCount, MAX_LINES } from '../limits';
import { parseOtpauthUri } from '../otp/uri';
import { formDecode, percentDecode, splitUri } from '../otp/uri-parts';
import { collectEntries, nameLabel } from './entry';
import { linesText } from './lines-text';
import { text } from './text';
import type { ImportedEntry, ImportProblem } from './types';

/*
 * Exports that are a text list of Key URIs, one a line (docs/import-formats.md "Key URI lists"): Ente Auth's plain
 * export, the text inside WinAuth and Authenticator Plus ZIPs. Every non-empty line is an entry; one that is not a
 * usable link becomes a problem naming its line, never a silent skip.
 */

export interface UriLine {
  /** 1-based line number in the text, for messages. */
  line: number;
  text: string;
  /** Set when the line held several links run together: which one this is (1-based) and how many there were. */
  part?: { n: number; of: number };
}

/*
 * Where a link starts. A scheme written literally after the start of a link can only be the next link on a line
 * that lost its newline: inside a link's label or query, `:` and `/` may stand as they are (RFC 3986 §3.3, §3.4) but
 * no writer of these exports leaves a nested link unencoded, and a percent-encoded `otpauth%3A%2F%2F` does not match.
 * OTPClient 3.1.4's FreeOTP+ export runs links together this way (paolostivanin/OTPClient, src/common/freeotp.c,
 * writes g_utf8_strlen(link) bytes: characters counted where bytes are meant).
 */
const LINK_START = /(?:otpauth|otpauth-migration):\/\//gi;
/** What may stand before the first link of a line that is split: nothing, or zbarimg's prefix of a QR code. */
const LINK_HEAD = /^(?:QR-Code:\s*)?$/;

/** A line cut at each link start after its first link; a line that is not a list of links is left whole. */
export function splitRunTogether(line: string): string[] {
  const starts = Array.from(line.matchAll(LINK_START), (m) => m.index);
  const [first] = starts;
  if (starts.length < 2 || first === undefined || !LINK_HEAD.test(line.slice(0, first))) return [line];
  return starts.map((start, i) => line.slice(i === 0 ? 0 : start, starts[i + 1]));
}

/**
 * The non-empty lines, trimmed; a line of links run together becomes one item per link, each with its line number.
 * A text of more than MAX_LINES lines is refused before it is split, and more items than that after (lib/limits.ts).
 */
export function uriLines(text: string): UriLine[] {
  checkLineCount(text);
  const out: UriLine[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const parts = splitRunTogether(line);
    if (parts.length === 1) out.push({ line: i + 1, text: line });
    else out.push(...parts.map((part, n) => ({ line: i + 1, text: part, part: { n: n + 1, of: parts.length } })));
    if (out.length > MAX_LINES) checkEntryCount(out.length);
  });
  return out;
}

/**
 * The warning an entry from a run-together line carries: every link but the last on such a line lost at least its
 * newline, and may have lost more of its end (a parameter's value), so its code is worth a check.
 */
export function runTogetherWarnings(item: UriLine): Text[] {
  const { part } = item;
  return part && part.n < part.of ? [linesText('importlines_run_together', item.line, part.n, part.of)] : [];
}

/** True when the text has at least one line starting with `otpauth://` and nothing but such lines and blanks. */
export function isUriList(text: string): boolean {
  const lines = uriLines(text);
  return lines.length > 0 && lines.every((l) => /^(otpauth|steam):\/\//i.test(l.text));
}

/** A query parameter's value, form-decoded, or undefined when absent or undecodable (first one wins). */
export function uriParameter(uri: string, name: string): string | undefined {
  try {
    const found = splitUri(uri).query.find(([key]) => key === name.toLowerCase());
    return found === undefined ? undefined : formDecode(found[1], { parameter: name });
  } catch {
    return undefined;
  }
}

/** "GitHub (alice)" from the link when it parses, else its decoded label, else "Line 4". */
export function uriLabel(item: UriLine, index: number): Text {
  try {
    const { params } = parseOtpauthUri(item.text);
    return nameLabel(params.issuer, params.account) ?? text('import_label_entry', index + 1);
  } catch {
    try {
      // The same split as the URI parser (policies 1–3), without needing the rest of the link to be valid.
      const label = percentDecode(splitUri(item.text).rawPath, 'label');
      const colon = label.indexOf(':');
      const issuer = uriParameter(item.text, 'issuer') || (colon < 0 ? '' : label.slice(0, colon));
      const name = nameLabel(issuer, colon < 0 ? label : label.slice(colon + 1));
      if (name) return name;
    } catch {
      // Fall through to the line number.
    }
    return text('import_label_line', item.line);
  }
}

/**
 * Converts every line with `convert` (usually entryFromUri, with a format's own extras such as
 * Ente's codeDisplay); a line that throws becomes a problem labelled by {@link uriLabel}.
 */
export function readUriLines(
  text: string,
  convert: (item: UriLine) => ImportedEntry,
): { entries: ImportedEntry[]; problems: ImportProblem[] } {
  return collectEntries(uriLines(text), uriLabel, (item) => {
    const entry = convert(item);
    const warnings = runTogetherWarnings(item);
    return warnings.length === 0 ? entry : { ...entry, warnings: [...entry.warnings, ...warnings] };
  });
}

/*
 * zbarimg (zbar's command-line reader) prints each symbol as `<symbology>:<data>` unless run with --raw; the names are
 * zbar's `zbar_get_symbol_name` (github.com/mchehab/zbar, zbar/symbol.c), with an add-on name such as "+5" sometimes
 * after them. A QR code's line is `QR-Code:otpauth://…`: the link after the prefix is the entry. Other symbologies
 * cannot hold a two-factor link and are listed, not read.
 */
const ZBAR_SYMBOLOGIES =
  /^(EAN-2|EAN-5|EAN-8|UPC-E|ISBN-10|UPC-A|EAN-13|ISBN-13|COMPOSITE|I2\/5|DataBar|DataBar-Exp|Codabar|CODE-39|CODE-93|CODE-128|PDF417|QR-Code|SQ-Code)(\+\d+)?:/;

/** A line as zbarimg wrote it: its symbology, and the data after the prefix (trimmed); undefined for any other line. */
export function zbarLine(line: string): { symbology: string; data: string } | undefined {
  // "otpauth:" and other schemes are never symbology names, so a plain link is not mistaken for a zbar line.
  const m = ZBAR_SYMBOLOGIES.exec(line);
  if (!m) return undefined;
  return { symbology: m[1] ?? '', data: line.slice(m[0].length).trim() };
}
