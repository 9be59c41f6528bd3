import { type Text, textsOf } from '../lib/i18n/text';
import en from '../locales/en/add.json';

const text = textsOf(en);

/** A rough strength estimate for a master password, with the reason in words. */
export interface Strength {
  level: 'empty' | 'weak' | 'fair' | 'good' | 'strong';
  /** 0 (empty) to 4 (strong), for a meter. */
  score: number;
  /** Why, or what would help ("add more words"); none for an empty password. */
  hint: Text | undefined;
}

export const MIN_PASSWORD_LENGTH = 8;

/**
 * Scores by length and by the kinds of characters used: bits = effective length × log2(pool), where
 * repeated runs ("aaaa") and few distinct characters ("abab…") shorten the effective length.
 */
export function passwordStrength(password: string): Strength {
  const chars = Array.from(password);
  if (chars.length === 0) return { level: 'empty', score: 0, hint: undefined };
  const lower = /[a-z]/.test(password);
  const upper = /[A-Z]/.test(password);
  const digit = /[0-9]/.test(password);
  const other = /[^a-zA-Z0-9]/.test(password);
  const pool = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (other ? 33 : 0);
  const kinds = [lower, upper, digit, other].filter(Boolean).length;
  let runs = 0;
  for (let i = 0; i < chars.length; i++) if (i === 0 || chars[i] !== chars[i - 1]) runs++;
  const effective = Math.min(runs, new Set(chars).size * 3);
  const bits = effective * Math.log2(pool);

  if (chars.length < MIN_PASSWORD_LENGTH)
    return { level: 'weak', score: 1, hint: text('add_strength_hint_too_short', MIN_PASSWORD_LENGTH) };
  if (bits < 45) {
    return {
      level: 'weak',
      score: 1,
      hint: text(effective < chars.length / 2 ? 'add_strength_hint_repeated' : 'add_strength_hint_more_words'),
    };
  }
  if (bits < 60)
    return {
      level: 'fair',
      score: 2,
      hint: text(kinds === 1 ? 'add_strength_hint_more_kinds' : 'add_strength_hint_more_words'),
    };
  if (bits < 75) return { level: 'good', score: 3, hint: text('add_strength_hint_one_more_word') };
  return { level: 'strong', score: 4, hint: text('add_strength_hint_strong') };
}
