import { aegisImporter } from './formats/aegis';
import { andOtpImporter } from './formats/andotp';
import { authenticatorExtensionImporter } from './formats/authenticator-extension';
import { authyExportImporter } from './formats/authy-export';
import { bitwardenCsvImporter, bitwardenImporter } from './formats/bitwarden';
import { duoImporter } from './formats/duo';
import { enteImporter } from './formats/ente';
import { freeOtpPlusImporter } from './formats/freeotp-plus';
import { freeOtp2Importer } from './formats/freeotp2';
import { lastPassImporter } from './formats/lastpass';
import { protonImporter } from './formats/proton';
import { steamImporter } from './formats/steam';
import { stratumImporter } from './formats/stratum';
import { totpAuthenticatorImporter } from './formats/totp-authenticator';
import { twofasImporter } from './formats/twofas';
import { twofoldImporter } from './formats/twofold';
import { googleAuthenticatorImporter, uriListImporter } from './formats/uri-list';
import { winauthImporter } from './formats/winauth';
import type { Importer } from './types';

/**
 * Every importer, most specific first: JSON formats with distinctive keys; binary formats with a magic
 * number (FreeOTP 2's Java stream, ZIP, Authenticator Pro); Ente's plain export before the generic URI
 * list, which would otherwise claim anything with otpauth:// lines; TOTP Authenticator's bare base64;
 * andOTP last, since its encrypted file has no magic at all. Steam Guard's encrypted .maFile is bare base64 too,
 * claimed only by its file name, before TOTP Authenticator's.
 */
export const IMPORTERS: readonly Importer[] = [
  twofoldImporter,
  aegisImporter,
  twofasImporter,
  bitwardenImporter,
  bitwardenCsvImporter,
  protonImporter,
  lastPassImporter,
  steamImporter,
  duoImporter,
  authyExportImporter,
  freeOtpPlusImporter,
  stratumImporter,
  authenticatorExtensionImporter,
  enteImporter,
  freeOtp2Importer,
  winauthImporter,
  googleAuthenticatorImporter,
  uriListImporter,
  totpAuthenticatorImporter,
  andOtpImporter,
];
