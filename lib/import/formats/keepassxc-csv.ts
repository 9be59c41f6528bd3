import en from '../../../locales/en/importkeepass.json';
import { textsOf } from '../../i18n/text';
import { CARRIES_ALL } from '../../otp/carried';
import { asImportError } from '../crypto';
import { csvRecords, parseCsv } from '../csv';
import { collectEntries, labelFor } from '../entry';
import { plain, text } from '../text';
import { type Detection, ImportError, type Importer, type SniffedFile } from '../types';
import { otpEntriesOf } from './keepass-otp';

/*
 * KeePassXC's CSV export (docs/import-formats.md "KeePass and KeePassXC"; keepassxreboot/keepassxc src/format/CsvExporter.cpp,
 * release 2.7.4): the header "Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified",
 * "Created", one row per entry (no history, the recycle bin included as the group "<root>/Recycle Bin"). The TOTP
 * column is the entry's TOTP as an otpauth:// URI whatever field it was stored in (Totp::writeSettings with
 * forceOtp), Steam as `encoder=steam`; the Group column is the group's path from the root group ("Root/Work").
 * Rows without a TOTP are passwords, counted in a notice. The fixture is keepassxc-cli 2.7.4's own export.
 */

const kt = textsOf(en);
/** The columns KeePassXC writes first, in this order (the later ones came and may come in other versions). */
const COLUMNS = ['group', 'title', 'username', 'password', 'url', 'notes', 'totp'];

function isKeePassXcCsv(file: SniffedFile): boolean {
  if (file.text === undefined || file.json !== undefined) return false;
  const end = file.text.search(/[\r\n]/);
  const first = end < 0 ? file.text : file.text.slice(0, end);
  if (!/^"?group"?\s*,/i.test(first)) return false;
  try {
    const names = (parseCsv(first)[0] ?? []).map((h) => h.trim().toLowerCase());
    return COLUMNS.every((c, i) => names[i] === c);
  } catch {
    return false;
  }
}

/** "Root/Work/Email" → "Work/Email": the root group's name is the database's, not a folder. */
function groupPath(group: string): string[] {
  const parts = group.split('/');
  const below = parts.slice(1).join('/').trim();
  return below === '' ? [] : [below];
}

/** Recycle bin rows: KeePassXC names its bin "Recycle Bin" directly under the root (Database.cpp). */
const isRecycleBin = (group: string) => /^[^/]*\/Recycle Bin(\/|$)/.test(group);

export const keepassXcCsvImporter: Importer = {
  id: 'keepassxc-csv',
  app: plain('KeePassXC'), // i18n-ignore: the app's name
  carries: CARRIES_ALL, // otpauth:// URIs, Steam as encoder=steam
  detect(file): Detection | false {
    return isKeePassXcCsv(file) ? { encrypted: false, variant: text('import_variant_csv') } : false;
  },
  async read(file) {
    if (!isKeePassXcCsv(file) || file.text === undefined) throw new ImportError('damaged', kt('importkeepass_csv_not'));
    let records: Array<Record<string, string>>;
    try {
      records = csvRecords(parseCsv(file.text));
    } catch (e) {
      // The line cap (lib/limits.ts) as the ImportError it is everywhere else.
      throw asImportError(e);
    }
    let withoutTotp = 0;
    let inBin = 0;
    const result = collectEntries(
      records,
      (r, i) => labelFor(r.title, r.username, i),
      (r) => {
        const totp = (r.totp ?? '').trim();
        if (totp === '') {
          withoutTotp++;
          return [];
        }
        const group = r.group ?? '';
        if (isRecycleBin(group)) {
          inBin++;
          return [];
        }
        const fields = { otp: totp };
        return otpEntriesOf({
          get: (name) => (name === 'otp' ? fields.otp : undefined),
          title: (r.title ?? '').trim(),
          username: (r.username ?? '').trim(),
          notes: (r.notes ?? '').trim(),
          groups: groupPath(group),
        });
      },
    );
    const notices = [];
    if (withoutTotp > 0) notices.push(kt.counted('importkeepass_csv_no_totp', withoutTotp));
    if (inBin > 0) notices.push(kt.counted('importkeepass_recycle_bin', inBin));
    return { ...result, notices };
  },
};
