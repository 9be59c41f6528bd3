import { androidText, namesKey, prefString, readAndroidPrefs } from '../android-prefs';
import { fromHex } from '../crypto';
import { entryFrom, EntryError } from '../entry';
import { plain } from '../text';
import { type Detection, ImportError, type Importer } from '../types';

/*
 * Blizzard's Battle.net authenticator on Android (docs/import-formats.md "Battle.net app data"): one account per
 * phone, kept hex-encoded and XOR-masked with a fixed 57-byte mask in a shared_prefs file.
 * - Battle.net app (com.blizzard.messenger), `com.blizzard.messenger.authenticator_preferences.xml`: the strings
 *   `com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET` (the masked secret as hex text: 40 hex digits, 20 bytes) and
 *   `…AUTHENTICATOR_SERIAL` (the masked serial, "US-1234-5678-9012"), with `…CREDENTIALS_ENCRYPTION_TYPE` "MASK".
 *   Source: Aegis's BattleNetImporter.java (beemdevelopment/Aegis, app/src/main/java/com/beemdevelopment/aegis/
 *   importers/; the mask is its `_key`) and its sample battle_net_authenticator.xml.
 * - The older Battle.net Mobile Authenticator (com.blizzard.bma), `com.blizzard.bma.AUTH_STORE.xml`: the string
 *   `com.blizzard.bma.AUTH_STORE.HASH` is 57 masked bytes, the 40 hex digits of the secret then the 17-character
 *   serial (SystRevo/Battle.net-Mobile-Authenticator-android-decoder, decode.py; the same mask).
 * Codes are TOTP SHA-1, 8 digits, 30 s (the same sources); the account is named by its serial, the issuer Battle.net.
 * The file holds one account, so a damaged secret refuses the file rather than listing an empty import.
 */

const MASK = fromHex(
  '398e27fc50276a656065b0e525f4c06c04c61075286b8e7aeda59da9813b5dd6c80d2fb38068773fa59ba47c17ca6c6479015c1d5b8b8f6b9a',
  'mask',
);
const PREFIX = 'com.blizzard.messenger.';
const SECRET_KEY = `${PREFIX}AUTHENTICATOR_DEVICE_SECRET`;
const SERIAL_KEY = `${PREFIX}AUTHENTICATOR_SERIAL`;
const ENCRYPTION_KEY = `${PREFIX}AUTHENTICATOR_CREDENTIALS_ENCRYPTION_TYPE`;
const BMA_KEY = 'com.blizzard.bma.AUTH_STORE.HASH';
const KEYS = /com\.blizzard\.messenger\.AUTHENTICATOR_DEVICE_SECRET|com\.blizzard\.bma\.AUTH_STORE\.HASH/;
const WHAT = androidText('importandroid_kind_battle_net');

/** The masked hex text as the characters it hides. */
function unmask(value: string, field: string): string {
  const v = value.trim();
  if (!/^([0-9a-fA-F]{2})+$/.test(v) || v.length / 2 > MASK.length)
    throw new ImportError('damaged', androidText('importandroid_battlenet_bad_field', field));
  const bytes = fromHex(v, field);
  let out = '';
  bytes.forEach((b, i) => {
    out += String.fromCharCode(b ^ (MASK[i] as number));
  });
  return out;
}

function secretOf(hex: string): Uint8Array {
  if (!/^[0-9a-fA-F]{40}$/.test(hex))
    throw new ImportError('damaged', androidText('importandroid_battlenet_bad_secret'));
  return fromHex(hex, 'secret');
}

export const battleNetImporter: Importer = {
  id: 'battle-net',
  app: plain('Battle.net'),
  carries: [], // always TOTP SHA-1, 8 digits, 30 s
  detect(file): Detection | false {
    return namesKey(file, KEYS)
      ? { encrypted: false, variant: androidText('importandroid_variant_battle_net') }
      : false;
  },
  async read(file) {
    const prefs = readAndroidPrefs(file, WHAT);
    let secretHex: string;
    let serial: string;
    const hash = prefString(prefs, BMA_KEY);
    const masked = prefString(prefs, SECRET_KEY);
    if (masked !== undefined) {
      const kind = prefString(prefs, ENCRYPTION_KEY);
      // Only the fixed mask is readable off the phone; another kind names a key kept in Android's keystore.
      if (kind !== undefined && kind.trim().toUpperCase() !== 'MASK')
        throw new ImportError('unsupported', androidText('importandroid_battlenet_keystore', kind));
      secretHex = unmask(masked, SECRET_KEY);
      const maskedSerial = prefString(prefs, SERIAL_KEY);
      serial = maskedSerial ? unmask(maskedSerial, SERIAL_KEY) : '';
    } else if (hash !== undefined) {
      const all = unmask(hash, BMA_KEY);
      if (all.length !== MASK.length)
        throw new ImportError('damaged', androidText('importandroid_battlenet_bad_field', BMA_KEY));
      secretHex = all.slice(0, 40);
      serial = all.slice(40);
    } else throw new ImportError('damaged', androidText('importandroid_battlenet_no_secret'));
    if (!/^[\x20-\x7e]*$/.test(serial))
      throw new ImportError('damaged', androidText('importandroid_battlenet_bad_field', SERIAL_KEY));
    try {
      const entry = entryFrom({
        kind: 'totp',
        secret: secretOf(secretHex),
        issuer: 'Battle.net', // i18n-ignore: the service's name
        account: serial,
        algorithm: 'SHA1',
        digits: 8,
        period: 30,
      });
      return { entries: [entry], problems: [] };
    } catch (e) {
      if (e instanceof EntryError) throw new ImportError('damaged', e.text);
      throw e;
    }
  },
};
