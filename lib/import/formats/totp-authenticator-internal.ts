import { androidText, namesKey, prefString, readAndroidPrefs } from '../android-prefs';
import { plain } from '../text';
import { type Detection, ImportError, type Importer } from '../types';
import { readTotpAuthenticatorTokens } from './totp-authenticator';

/*
 * TOTP Authenticator's (BinaryBoot, com.authenticator.authservice2) own settings file from a rooted phone
 * (docs/import-formats.md "TOTP Authenticator app data"). Its shared_prefs map holds the tokens as a JSON array in the
 * string STATIC_TOTP_CODES_LIST, each {issuer, name, key, base (16 | 32 | 64: the key's encoding), digits, period
 * (strings, "" meaning 6 and 30), accountHeaderLabel (its group), isFavorite}: the objects of the app's encrypted
 * backup (lib/import/formats/totp-authenticator.ts, whose token reader reads them), here in the clear. Key and layout: Aegis's
 * TotpAuthenticatorImporter.java (beemdevelopment/Aegis, app/src/main/java/com/beemdevelopment/aegis/importers/,
 * PREF_KEY), its sample totp_authenticator_internal.xml. The app makes SHA-1 TOTP codes only, but honours each
 * token's digits and period (the sample has 7 digits / 20 s and 8 / 50 s tokens); Aegis's reader drops them.
 * The map also holds the backup password (DEFAULT_ENCRYPTION_KEY); it is never read.
 */

const PREF_KEY = 'STATIC_TOTP_CODES_LIST';
const WHAT = androidText('importandroid_kind_totp_authenticator');

export const totpAuthenticatorInternalImporter: Importer = {
  id: 'totp-authenticator-internal',
  app: plain('TOTP Authenticator'),
  carries: ['digits', 'period'], // SHA-1 TOTP only
  detect(file): Detection | false {
    return namesKey(file, PREF_KEY)
      ? { encrypted: false, variant: androidText('importandroid_variant_totp_authenticator') }
      : false;
  },
  async read(file, _detection, options) {
    const prefs = readAndroidPrefs(file, WHAT);
    const list = prefString(prefs, PREF_KEY);
    if (list === undefined) throw new ImportError('damaged', androidText('importandroid_totpauth_no_list', PREF_KEY));
    let tokens: unknown;
    try {
      tokens = JSON.parse(list);
    } catch {
      throw new ImportError('damaged', androidText('importandroid_totpauth_not_json', PREF_KEY));
    }
    if (!Array.isArray(tokens))
      throw new ImportError('damaged', androidText('importandroid_totpauth_not_json', PREF_KEY));
    options.onProgress?.({ stage: 'reading-entries', count: tokens.length });
    return readTotpAuthenticatorTokens(tokens);
  },
};
