/**
 * How names are compared when an account is matched to a brand (docs/brand-icons.md "Normalised names"): the
 * same function makes the keys of the bundled index and the keys looked up for an account, so both sides agree.
 */

/**
 * A name folded for comparison: Unicode compatibility forms unified (UAX #15 NFKD: "ＧｉｔＨｕｂ" is "GitHub"), the
 * accents of Latin letters dropped ("Telefónica" is "Telefonica", as people type it without them), lower case. Marks
 * on other scripts stay: a Japanese voiced mark or a Cyrillic breve makes another letter, not an accent.
 */
function fold(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC')
    .toLowerCase();
}

/**
 * A name reduced to its letters and digits ({@link fold}, then everything that is neither a letter nor a digit
 * removed: spaces, punctuation, "&", "."). Letters of every script stay ("ライン" is LINE's Japanese name in
 * simple-icons).
 */
export function compactName(name: string): string {
  return fold(name).replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Words a company puts after its name ("GitHub, Inc.", "Google LLC", "Example GmbH"): legal forms, which say who
 * the company is registered as, not which service it is. Only the last word is dropped, once, and only when a
 * name is left ("Company" alone stays "company").
 */
const LEGAL_FORMS = new Set([
  'inc',
  'incorporated',
  'llc',
  'ltd',
  'limited',
  'corp',
  'corporation',
  'co',
  'company',
  'plc',
  'gmbh',
  'ag',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'ab',
  'as',
  'oy',
  'kk',
  'pty',
]);

/**
 * The names to look an issuer up by, best first (docs/brand-icons.md "Matching rule"): the issuer compacted
 * whole ("Booking.com" → "bookingcom", which is how simple-icons' title compacts too), then without a trailing
 * legal form ("GitHub, Inc." → "github"), then without a trailing ".com"-like top-level label when the issuer
 * is written as a domain ("google.com" → "google"). Never a prefix or a single word of a longer name: "Mailbox"
 * is not "Box", and "Amazon Web Services" is not "Amazon".
 */
export function issuerKeys(issuer: string): string[] {
  const keys: string[] = [];
  const add = (key: string) => {
    if (key !== '' && !keys.includes(key)) keys.push(key);
  };
  const trimmed = issuer.trim();
  add(compactName(trimmed));
  const words = fold(trimmed)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  if (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1] as string)) add(words.slice(0, -1).join(''));
  // "google.com", "GitHub.com": one dotted word, no spaces; the part before the last dot is the name.
  const domainLike = /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u.exec(trimmed);
  if (domainLike) add(compactName(trimmed.slice(0, trimmed.lastIndexOf('.'))));
  return keys;
}
