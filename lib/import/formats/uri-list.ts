import type { Text } from '../../i18n/text';
import { CARRIES_ALL } from '../../otp/carried';
import { decodeMigrationUri, MIGRATION_CARRIES } from '../../otp/migration';
import { type BatchProgress, describeBatch, missingCodes, trackBatch } from '../../otp/migration-batch';
import { EntryError, entryFromUri } from '../entry';
import { runTogetherWarnings, type UriLine, uriLabel, uriLines, zbarLine } from '../otpauth-lines';
import { text, textOf } from '../text';
import { uiText } from '../ui-text';
import type { Detection, ImportedEntry, Importer, ImportProblem, SniffedFile } from '../types';

/*
 * Plain text with one link per line: a generic otpauth URI list (what FreeOTP+, Aegis, WinAuth, 2FAS and
 * many others export as "plain text"), and Google Authenticator's "Transfer accounts" export as the text
 * of its QR codes (otpauth-migration://offline?data=…, docs/import-formats.md "Google Authenticator"). Both importers
 * share one reader; the Google one claims files whose links are all migration links, so the format name shown is right.
 */

const LINK = /^(otpauth|otpauth-migration|steam):\/\//i;
const MIGRATION = /^otpauth-migration:\/\//i;

/** A line of the list: a QR code's line as zbarimg writes it (`QR-Code:otpauth://…`) is its link. */
export interface Row extends UriLine {
  /** Another symbology zbarimg read (an EAN-13 on the same page): not a link, listed as such. */
  barcode?: string;
}

/** Non-empty lines; `#` comments (as some tools write) are not entries. */
function meaningful(file: SniffedFile): Row[] {
  if (file.text === undefined || file.json !== undefined) return [];
  return uriLines(file.text)
    .filter((l) => !l.text.startsWith('#'))
    .map((l) => {
      const zbar = zbarLine(l.text);
      if (!zbar) return l;
      return zbar.symbology === 'QR-Code' ? { ...l, text: zbar.data } : { ...l, barcode: zbar.symbology };
    });
}

function isMostlyLinks(file: SniffedFile): Row[] | false {
  const rows = meaningful(file);
  const links = rows.filter((r) => LINK.test(r.text));
  // Text that mentions a link in passing (an email, notes) is not an export: most lines must be links. Other
  // barcodes zbarimg found on the same pictures do not count against it.
  if (links.length === 0 || links.length * 2 < rows.filter((r) => !r.barcode).length) return false;
  return rows;
}

async function readLines(file: SniffedFile) {
  return readRows(isMostlyLinks(file) || []);
}

/**
 * Every row as entries or listed problems (a row that is not a link, a broken link, a barcode of another kind),
 * and a notice for each Google Authenticator export whose QR codes are not all there. Shared with the HTML pages of
 * links (html-links.ts).
 */
export function readRows(rows: readonly Row[]) {
  const entries: ImportedEntry[] = [];
  const problems: ImportProblem[] = [];
  const notices: Text[] = [];
  const batches = new Map<number, BatchProgress>();
  rows.forEach((row, index) => {
    const { text: line, line: number } = row;
    if (row.barcode) {
      problems.push({
        index,
        label: text('import_label_line', number),
        message: uiText('importui_zbar_barcode', row.barcode),
        unsupported: true,
      });
      return;
    }
    if (!LINK.test(line)) {
      problems.push({
        index,
        label: text('import_label_line', number),
        // The line is not quoted: a line that is not a link may well be a bare secret
        // (docs/architecture.md "Attacks and their defences", 13).
        message: text('import_line_not_link', number),
        unsupported: false,
      });
      return;
    }
    if (MIGRATION.test(line)) {
      try {
        const decoded = decodeMigrationUri(line);
        batches.set(decoded.batch.id, trackBatch(batches.get(decoded.batch.id), decoded.batch));
        const warnings = runTogetherWarnings(row);
        for (const params of decoded.accounts)
          entries.push({ params, notes: '', groups: [], pinned: false, warnings, carries: MIGRATION_CARRIES });
        for (const err of decoded.errors) {
          const why = textOf(err);
          problems.push({
            index,
            label: textOf(err.label),
            message: text('import_line_problem', number, why),
            unsupported: /not supported/.test(why.english),
          });
        }
      } catch (e) {
        problems.push({
          index,
          label: text('import_label_line', number),
          message: text('import_line_problem', number, textOf(e)),
          unsupported: false,
        });
      }
      return;
    }
    try {
      entries.push(entryFromUri(line, { warnings: runTogetherWarnings(row) }));
    } catch (e) {
      problems.push({
        index,
        label: uriLabel(row, index),
        message: text('import_line_problem', number, textOf(e)),
        unsupported: e instanceof EntryError && e.code === 'unsupported',
      });
    }
  });
  for (const progress of batches.values())
    if (missingCodes(progress).length > 0)
      notices.push(text('import_google_incomplete', textOf(describeBatch(progress))));
  return { entries, problems, notices };
}

export const googleAuthenticatorImporter: Importer = {
  id: 'google-authenticator',
  app: text('import_app_google'),
  carries: MIGRATION_CARRIES,
  detect(file): Detection | false {
    const rows = isMostlyLinks(file);
    if (!rows) return false;
    const links = rows.filter((r) => LINK.test(r.text));
    return links.every((r) => MIGRATION.test(r.text)) ? { encrypted: false } : false;
  },
  read: readLines,
};

export const uriListImporter: Importer = {
  id: 'uri-list',
  app: text('import_app_uri_list'),
  carries: CARRIES_ALL, // otpauth:// and steam:// links; a migration link among them carries less (its entries say so)
  detect(file): Detection | false {
    return isMostlyLinks(file) ? { encrypted: false } : false;
  },
  read: readLines,
};
