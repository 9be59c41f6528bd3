import { collectEntries, entryFrom, entryLabel, invalid, isObject, labelFor } from '../entry';
import { pmText } from '../pm-text';
import { plain, text } from '../text';
import { type Detection, ImportError, type Importer, type ReadOptions, type SniffedFile } from '../types';
import { listZip, looksLikeZip } from '../zip-directory';
import { readZipMember, ZIP_AES_KDF, ZIP_CRYPTO_KDF } from '../zip-member';

/*
 * Raivo OTP exports (docs/import-formats.md "Raivo OTP"; raivo-otp/ios-application Raivo/Features/
 * DataExportFeature.swift and DataImportFeature.swift). The app writes `raivo-otp-export.zip`, a ZIP protected
 * with the user's password (SSZipArchive with AES: WinZip AES-256), holding `raivo-otp-export.json` and an HTML page
 * of QR codes. The JSON is an array of accounts whose every value is a string: issuer, account, secret (base32),
 * algorithm (SHA1 | SHA256 | SHA512), digits, kind (TOTP | HOTP), timer (the period), counter, pinned ("true" /
 * "false"), iconType, iconValue. The JSON on its own (taken out of the ZIP) is read too.
 */

const WHAT = pmText('importpm_kind_raivo');
const JSON_NAME = /(^|\/)raivo-otp-export\.json$/i;

/** Raivo's own keys: `kind`, `timer` and `iconType` appear in no other array-of-accounts export. */
function isRaivoAccount(value: unknown): boolean {
  return isObject(value) && 'secret' in value && 'kind' in value && ('timer' in value || 'iconType' in value);
}

function accountsOf(json: unknown): unknown[] | false {
  return Array.isArray(json) && json.length > 0 && json.some(isRaivoAccount) ? json : false;
}

function readAccounts(accounts: readonly unknown[]) {
  return collectEntries(
    accounts,
    (a, i) => (isObject(a) ? labelFor(a.issuer, a.account, i) : entryLabel(i)),
    (a) => {
      if (!isObject(a)) throw invalid(text('import_entry_not_object'));
      if (typeof a.secret !== 'string') throw invalid(text('import_entry_secret_not_text'));
      const kind = typeof a.kind === 'string' ? a.kind : '';
      if (kind === '') throw invalid(text('import_entry_no_type'));
      return entryFrom({
        kind,
        secret: a.secret,
        issuer: a.issuer,
        account: a.account,
        algorithm: a.algorithm,
        digits: a.digits,
        period: a.timer,
        counter: a.counter,
        pinned: a.pinned,
      });
    },
  );
}

async function readZip(file: SniffedFile, options: ReadOptions) {
  const member = await readZipMember(file.bytes, (name) => JSON_NAME.test(name), options, WHAT);
  if (!member) throw new ImportError('unsupported', pmText('importpm_raivo_zip_no_json'));
  let json: unknown;
  try {
    json = JSON.parse(member.text);
  } catch {
    throw new ImportError('damaged', pmText('importpm_raivo_json_damaged'));
  }
  if (!Array.isArray(json)) throw new ImportError('damaged', pmText('importpm_raivo_json_damaged'));
  return readAccounts(json);
}

export const raivoImporter: Importer = {
  id: 'raivo',
  app: plain('Raivo OTP'), // i18n-ignore: the app's name
  carries: ['algorithm', 'digits', 'period', 'counter'], // TOTP and HOTP; no Steam type
  detect(file): Detection | false {
    if (looksLikeZip(file.bytes)) {
      const listing = listZip(file.bytes) ?? [];
      const json = listing.find((e) => JSON_NAME.test(e.name));
      if (!json) return false;
      const detection: Detection = { encrypted: json.encrypted, variant: plain('ZIP') };
      if (json.encrypted) detection.kdf = json.aes ? ZIP_AES_KDF : ZIP_CRYPTO_KDF;
      return detection;
    }
    return accountsOf(file.json) ? { encrypted: false } : false;
  },
  async read(file, _detection, options) {
    if (looksLikeZip(file.bytes)) return readZip(file, options);
    const accounts = accountsOf(file.json);
    if (!accounts) throw new ImportError('damaged', pmText('importpm_raivo_json_damaged'));
    return readAccounts(accounts);
  },
};
