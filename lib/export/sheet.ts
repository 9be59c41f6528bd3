import { encodeBase32 } from '../encoding/base32';
import { accountName } from '../enrol/review';
import type { Sub, Text } from '../i18n/text';
import { describeParams } from '../otp/describe';
import { formatOtpauthUri } from '../otp/uri';
import type { Account } from '../vault/account-data';
import { unusedRecoveryCodes } from '../vault/recovery-codes';

/** One account on the printable recovery sheet (docs/import-export.md "Exports"). */
export interface SheetEntry {
  id: string;
  /** {@link accountName}: a Text for an account with neither issuer nor account name. */
  name: Sub;
  /** "TOTP · SHA1 · 6 digits · every 30 s" */
  summary: Text;
  /** What the QR code holds: scanning it in any authenticator restores the account. */
  uri: string;
  /** The secret in groups of four, for typing by hand when the QR code cannot be scanned. */
  secret: string;
  sites: string[];
  /** Unused recovery codes only: a used one can never sign in again. */
  recoveryCodes: string[];
  /**
   * How many stored codes were used (the sheet says so without printing them: a used code is spent;
   * docs/vault-format.md "Account record").
   */
  usedRecoveryCodes: number;
}

/**
 * `pending`: recovery codes filled and not yet known to be taken (lib/offer/recovery-pending.ts). They are left off
 * the printed list (the site may have taken them; a sheet must never show a spent code as good): they stay in the
 * vault, and are printed again once the answer is "not used". Superseded codes (a newer set replaced them) are never
 * printed, nor counted as used.
 */
export function sheetEntries(
  accounts: readonly Account[],
  pending: readonly { accountId: string; code: string }[] = [],
): SheetEntry[] {
  return accounts.map((a) => ({
    id: a.id,
    name: accountName(a.otp.issuer, a.otp.account),
    summary: describeParams(a.otp),
    uri: formatOtpauthUri(a.otp),
    secret: (encodeBase32(a.otp.secret).match(/.{1,4}/g) ?? []).join(' '),
    sites: a.sites,
    recoveryCodes: unusedRecoveryCodes(a.recoveryCodes)
      .filter((c) => !pending.some((p) => p.accountId === a.id && p.code === c.code))
      .map((c) => c.code),
    usedRecoveryCodes: a.recoveryCodes.filter((c) => c.usedAt !== undefined).length,
  }));
}
