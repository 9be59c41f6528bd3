import type { ExistingMatch } from '../lib/enrol/review';
import { t } from '../lib/i18n/translate';

/** What to do with a new key of a stored account (docs/enrolment.md "Re-enrolment replaces,
 * never duplicates"). */
export type RenewChoiceValue = 'replace' | 'both' | 'skip';

/**
 * The review of a key with the same names (or site and name) as a stored account but another secret: the site
 * issued a new key. Replacing is the default, since after a reset the stored key no longer works; "Keep both"
 * adds the new key under a numbered name so the two can be told apart. "Keep both" is the default instead when the
 * page is on none of the stored account's sites or an earlier row already replaces that account (`keepBoth`,
 * lib/enrol/review.ts), and the row says why.
 */
export function RenewChoice({
  id,
  match,
  choice,
  onChoice,
}: {
  id: string;
  match: Extract<ExistingMatch, { status: 'renewed' }>;
  choice: RenewChoiceValue;
  onChoice(c: RenewChoiceValue): void;
}) {
  const radio = (value: RenewChoiceValue, label: string) => (
    <label class="check">
      <input
        type="radio"
        class={`renew-${value}`}
        name={`${id}-renew`}
        value={value}
        checked={choice === value}
        onChange={() => onChoice(value)}
      />
      {label}
    </label>
  );
  return (
    <fieldset class="scan-match scan-renew">
      <legend>
        {match.by === 'name' ? t('reenrol_scan_renewed', match.name) : t('reenrol_scan_renewed_site', match.name)}
      </legend>
      {match.keepBoth === 'sites-differ' && (
        <p class="notice renew-sites-differ">{t('reenrol_scan_sites_differ', match.name)}</p>
      )}
      {match.keepBoth === 'same-target' && (
        <p class="notice renew-same-target">{t('reenrol_scan_same_target', match.name)}</p>
      )}
      {radio('replace', t('reenrol_scan_replace', match.name))}
      <p class="hint">{t('reenrol_scan_replace_hint')}</p>
      {radio('both', t('reenrol_scan_both'))}
      {radio('skip', t('reenrol_scan_skip'))}
    </fieldset>
  );
}
