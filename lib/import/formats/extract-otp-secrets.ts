import { csvRecords, parseCsv } from '../csv';
import { collectEntries, entryFrom, entryFromUri, invalid, isObject, labelFor } from '../entry';
import { plain, text } from '../text';
import type { Detection, ImportedEntry, Importer, SniffedFile } from '../types';

/*
 * extract_otp_secrets' JSON and CSV output (docs/import-formats.md "extract_otp_secrets"): the tool people use to
 * get their accounts out of a Google Authenticator transfer QR code writes one record per account with the
 * columns `name, secret, issuer, type, counter, url` (github.com/scito/extract_otp_secrets
 * src/extract_otp_secrets.py `write_csv` / `write_json`, and its example_output.json / example_output.csv).
 * `url` is a complete otpauth:// URI and the reading prefers it; the separate fields are the fallback when a
 * person edited the file and left the URL empty.
 */

const COLUMNS = ['name', 'secret', 'issuer', 'type', 'counter', 'url'] as const;

function isRecord(a: unknown): a is Record<string, unknown> {
  return isObject(a) && 'secret' in a && 'url' in a && 'name' in a && 'type' in a;
}

function jsonRecords(file: SniffedFile): unknown[] | false {
  const json = file.json;
  if (!Array.isArray(json) || json.length === 0) return false;
  return json.every(isRecord) ? json : false;
}

function csvHeader(file: SniffedFile): boolean {
  if (file.text === undefined || file.json !== undefined) return false;
  const end = file.text.search(/[\r\n]/);
  const first = (end < 0 ? file.text : file.text.slice(0, end)).trim().toLowerCase();
  // The exact header the tool writes: anything else is another app's CSV.
  return first === COLUMNS.join(',');
}

function entryOf(r: Record<string, unknown>): ImportedEntry {
  const url = typeof r.url === 'string' ? r.url.trim() : '';
  if (url !== '') {
    // The record's own name and issuer are what the source app showed; the URL's label re-splits a name that
    // holds a colon ("encoding: ¿äÄéÉ?") into an issuer the app never had.
    const entry = entryFromUri(url);
    if (typeof r.name === 'string') entry.params.account = r.name;
    if (typeof r.issuer === 'string') entry.params.issuer = r.issuer;
    return entry;
  }
  if (typeof r.secret !== 'string' || r.secret.trim() === '') throw invalid(text('import_entry_no_secret'));
  const kind = typeof r.type === 'string' && r.type !== '' ? r.type : 'totp';
  return entryFrom({ kind, secret: r.secret, issuer: r.issuer, account: r.name, counter: r.counter });
}

function read(records: readonly unknown[]) {
  return collectEntries(
    records,
    (r, i) => (isObject(r) ? labelFor(r.issuer, r.name, i) : labelFor('', '', i)),
    (r) => {
      if (!isObject(r)) throw invalid(text('import_entry_no_secret'));
      return entryOf(r);
    },
  );
}

export const extractOtpSecretsImporter: Importer = {
  id: 'extract-otp-secrets',
  app: plain('extract_otp_secrets'),
  carries: ['counter'], // the tool writes no algorithm, digits or period (docs/import-formats.md)
  detect(file): Detection | false {
    if (jsonRecords(file)) return { encrypted: false };
    return csvHeader(file) ? { encrypted: false, variant: text('import_variant_csv') } : false;
  },
  async read(file) {
    const json = jsonRecords(file);
    if (json) return read(json);
    // csvRecords keys the columns by their header names, so an empty counter reads as ''.
    const rows = csvRecords(parseCsv(file.text ?? '')).map((r) => ({
      ...r,
      counter: r.counter === '' ? undefined : r.counter,
    }));
    return read(rows);
  },
};
