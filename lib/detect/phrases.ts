/*
 * Finding the keyword phrases of every category in a piece of text, in one pass.
 *
 * Why not one regular expression per category: with ~1,000 phrases in 17 languages, V8 spent ~14 ms
 * compiling them on first use and ~0.1 ms per kilobyte scanning with 23 of them; the content script
 * runs on a fresh page each time, so the first run is the common case. Here the phrases are indexed by
 * their first two characters once, and a text is scanned once for all categories.
 *
 * Matching rules (described for authors in keywords.ts): text and phrases are normalised
 * (normalizeText); spaces, hyphens and underscores are ignored on both sides ("one time" = "one-time" =
 * "onetime"); a phrase in a script written with spaces must begin at a word start, and a short ASCII
 * word (up to 4 characters) must also end at a word end; other phrases (CJK, kana, Hangul, Arabic)
 * match anywhere. Longer phrases otherwise match as prefixes, so plurals and case endings are found.
 */
import { LANGUAGES, NEUTRAL, type WordCategory } from './keywords';
import { normalizeText } from './normalize';

export type TextCategory = WordCategory | keyof typeof NEUTRAL;

export interface PhraseMatch {
  category: TextCategory;
  /** The phrase as listed (normalised), for reasons. */
  phrase: string;
  /** Position in the separator-free text; only the order of matches within a text is meaningful. */
  index: number;
  /** Which sentence of the text it is in (split at line breaks and sentence punctuation). */
  sentence: number;
}

interface Entry {
  category: TextCategory;
  phrase: string;
  compact: string;
  /** Must end at a word end (short ASCII words: "otp", "pin", "zip"). */
  wholeWord: boolean;
}

/** Spaces, hyphens and underscores: ignored when comparing (normalizeText has already folded other white space). */
function isSeparator(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x2d || c === 0x5f || c === 0x09 || c === 0x0d || c === 0xa0;
}

/** Line breaks (block boundaries) and sentence punctuation, Latin and CJK. */
function endsSentence(c: number): boolean {
  return (
    c === 0x0a ||
    c === 0x2e ||
    c === 0x21 ||
    c === 0x3f ||
    c === 0x3b ||
    c === 0x3a ||
    c === 0x3002 ||
    c === 0xff01 ||
    c === 0xff1f ||
    c === 0xff1b
  );
}
const STARTS_WITH_SPACED_SCRIPT = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}0-9]/u;
const SHORT_ASCII_WORD = /^[a-z0-9]{1,4}$/;

/** Letters and digits of the scripts written with spaces (after normalisation: lower case, no marks): Latin, Greek, Cyrillic. */
function isWordCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0xc0 && c <= 0x52f && c !== 0xd7 && c !== 0xf7);
}

function isLetterCode(c: number): boolean {
  return isWordCode(c) && !(c >= 0x30 && c <= 0x39);
}

const key = (a: number, b: number) => a * 0x10000 + b;

/** Phrases that must start a word, by their first two characters; and phrases that match anywhere. */
const atWordStart = new Map<number, Entry[]>();
const anywhere = new Map<number, Entry[]>();
/** One-character phrases (Korean "앱"), by their character. */
const single = new Map<number, Entry[]>();

function index(): void {
  const add = (category: TextCategory, raw: string) => {
    const phrase = normalizeText(raw).trim();
    const compact = [...phrase].filter((ch) => !isSeparator(ch.charCodeAt(0))).join('');
    if (compact.length === 0) return;
    // Scripts written with spaces, and anything else below Arabic (punctuation), are looked up at word starts.
    const spaced = STARTS_WITH_SPACED_SCRIPT.test(phrase) || compact.charCodeAt(0) < 0x600;
    const entry: Entry = { category, phrase, compact, wholeWord: SHORT_ASCII_WORD.test(phrase) };
    if (compact.length === 1) {
      single.set(compact.charCodeAt(0), [...(single.get(compact.charCodeAt(0)) ?? []), entry]);
      return;
    }
    const map = spaced ? atWordStart : anywhere;
    const k = key(compact.charCodeAt(0), compact.charCodeAt(1));
    const list = map.get(k) ?? [];
    if (!list.some((e) => e.category === category && e.compact === compact)) list.push(entry);
    map.set(k, list);
  };
  for (const words of Object.values(LANGUAGES)) {
    for (const [category, list] of Object.entries(words) as [TextCategory, string[]][])
      for (const p of list) add(category, p);
  }
  for (const [category, list] of Object.entries(NEUTRAL) as [TextCategory, string[]][])
    for (const p of list) add(category, p);
  // Longest first: the reported phrase is the most specific one at a position.
  for (const map of [atWordStart, anywhere, single])
    for (const list of map.values()) list.sort((a, b) => b.compact.length - a.compact.length);
}
index();

