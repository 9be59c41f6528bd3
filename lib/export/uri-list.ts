import { formatOtpauthUri } from '../otp/uri';
import type { Account } from '../vault/account-data';

/**
 * A plain otpauth URI list, one account per line (Key-Uri-Format): what Aegis, 2FAS, Ente, FreeOTP+,
 * Bitwarden and Twofold itself import. Unencrypted: the page shows a warning before it is written.
 */
export function uriListExport(accounts: readonly Account[]): string {
  return `${accounts.map((a) => formatOtpauthUri(a.otp)).join('\n')}\n`;
}
