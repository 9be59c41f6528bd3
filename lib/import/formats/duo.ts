import { collectEntries, entryFrom, entryLabel, invalid, isObject, nameLabel, unsupported } from '../entry';
import { plain, text } from '../text';
import type { Detection, Importer, SniffedFile } from '../types';
import { steamText } from './steam-account';

/*
 * Duo Mobile's accounts.json, taken from a rooted Android device (docs/import-formats.md "Duo Mobile"; read as
 * Aegis does, beemdevelopment/Aegis app/src/main/java/com/beemdevelopment/aegis/importers/DuoImporter.java, and
 * checked on its test file duo.json): a JSON array of accounts {version, accountType ("OtpAccount"), name,
 * otpGenerator: {otpSecret (base32), counter?}, logoUri, pkey, serviceTypeLabelIsCustom…}. An account with a
 * counter is HOTP (Duo's own accounts), one without is a third-party TOTP; Duo's codes are SHA-1, 6 digits, 30 s.
 * The name is what the person typed or the service's label; Duo keeps no separate issuer.
 */

function accountsOf(file: SniffedFile): unknown[] | undefined {
  const json = file.json;
  if (!Array.isArray(json) || json.length === 0) return undefined;
  // Any Duo account has a pkey and an accountType; one with passcodes also has otpGenerator.otpSecret.
  const duoLike = (a: unknown) =>
    isObject(a) &&
    ((isObject(a.otpGenerator) && 'otpSecret' in a.otpGenerator && ('name' in a || 'pkey' in a)) ||
      (typeof a.pkey === 'string' && typeof a.accountType === 'string'));
  return json.some(duoLike) ? json : undefined;
}

export const duoImporter: Importer = {
  id: 'duo',
  app: plain('Duo Mobile'), // i18n-ignore: the app's name
  carries: ['counter'], // the kind (counter or not) only: SHA-1, 6 digits and 30 s are Duo's fixed values
  detect(file): Detection | false {
    return accountsOf(file) ? { encrypted: false } : false;
  },
  async read(file) {
    return collectEntries(
      accountsOf(file) ?? [],
      (a, i) => (isObject(a) ? nameLabel('', a.name) : undefined) ?? entryLabel(i),
      (a) => {
        if (!isObject(a)) throw invalid(steamText('importsteam_not_object'));
        const otp = a.otpGenerator;
        if (otp === undefined || otp === null) throw unsupported(steamText('importsteam_duo_no_generator'));
        if (!isObject(otp) || typeof otp.otpSecret !== 'string') throw invalid(text('import_entry_no_secret'));
        const hotp = otp.counter !== undefined && otp.counter !== null;
        return entryFrom({
          kind: hotp ? 'hotp' : 'totp',
          secret: otp.otpSecret,
          issuer: '',
          account: a.name,
          counter: otp.counter,
        });
      },
    );
  },
};
