import { collectEntries, entryLabel, invalid, isObject } from '../entry';
import { plain, text } from '../text';
import type { Detection, Importer, SniffedFile } from '../types';
import { signedBytes, tokenEntry, tokenLabel } from './freeotp-token';

/*
 * FreeOTP+ JSON export (docs/import-formats.md "FreeOTP"; FreeOTPPlus token-data/…/legacy/ImportExportUtil.kt):
 * {"tokens":[{algo, counter, digits, issuerExt, issuerInt, label, period, secret:[signed bytes], type}],
 *  "tokenOrder":["issuer:label", …]}. FreeOTP 1.x's tokens.xml holds the same token objects.
 *
 * HOTP counter. FreeOTP 1.x / FreeOTP+ legacy Token: a scanned URI's counter c is stored as c − 1, the
 * next code is getHOTP(counter++) (post-increment: computed FROM the stored value), and toUri() writes
 * counter + 1. So the code FreeOTP+ would show next is HOTP(stored), and after the user has been logging
 * in with it the server's next expected counter is exactly the stored value. Twofold's counter is the one
 * the NEXT code is computed from, so the stored value is imported as it is (FreeOTP+'s own re-import,
 * MigrationUtil.convertLegacyTokensToOtpTokens, and Aegis do the same). The otpauth-style value would be
 * stored + 1, one code ahead of what FreeOTP+ shows.
 */

/** FreeOTP+ legacy Token.getID(): "issuerInt:label", else "issuerExt:label", else the label. */
function tokenId(token: Record<string, unknown>): string {
  const label = typeof token.label === 'string' ? token.label : '';
  for (const issuer of [token.issuerInt, token.issuerExt])
    if (typeof issuer === 'string' && issuer !== '') return `${issuer}:${label}`;
  return label;
}

function shape(file: SniffedFile): { tokens: unknown[]; order: unknown } | false {
  const json = file.json;
  if (!isObject(json) || !Array.isArray(json.tokens)) return false;
  const tokens = json.tokens;
  const tokenLike = tokens.some((t) => isObject(t) && Array.isArray(t.secret) && 'type' in t);
  if (!Array.isArray(json.tokenOrder) && !tokenLike) return false;
  if (tokens.length > 0 && !tokenLike) return false;
  return { tokens, order: json.tokenOrder };
}

export const freeOtpPlusImporter: Importer = {
  id: 'freeotp-plus',
  app: plain('FreeOTP+'),
  carries: ['algorithm', 'digits', 'period', 'counter'], // no Steam type: FreeOTP+ only guesses Steam from the issuer "Steam"
  detect(file): Detection | false {
    return shape(file) ? { encrypted: false } : false;
  },
  async read(file) {
    const found = shape(file);
    const tokens = found ? found.tokens : [];
    // FreeOTP+ itself imports only the tokens named in tokenOrder; Twofold imports every token that
    // has a secret (dropping one silently would lose an account) and says which ones were unlisted.
    const order = found ? found.order : undefined;
    const listed = Array.isArray(order) ? new Set<unknown>(order) : undefined;
    return collectEntries(
      tokens,
      (t, i) => tokenLabel(t) ?? entryLabel(i),
      (t) => {
        if (!isObject(t)) throw invalid(text('import_freeotp_token_not_object'));
        if (t.secret === undefined || t.secret === null) throw invalid(text('import_entry_no_secret'));
        const warnings = listed && !listed.has(tokenId(t)) ? [text('import_freeotp_unlisted')] : [];
        const groups = typeof t.category === 'string' ? [t.category] : [];
        return tokenEntry(t, signedBytes(t.secret, 'secret'), { counter: t.counter, groups, warnings });
      },
    );
  },
};
