import { androidText, looksLikeAndroidPrefs, readAndroidPrefs } from '../android-prefs';
import { collectEntries, entryFromUri, entryLabel, invalid, isObject } from '../entry';
import { plain, text } from '../text';
import { type Detection, ImportError, type Importer, type SniffedFile } from '../types';
import { signedBytes, tokenEntry, tokenLabel } from './freeotp-token';

/*
 * FreeOTP 1.x's token store, `shared_prefs/tokens.xml` of org.fedorahosted.freeotp (docs/import-formats.md "FreeOTP
 * 1.x and FreeOTP+ app data"). FreeOTP+ (org.liberty.android.freeotpplus) keeps the very same file, so both are this
 * one format. FreeOTP 1.x TokenPersistence (freeotp/freeotp-android, app/src/main/java/org/fedorahosted/freeotp/
 * TokenPersistence.java) stores each token as Gson JSON in a `<string>` named by its id ("issuer:label"), and the ids
 * in display order as a JSON array in the string `tokenOrder`. The token JSON is the one FreeOTP+'s export holds
 * (lib/import/formats/freeotp-token.ts reads it): {algo, counter, digits, issuerExt, issuerInt, issuerAlt?, label,
 * labelAlt?, period, secret: [signed bytes], type}.
 *
 * HOTP counter: FreeOTP's Token (same repository, Token.java) computes the next code as getHOTP(counter++), FROM the
 * stored value, and only toUri() adds one. Twofold's counter is the one its next code is computed from, so the stored
 * value is imported as it is: the next code Twofold shows is the one FreeOTP would have shown next (Aegis's
 * FreeOtpImporter reads the raw value too; its test subtracts one from the otpauth counters of its vectors).
 */

const TOKEN_ORDER = 'tokenOrder';
const WHAT = androidText('importandroid_kind_freeotp');

/** Token JSON, still escaped as XML, with a secret array and a type: what a FreeOTP `<string>` holds. */
const TOKEN_MARK = /&quot;secret&quot;\s*:\s*\[/;

function isFreeOtpFile(file: SniffedFile): boolean {
  if (!looksLikeAndroidPrefs(file)) return false;
  const xml = file.text ?? '';
  return /<string\s+name\s*=\s*["']tokenOrder["']/.test(xml) || (TOKEN_MARK.test(xml) && /&quot;type&quot;/.test(xml));
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/**
 * The oldest FreeOTP versions stored a token as its otpauth link, the renamed names in `issueralt`/`labelalt`
 * (TokenPersistence.get's "backwards compatibility for URL-based persistence", Token(uri, internal)). Its counter
 * is the stored one, which the next code is computed from, as for the JSON tokens.
 */
function uriToken(uri: string) {
  const entry = entryFromUri(uri);
  let query: URLSearchParams;
  try {
    query = new URLSearchParams(uri.slice(uri.indexOf('?') + 1));
  } catch {
    return entry;
  }
  const issuer = query.get('issueralt')?.trim();
  const account = query.get('labelalt')?.trim();
  return {
    ...entry,
    params: { ...entry.params, ...(issuer ? { issuer } : {}), ...(account ? { account } : {}) },
  };
}

export const freeOtpImporter: Importer = {
  id: 'freeotp',
  app: plain('FreeOTP'),
  carries: ['algorithm', 'digits', 'period', 'counter'], // Steam only guessed from the issuer "Steam", as FreeOTP+
  detect(file): Detection | false {
    return isFreeOtpFile(file) ? { encrypted: false, variant: androidText('importandroid_variant_freeotp') } : false;
  },
  async read(file, _detection, options) {
    const prefs = readAndroidPrefs(file, WHAT);
    const orderValue = prefs.get(TOKEN_ORDER);
    const order = orderValue?.type === 'string' ? parseJson(orderValue.value) : undefined;
    if (orderValue !== undefined && !Array.isArray(order))
      throw new ImportError('damaged', androidText('importandroid_freeotp_bad_order'));
    const listed = Array.isArray(order) ? order.filter((id): id is string => typeof id === 'string') : [];
    // Tokens in the app's order first, then any the order list does not name (imported, with a warning: the app
    // itself would not show them).
    const names = [...prefs.keys()].filter((n) => n !== TOKEN_ORDER);
    const rank = new Map(listed.map((id, i) => [id, i]));
    const sorted = names
      .map((name, index) => ({ name, index, rank: rank.get(name) ?? listed.length + index }))
      .sort((a, b) => a.rank - b.rank);
    options.onProgress?.({ stage: 'reading-entries', count: sorted.length });
    const result = collectEntries(
      sorted,
      (t) => {
        const v = prefs.get(t.name);
        const token = v?.type === 'string' ? parseJson(v.value) : undefined;
        return tokenLabel(token) ?? (t.name === '' ? entryLabel(t.index) : t.name);
      },
      (t) => {
        const v = prefs.get(t.name);
        if (v?.type !== 'string') throw invalid(androidText('importandroid_freeotp_not_token'));
        if (v.value.trim().startsWith('otpauth://')) return uriToken(v.value.trim());
        const token = parseJson(v.value);
        if (!isObject(token)) throw invalid(androidText('importandroid_freeotp_not_token'));
        if (token.secret === undefined || token.secret === null) throw invalid(text('import_entry_no_secret'));
        const warnings =
          orderValue !== undefined && !rank.has(t.name) ? [androidText('importandroid_freeotp_unlisted')] : [];
        return tokenEntry(token, signedBytes(token.secret, 'secret'), { counter: token.counter, warnings });
      },
    );
    // Problems are numbered by the token's place in the file, not in the sorted list.
    return {
      entries: result.entries,
      problems: result.problems.map((p) => ({ ...p, index: sorted[p.index]?.index ?? p.index })),
    };
  },
};
