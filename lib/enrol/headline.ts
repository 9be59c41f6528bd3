import type { ScanOutcome } from './scan';

/** Where the scanned picture came from; the wording of "nothing found" depends on it. */
export type ScanSource = 'tab' | 'region' | 'image' | 'text' | 'import';

const NOTHING: Record<ScanSource, string> = {
  tab: 'No QR code was found on the visible part of this page.',
  region: 'No QR code was found in the area you selected.',
  image: 'No QR code was found in this picture.',
  text: 'The text holds no two-factor link.',
  import: 'The file holds no account Twofold can import.',
};

/** The one sentence at the top of the confirmation: what the scan found, or why it found nothing usable. */
export function scanHeadline(outcome: ScanOutcome, source: ScanSource, accountsShown: number): string {
  if (accountsShown > 0) {
    const n = accountsShown === 1 ? '1 account' : `${accountsShown} accounts`;
    return outcome.batches.length > 0 ? `Found ${n} in a Google Authenticator export.` : `Found ${n}.`;
  }
  if (outcome.problems.length > 0) return outcome.problems[0]?.message ?? '';
  if (outcome.ignored.length === 1) {
    if (source === 'text') return `The text is not a two-factor link: it is ${outcome.ignored[0]}.`;
    const where = source === 'image' ? 'The QR code in this picture' : 'The QR code here';
    return `${where} is not a two-factor code: it holds ${outcome.ignored[0]}.`;
  }
  if (outcome.ignored.length > 1) {
    return source === 'text'
      ? `None of the ${outcome.ignored.length} lines is a two-factor link.`
      : `None of the ${outcome.ignored.length} QR codes here is a two-factor code.`;
  }
  return NOTHING[source];
}
