import { aegisImporter } from './formats/aegis';
import { andOtpImporter } from './formats/andotp';
import { appDatabaseImporter } from './formats/app-database';
import { authenticatorPlusDbImporter } from './formats/authenticator-plus-db';
import { authenticatorExtensionImporter } from './formats/authenticator-extension';
import { authyImporter } from './formats/authy';
import { authyExportImporter } from './formats/authy-export';
import { battleNetImporter } from './formats/battle-net';
import { bitwardenCsvImporter, bitwardenImporter } from './formats/bitwarden';
import { duoImporter } from './formats/duo';
import { enteImporter } from './formats/ente';
import { extractOtpSecretsImporter } from './formats/extract-otp-secrets';
import { freeOtpImporter } from './formats/freeotp';
import { freeOtpPlusImporter } from './formats/freeotp-plus';
import { freeOtp2Importer } from './formats/freeotp2';
import { googleAuthenticatorDbImporter } from './formats/google-authenticator-db';
import { htmlLinksImporter } from './formats/html-links';
import { keepassImporter } from './formats/keepass';
import { keepassCsvImporter } from './formats/keepass-csv';
import { keepassXcCsvImporter } from './formats/keepassxc-csv';
import { lastPassImporter } from './formats/lastpass';
import { microsoftAuthenticatorImporter } from './formats/microsoft-authenticator';
import { onePasswordImporter } from './formats/onepassword';
import { onePasswordCsvImporter } from './formats/onepassword-csv';
import { protonImporter } from './formats/proton';
import { protonPassImporter } from './formats/proton-pass';
import { raivoImporter } from './formats/raivo';
import { steamImporter } from './formats/steam';
import { stratumImporter } from './formats/stratum';
import { stratumDbImporter } from './formats/stratum-db';
import { totpAuthenticatorImporter } from './formats/totp-authenticator';
import { totpAuthenticatorInternalImporter } from './formats/totp-authenticator-internal';
import { twofasImporter } from './formats/twofas';
import { twofoldImporter } from './formats/twofold';
import { googleAuthenticatorImporter, uriListImporter } from './formats/uri-list';
import { winauthImporter } from './formats/winauth';
import type { Importer } from './types';

/**
 * Every importer, most specific first: JSON formats with distinctive keys; binary formats with a magic
 * number (FreeOTP 2's Java stream, ZIP, Authenticator Pro, then app databases: SQLite files told apart by the tables
 * their schema names); Android shared_prefs XML, each by the key its app writes (the loosest, FreeOTP's token JSON,
 * last of them); Ente's plain export before the generic URI list, which would otherwise claim anything with
 * otpauth:// lines; TOTP Authenticator's bare base64; any other SQLite file, or a database-named SQLCipher file,
 * refused as an app database with advice; andOTP last, since its encrypted file has no magic at all. Steam Guard's
 * encrypted .maFile is bare base64 too, claimed only by its file name, before TOTP Authenticator's.
 */
export const IMPORTERS: readonly Importer[] = [
  twofoldImporter,
  aegisImporter,
  twofasImporter,
  protonPassImporter,
  onePasswordImporter,
  raivoImporter,
  bitwardenImporter,
  bitwardenCsvImporter,
  keepassXcCsvImporter,
  keepassCsvImporter,
  onePasswordCsvImporter,
  protonImporter,
  lastPassImporter,
  steamImporter,
  duoImporter,
  authyExportImporter,
  freeOtpPlusImporter,
  extractOtpSecretsImporter,
  stratumImporter,
  authenticatorExtensionImporter,
  enteImporter,
  freeOtp2Importer,
  keepassImporter,
  winauthImporter,
  microsoftAuthenticatorImporter,
  authenticatorPlusDbImporter,
  googleAuthenticatorDbImporter,
  stratumDbImporter,
  battleNetImporter,
  authyImporter,
  totpAuthenticatorInternalImporter,
  freeOtpImporter,
  htmlLinksImporter,
  googleAuthenticatorImporter,
  uriListImporter,
  totpAuthenticatorImporter,
  appDatabaseImporter,
  andOtpImporter,
];
