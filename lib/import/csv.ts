import { checkLineCount } from '../limits';
import { text as message } from './text';
import { ImportError } from './types';

/*
 * A small RFC 4180 CSV reader for exports that are spreadsheets (Bitwarden's CSV, docs/import-formats.md "Bitwarden").
 * Fields are separated by commas; a field in double quotes may hold commas, line breaks and doubled quotes ("").
 * Records end at CRLF, LF or CR (RFC 4180 §2 says CRLF; Bitwarden and spreadsheet tools write LF too). A quote that is
 * opened and never closed means the file was cut short: that is an ImportError, because guessing where the field ends
 * could mix one account's fields into the next.
 */

/** Every record of `text` as its fields; the empty record after a final line break is not returned. */
export function parseCsv(text: string): string[][] {
  // Counted before anything is split (lib/limits.ts); line breaks inside quotes count too, which is stricter.
  checkLineCount(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let line = 1;
  // True once the current field started with a quote (it can then only end at the closing quote).
  let quoted = false;
  // True once anything of the current record was read, so a lone `""` at the very end is still a record.
  let started = false;
  const endField = () => {
    row.push(field);
    field = '';
    quoted = false;
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
    started = false;
  };
  while (i < text.length) {
    const ch = text[i] as string;
    started = true;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        // The closing quote: only a separator, a line break or the end may follow (RFC 4180 §2.6).
        const next = text[i + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
          throw new ImportError('damaged', message('import_csv_after_quote', line));
        quoted = false;
        i++;
        continue;
      }
      if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
      continue;
    }
    if (ch === ',') {
      endField();
      i++;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      continue;
    }
    // A quote inside an unquoted field is kept as it is, as spreadsheet programs do.
    field += ch;
    i++;
  }
  if (quoted) throw new ImportError('damaged', message('import_csv_unclosed', line));
  // The last record when the text does not end with a line break.
  if (started) endRow();
  return rows;
}

/** The records after the header as objects keyed by the header's (trimmed, lower-cased) column names. */
export function csvRecords(rows: readonly string[][]): Array<Record<string, string>> {
  const [header, ...body] = rows;
  if (!header) return [];
  const names = header.map((h) => h.trim().toLowerCase());
  return body
    .filter((r) => r.some((f) => f.trim() !== ''))
    .map((r) => {
      // No prototype: a column called "__proto__" or "constructor" is just a column.
      const record: Record<string, string> = Object.create(null);
      names.forEach((name, i) => {
        if (name !== '' && !(name in record)) record[name] = r[i] ?? '';
      });
      return record;
    });
}
