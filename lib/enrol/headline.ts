import en from '../../locales/en/core.json';
import { type Text, textsOf } from '../i18n/text';
import type { ScanOutcome } from './scan';

const text = textsOf(en);

/** Where the scanned picture came from; the wording of "nothing found" depends on it. */
export type ScanSource = 'tab' | 'region' | 'image' | 'text' | 'import';

const NOTHING = {
  tab: 'core_headline_nothing_tab',
  region: 'core_headline_nothing_region',
  image: 'core_headline_nothing_image',
  text: 'core_headline_nothing_text',
  import: 'core_headline_nothing_import',
} as const satisfies Record<ScanSource, keyof typeof en>;

/** The one sentence at the top of the confirmation: what the scan found, or why it found nothing usable. */
export function scanHeadline(outcome: ScanOutcome, source: ScanSource, accountsShown: number): Text {
  if (accountsShown > 0) {
    if (outcome.batches.length > 0) return text.counted('core_headline_found_export', accountsShown);
    return text.counted('core_headline_found', accountsShown);
  }
  const problem = outcome.problems[0];
  if (problem) return problem.message;
  const [ignored] = outcome.ignored;
  if (outcome.ignored.length === 1 && ignored) {
    if (source === 'text') return text('core_headline_text_not_link', ignored);
    return text(source === 'image' ? 'core_headline_picture_not_code' : 'core_headline_here_not_code', ignored);
  }
  if (outcome.ignored.length > 1) {
    return source === 'text'
      ? text('core_headline_no_link_among_lines', outcome.ignored.length)
      : text('core_headline_no_code_among_codes', outcome.ignored.length);
  }
  return text(NOTHING[source]);
}
