import type { Text } from '../../i18n/text';
import { CARRIES_ALL } from '../../otp/carried';
import { csvRecords, parseCsv } from '../csv';
import { collectEntries, labelFor } from '../entry';
import { itemTotpEntry } from '../item-totp';
import { pmText } from '../pm-text';
import { plain, text } from '../text';
import type { Detection, Importer, SniffedFile } from '../types';

/*
 * 1Password's CSV export (docs/import-formats.md "1Password CSV"). 1Password 8 writes the columns Title, Url,
 * Username, Password, OTPAuth, Favorite, Archived, Tags, Notes, and in later versions Title, Website, Username,
 * Password, One-time password, Favorite status, Archived status, Tags, Notes; 1Password 7 lets the person pick the
 * columns. Columns are found by name, case-insensitively, as Bitwarden's 1Password CSV importers do
 * (bitwarden/clients libs/importer/src/importers/onepasswordImporters/onepassword-csv-importer.ts). The column holds an otpauth:// URI or a bare
 * base32 key. Detection is by header only: a Title column and a one-time-password column, and none of the columns
 * that make the file Bitwarden's (login_totp) or KeePassXC's (Group, TOTP) instead. Rows without a one-time password
 * are left out and counted. Archived rows are imported with a warning, as in the .1pux reader.
 */

const OTP_COLUMNS = ['otpauth', 'one-time password', 'one time password', 'one-time passwords'];
const TITLE_COLUMNS = ['title', 'name'];

function header(file: SniffedFile): string[] | false {
  if (file.text === undefined || file.json !== undefined) return false;
  const first = file.text.split(/\r\n|\n|\r/, 1)[0] ?? '';
  if (!first.includes(',')) return false;
  let row: string[];
  try {
    row = parseCsv(first)[0] ?? [];
  } catch {
    return false;
  }
  return row.map((h) => h.trim().toLowerCase());
}

function otpColumn(names: readonly string[]): string | undefined {
  return OTP_COLUMNS.find((c) => names.includes(c));
}

function isOnePasswordCsv(file: SniffedFile): boolean {
  const names = header(file);
  if (!names) return false;
  if (names.includes('group') || names.includes('login_totp') || names.includes('totp')) return false;
  return names.includes('title') && otpColumn(names) !== undefined;
}

const pick = (record: Record<string, string>, columns: readonly string[]): string => {
  for (const c of columns) if (record[c]?.trim()) return (record[c] as string).trim();
  return '';
};

const yes = (value: string | undefined): boolean => /^(true|yes|1)$/i.test(value?.trim() ?? '');

export const onePasswordCsvImporter: Importer = {
  id: '1password-csv',
  app: plain('1Password'), // i18n-ignore: the app's name
  carries: CARRIES_ALL, // otpauth:// URIs (bare keys say nothing, lib/import/item-totp.ts)
  detect(file): Detection | false {
    return isOnePasswordCsv(file) ? { encrypted: false, variant: text('import_variant_csv') } : false;
  },
  async read(file) {
    const records = csvRecords(parseCsv(file.text ?? ''));
    const column = otpColumn(Object.keys(records[0] ?? {})) ?? OTP_COLUMNS[0];
    let withoutTotp = 0;
    const result = collectEntries(
      records,
      (r, i) => labelFor(pick(r, TITLE_COLUMNS), r.username, i),
      (r) => {
        const totp = (column && r[column]?.trim()) || '';
        if (!totp) {
          withoutTotp++;
          return [];
        }
        const entry = itemTotpEntry(totp, {
          title: pick(r, TITLE_COLUMNS),
          username: r.username?.trim() ?? '',
          notes: r.notes?.trim() ?? '',
          groups: (r.tags ?? '')
            .split(/[,;]/)
            .map((t) => t.trim())
            .filter((t) => t !== ''),
          pinned: yes(r.favorite ?? r['favorite status']),
        });
        if (yes(r.archived ?? r['archived status'])) entry.warnings.push(pmText('importpm_1pux_archived'));
        return entry;
      },
    );
    const notices: Text[] = withoutTotp > 0 ? [pmText.counted('importpm_1pux_no_totp', withoutTotp)] : [];
    return { ...result, notices };
  },
};
