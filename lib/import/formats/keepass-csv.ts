import { asImportError } from '../crypto';
import { csvRecords, parseCsv } from '../csv';
import { collectEntries, labelFor } from '../entry';
import { plain, text } from '../text';
import { type Detection, ImportError, type Importer, type SniffedFile } from '../types';
import { otpEntriesOf } from './keepass-otp';

/*
 * A CSV laid out for KeePass 2's Generic CSV Importer with KeePass's own OTP field names as columns
 * (docs/import-formats.md "KeePass and KeePassXC"): `TimeOtp-Secret-Base32` (or -Hex, -Base64, plain -Secret) with
 * `TimeOtp-Algorithm`, `-Length`, `-Period`, and `HmacOtp-Secret-*` with `HmacOtp-Counter`, beside Title, User Name,
 * Notes and Group. extract_otp_secrets writes exactly this (`write_keepass_totp_csv` / `write_keepass_htop_csv`,
 * github.com/scito/extract_otp_secrets src/extract_otp_secrets.py @b83dcad), and people build it by hand to move
 * accounts into KeePass. The fields are read by the same code as a .kdbx entry's (keepass-otp.ts).
 */

const OTP_COLUMN = /^(TimeOtp|HmacOtp)-Secret(-Base32|-Hex|-Base64)?$/i;
const TITLE = ['title', 'account', 'name'];
const USER = ['user name', 'username', 'login name', 'login', 'user'];
const NOTES = ['notes', 'comments'];

function header(file: SniffedFile): string[] | false {
  if (file.text === undefined || file.json !== undefined) return false;
  const end = file.text.search(/[\r\n]/);
  const first = end < 0 ? file.text : file.text.slice(0, end);
  if (!/(TimeOtp|HmacOtp)-Secret/i.test(first)) return false;
  try {
    const names = (parseCsv(first)[0] ?? []).map((h) => h.trim());
    return names.some((n) => OTP_COLUMN.test(n)) ? names : false;
  } catch {
    return false;
  }
}

/** The first of these columns with a value (csvRecords keys rows by the lower-cased header). */
function pick(r: Record<string, string>, names: readonly string[]): string {
  for (const n of names) {
    const v = (r[n] ?? '').trim();
    if (v !== '') return v;
  }
  return '';
}

export const keepassCsvImporter: Importer = {
  id: 'keepass-csv',
  app: plain('KeePass'), // i18n-ignore: the app's name
  carries: ['algorithm', 'digits', 'period', 'counter'], // no Steam spelling in these columns
  detect(file): Detection | false {
    return header(file) ? { encrypted: false, variant: text('import_variant_csv') } : false;
  },
  async read(file) {
    const names = header(file);
    if (!names || file.text === undefined)
      throw new ImportError('damaged', text('import_format_damaged', plain('KeePass CSV'))); // i18n-ignore: format name
    let records: Array<Record<string, string>>;
    try {
      records = csvRecords(parseCsv(file.text));
    } catch (e) {
      throw asImportError(e);
    }
    return collectEntries(
      records,
      (r, i) => labelFor(pick(r, TITLE), pick(r, USER), i),
      (r) => {
        const group = pick(r, ['group']);
        return otpEntriesOf({
          get: (name) => {
            const v = pick(r, [name.toLowerCase()]);
            return v === '' ? undefined : v;
          },
          title: pick(r, TITLE),
          username: pick(r, USER),
          notes: pick(r, NOTES),
          groups: group === '' ? [] : [group],
        });
      },
    );
  },
};
