import type { RecoveryCode } from './account-data';

/*
 * Recovery codes through their whole life (issue 15, finding 4). Sites compare codes without case, spaces or
 * dashes (GitHub's "xxxxx-xxxxx" is accepted as "xxxxxxxxxx"; the test site does the same), so two spellings of
 * one code are one code here too: a code already stored keeps its used state whatever way a page shows it again.
 */

/** The code as sites compare it: lower case, no spaces or dashes. */
export function sameCode(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[\s-]/g, '');
  return norm(a) === norm(b);
}

/**
 * `incoming` (codes a page showed, in its order) added to `stored`: stored codes stay as they are (used ones stay
 * used), new ones go after them, unused. `added` counts the new ones.
 */
export function mergeRecoveryCodes(
  stored: readonly RecoveryCode[],
  incoming: readonly string[],
): { codes: RecoveryCode[]; added: number } {
  const codes = stored.map((r) => ({ ...r }));
  let added = 0;
  for (const raw of incoming) {
    const code = raw.trim();
    if (code === '' || codes.some((r) => sameCode(r.code, code))) continue;
    codes.push({ code });
    added++;
  }
  return { codes, added };
}

/** `stored` with `code` marked used at `at` (unix ms); unchanged if it is not there or already used. */
export function markRecoveryUsed(stored: readonly RecoveryCode[], code: string, at: number): RecoveryCode[] {
  return stored.map((r) => (r.usedAt === undefined && sameCode(r.code, code) ? { ...r, usedAt: at } : { ...r }));
}

/** Unused codes, in stored order: the first is the one to offer next. */
export function unusedRecoveryCodes(stored: readonly RecoveryCode[]): RecoveryCode[] {
  return stored.filter((r) => r.usedAt === undefined);
}
