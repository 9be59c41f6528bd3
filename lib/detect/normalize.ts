/*
 * Text and attribute normalisation shared by the keyword matchers and the text collectors.
 */

const MARKS = /\p{M}+/gu;
const NON_ASCII = /[^ -~\s]/;
const QUOTES = /[\u2018\u2019\u02bc`\u00b4]/g;
const SPACES = /\s+/g;

/**
 * Lower-cased, diacritics stripped, quotes and white space unified. Stripping marks makes "código" match
 * "codigo" and "ещё" match "еще"; keyword phrases go through the same function, so scripts whose letters
 * decompose (Hangul, kana with dakuten) still compare equal to themselves.
 */
export function normalizeText(s: string): string {
  let t = s.toLowerCase();
  // Decomposition costs a little, and most attribute and English text is plain ASCII.
  if (NON_ASCII.test(t)) t = t.normalize('NFD').replace(MARKS, '').normalize('NFC');
  return t.replace(QUOTES, "'").replace(SPACES, ' ');
}

/**
 * An attribute value (name, id, class) as lower-case words joined by "_": "totpCode" -> "totp_code",
 * "user[otp_attempt]" -> "user_otp_attempt", "2FA_code" -> "2fa_code". Keyword rules then look for
 * whole words between underscores, so "otp" is found in "user_otp_attempt" but not in "hotpot".
 */
export function normalizeAttr(s: string): string {
  return s
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
}

/** Noisy-OR of independent pieces of evidence: each weight is a probability, more evidence never lowers the result. */
export function noisyOr(weights: Iterable<number>): number {
  let miss = 1;
  for (const w of weights) miss *= 1 - Math.min(1, Math.max(0, w));
  return 1 - miss;
}
