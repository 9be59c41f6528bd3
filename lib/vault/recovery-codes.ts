import type { RecoveryCode } from './account-data';

/*
 * Recovery codes through their whole life (docs/vault-format.md "Account record"). Sites compare codes without case,
 * spaces or dashes (GitHub's "xxxxx-xxxxx" is accepted as "xxxxxxxxxx"; the test site does the same), so two spellings
 * of one code are one code here too: a code already stored keeps its used state whatever way a page shows it again.
 */

/** The code as sites compare it: lower case, no spaces or dashes. */
export function sameCode(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[\s-]/g, '');
  return norm(a) === norm(b);
}

/**
 * Whether `incoming` (codes a page shows) is a new set: it shares no code with the stored codes still on offer, and
 * there are some. Sites regenerate the whole set at once (GitHub's "Regenerate" voids every old code), so a list with
 * none of the unused codes in it replaces them.
 */
export function replacesRecoveryCodes(stored: readonly RecoveryCode[], incoming: readonly string[]): number {
  const offered = unusedRecoveryCodes(stored);
  const shown = incoming.map((c) => c.trim()).filter((c) => c !== '');
  if (offered.length === 0 || shown.length === 0) return 0;
  return offered.some((r) => shown.some((c) => sameCode(r.code, c))) ? 0 : offered.length;
}

/**
 * `incoming` (codes a page showed, in its order) added to `stored`: stored codes stay as they are (used ones stay
 * used). Codes that share something with the stored unused ones are more of the same set: new ones go after the
 * stored ones. A new set ({@link replacesRecoveryCodes}) goes first, and the old unused codes are marked superseded
 * at `at` (unix ms): kept, so nothing stored is lost, but never offered or printed again (docs/vault-format.md).
 * `added` counts the new codes, `superseded` the old ones so marked.
 */
export function mergeRecoveryCodes(
  stored: readonly RecoveryCode[],
  incoming: readonly string[],
  at = 0,
): { codes: RecoveryCode[]; added: number; superseded: number } {
  const superseded = replacesRecoveryCodes(stored, incoming);
  const replaces = superseded > 0;
  const codes = stored.map((r) => (replaces && isOffered(r) ? { ...r, supersededAt: at } : { ...r }));
  const fresh: RecoveryCode[] = [];
  for (const raw of incoming) {
    const code = raw.trim();
    if (code === '' || [...codes, ...fresh].some((r) => sameCode(r.code, code))) continue;
    fresh.push({ code });
  }
  return {
    codes: replaces ? [...fresh, ...codes] : [...codes, ...fresh],
    added: fresh.length,
    superseded,
  };
}

/** `stored` with `code` marked used at `at` (unix ms); unchanged if it is not there or already used. */
export function markRecoveryUsed(stored: readonly RecoveryCode[], code: string, at: number): RecoveryCode[] {
  return stored.map((r) => (r.usedAt === undefined && sameCode(r.code, code) ? { ...r, usedAt: at } : { ...r }));
}

/** A code that may still sign in: neither used nor replaced by a newer set. */
export function isOffered(r: RecoveryCode): boolean {
  return r.usedAt === undefined && r.supersededAt === undefined;
}

/** Unused codes (not used, not superseded), in stored order: the first is the one to offer next. */
export function unusedRecoveryCodes(stored: readonly RecoveryCode[]): RecoveryCode[] {
  return stored.filter(isOffered);
}
