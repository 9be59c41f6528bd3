/*
 * A cheap first look for recovery codes shown on a page (docs/detection.md "Recovery codes a site shows"), run by the
 * always-injected content script before it loads the detector: an element that can hold a list of codes, and one of the
 * words the list finder (recovery-list.ts) looks for, in the page's text. Kept apart from recovery-list.ts so the
 * injected script does not carry the phrase tables.
 */

/** Stems of "recovery/backup/scratch/emergency codes" in the detector's languages (keywords.ts has the phrases). */
const WORDS =
  /recovery|backup|back-up|scratch|emergency|rescue|wiederherstell|notfall|sicherungs|ersatzcode|r[ée]cup[ée]ration|secours|recuperaci[óo]n|respaldo|emergencia/i;
const HOLDERS = 'li, pre, textarea, td';
/** Only the start of a long page's text is read: the codes are shown near the top of a settings page. */
const MAX_TEXT = 200_000;

export function mayShowRecoveryCodes(doc: Document): boolean {
  if (!doc.body || !doc.querySelector(HOLDERS)) return false;
  return WORDS.test((doc.body.textContent ?? '').slice(0, MAX_TEXT));
}