/** The matches of one text, by category. */
export class TextScan {
  private readonly byCategory = new Map<TextCategory, PhraseMatch[]>();

  constructor(matches: PhraseMatch[]) {
    for (const m of matches) {
      const list = this.byCategory.get(m.category);
      if (list) list.push(m);
      else this.byCategory.set(m.category, [m]);
    }
  }

  /** The first phrase of a category, or undefined. */
  first(category: TextCategory): string | undefined {
    return this.byCategory.get(category)?.[0]?.phrase;
  }

  all(category: TextCategory): PhraseMatch[] {
    return this.byCategory.get(category) ?? [];
  }

  has(category: TextCategory): boolean {
    return this.byCategory.has(category);
  }
}

const EMPTY = new TextScan([]);

/**
 * Every phrase of every category in `text` (already normalised with normalizeText). Written for the
 * first, unoptimised run on a fresh page: one pass over the characters with inline checks into typed
 * arrays, and a dictionary lookup only where a phrase can start.
 */
export function scanText(text: string): TextScan {
  const len = text.length;
  if (len === 0) return EMPTY;
  // Separator-free copy of the text, with "a word starts here" and the sentence number per character.
  const codes = new Uint16Array(len);
  const starts = new Uint8Array(len);
  const sentences = new Uint16Array(len);
  let n = 0;
  let sentence = 0;
  let prevWord = false;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (endsSentence(c)) sentence++;
    if (isSeparator(c)) {
      prevWord = false;
      continue;
    }
    const word = isWordCode(c);
    codes[n] = c;
    starts[n] = word && !prevWord ? 1 : 0;
    sentences[n] = sentence;
    n++;
    prevWord = word;
  }
  const matches: PhraseMatch[] = [];
  for (let i = 0; i < n; i++) {
    const c = codes[i] as number;
    const atStart = starts[i] === 1;
    if (!atStart && c < 0x600) continue;
    const from = matches.length;
    if (i + 1 < n) {
      const k = key(c, codes[i + 1] as number);
      if (atStart) collect(atWordStart.get(k), codes, starts, n, i, true, sentences[i] as number, matches, from);
      if (c >= 0x600) collect(anywhere.get(k), codes, starts, n, i, false, sentences[i] as number, matches, from);
    }
    if (c >= 0x600) collect(single.get(c), codes, starts, n, i, false, sentences[i] as number, matches, from);
  }
  return matches.length === 0 ? EMPTY : new TextScan(matches);
}

/** Adds the entries of `list` that match at `i`, at most one per category (the longest: lists are sorted). */
function collect(
  list: Entry[] | undefined,
  codes: Uint16Array,
  starts: Uint8Array,
  n: number,
  i: number,
  checkEnd: boolean,
  sentence: number,
  matches: PhraseMatch[],
  from: number,
): void {
  if (!list) return;
  outer: for (const e of list) {
    const p = e.compact;
    const end = i + p.length;
    if (end > n) continue;
    for (let k = 2; k < p.length; k++) if (codes[i + k] !== p.charCodeAt(k)) continue outer;
    if (checkEnd && e.wholeWord && end < n && starts[end] === 0 && isLetterCode(codes[end] as number)) continue;
    for (let m = from; m < matches.length; m++) if ((matches[m] as PhraseMatch).category === e.category) continue outer;
    matches.push({ category: e.category, phrase: e.phrase, index: i, sentence });
  }
}
