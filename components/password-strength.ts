/** A rough strength estimate for a master password, with the reason in words. */
export interface Strength {
  level: 'empty' | 'weak' | 'fair' | 'good' | 'strong';
  /** 0 (empty) to 4 (strong), for a meter. */
  score: number;
  /** Why, or what would help ("add more words"). */
  hint: string;
}

export const MIN_PASSWORD_LENGTH = 8;

/**
 * Scores by length and by the kinds of characters used: bits = effective length × log2(pool), where
 * repeated runs ("aaaa") and few distinct characters ("abab…") shorten the effective length.
 */
export function passwordStrength(password: string): Strength {
  const chars = Array.from(password);
  if (chars.length === 0) return { level: 'empty', score: 0, hint: '' };
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
    return { level: 'weak', score: 1, hint: `use at least ${MIN_PASSWORD_LENGTH} characters` };
  if (bits < 45) {
    return {
      level: 'weak',
      score: 1,
      hint: effective < chars.length / 2 ? 'avoid repeated characters' : 'add more words',
    };
  }
  if (bits < 60)
    return {
      level: 'fair',
      score: 2,
      hint: kinds === 1 ? 'add more words or mix in digits and symbols' : 'add more words',
    };
  if (bits < 75) return { level: 'good', score: 3, hint: 'another word would make it strong' };
  return { level: 'strong', score: 4, hint: 'long enough to resist guessing' };
}
