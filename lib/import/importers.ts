import { aegisImporter } from './formats/aegis';
import { authyImporter } from './formats/authy';
import { battleNetImporter } from './formats/battle-net';
import { andOtpImporter } from './formats/andotp';
import { authenticatorExtensionImporter } from './formats/authenticator-extension';
import { bitwardenCsvImporter, bitwardenImporter } from './formats/bitwarden';
import { enteImporter } from './formats/ente';
import { freeOtpImporter } from './formats/freeotp';
import { freeOtpPlusImporter } from './formats/freeotp-plus';
import { freeOtp2Importer } from './formats/freeotp2';
import { lastPassImporter } from './formats/lastpass';
import { protonImporter } from './formats/proton';
import { stratumImporter } from './formats/stratum';
import { totpAuthenticatorImporter } from './formats/totp-authenticator';
import { totpAuthenticatorInternalImporter } from './formats/totp-authenticator-internal';
import { twofasImporter } from './formats/twofas';
import { twofoldImporter } from './formats/twofold';
import { googleAuthenticatorImporter, uriListImporter } from './formats/uri-list';
import { winauthImporter } from './formats/winauth';
import type { Importer } from './types';

/**
 * Every importer, most specific first: JSON formats with distinctive keys; binary formats with a magic
 * number (FreeOTP 2's Java stream, ZIP, Authenticator Pro); Android shared_prefs XML, each by the key its app
 * writes (the loosest, FreeOTP's token JSON, last of them); Ente's plain export before the generic URI
 * list, which would otherwise claim anything with otpauth:// lines; TOTP Authenticator's bare base64;
 * andOTP last, since its encrypted file has no magic at all.
 */
export const IMPORTERS: readonly Importer[] = [
  twofoldImporter,
  aegisImporter,
  twofasImporter,
  bitwardenImporter,
  bitwardenCsvImporter,
  protonImporter,
  lastPassImporter,
  freeOtpPlusImporter,
  stratumImporter,
  authenticatorExtensionImporter,
  enteImporter,
  freeOtp2Importer,
  winauthImporter,
  battleNetImporter,
  authyImporter,
  totpAuthenticatorInternalImporter,
  freeOtpImporter,
  googleAuthenticatorImporter,
  uriListImporter,
  totpAuthenticatorImporter,
  andOtpImporter,
];
