import { collectEntries, entryLabel } from '../entry';
import { plain } from '../text';
import { type Detection, ImportError, type Importer, type SniffedFile } from '../types';
import { isSteamAccount, steamAppAccounts, steamEntry, steamLabel, steamText } from './steam-account';
import { detectManifest, manifestOf, readManifest } from './steam-manifest';

/*
 * Steam Guard files (docs/import-formats.md "Steam Guard"): a plain .maFile of Steam Desktop Authenticator or
 * steamguard-cli, the official Steam app's own file (one account, or {"accounts": {…}}), and the manifest.json
 * of either app read together with the .maFile files it names (steam-manifest.ts), encrypted or not.
 * An encrypted .maFile holds only base64: its salt and IV are in the manifest, so alone it is refused saying so.
 */

const MAFILE = /\.mafile$/i;
/** An encrypted .maFile: nothing but base64 of whole AES blocks (SDA FileEncryptor.EncryptData). */
const SEALED = /^[A-Za-z0-9+/]{22,}={0,2}$/;

function isSealedMaFile(file: SniffedFile): boolean {
  if (!MAFILE.test(file.name) || file.json !== undefined || file.text === undefined) return false;
  return SEALED.test(file.text.trim());
}

export const steamImporter: Importer = {
  id: 'steam',
  app: plain('Steam Guard'), // i18n-ignore: the app's name
  // Every account is Steam's kind, whose hash, digits and period are fixed: nothing is left unknown but a counter.
  carries: ['steam', 'algorithm', 'digits', 'period'],
  detect(file): Detection | false {
    const json = file.json;
    if (isSteamAccount(json)) return { encrypted: false, variant: steamText('importsteam_variant_account') };
    if (steamAppAccounts(json)) return { encrypted: false, variant: steamText('importsteam_variant_steam_app') };
    const manifest = manifestOf(json);
    if (manifest) return detectManifest(manifest);
    if (isSealedMaFile(file)) return { encrypted: true, variant: steamText('importsteam_variant_account') };
    return false;
  },
  async read(file, _detection, options) {
    const json = file.json;
    if (isSteamAccount(json))
      return collectEntries(
        [json],
        (a, i) => steamLabel(a, '') ?? entryLabel(i),
        (a) => steamEntry(a),
      );
    const accounts = steamAppAccounts(json);
    if (accounts)
      return collectEntries(
        accounts,
        (a, i) => steamLabel(a, '') ?? entryLabel(i),
        (a) => steamEntry(a),
      );
    const manifest = manifestOf(json);
    if (manifest) return readManifest(manifest, options);
    throw new ImportError('unsupported', steamText('importsteam_encrypted_alone'));
  },
};
