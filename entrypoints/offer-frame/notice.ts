import { t } from '../../lib/i18n/translate';
import type { OfferNotice } from '../../lib/messaging/protocol';
import type { MenuContent } from './menu-ui';

/** Why a filled code was not submitted, in the words the content script's SubmitError uses (lib/fill/submit.ts). */
const WHY = {
  'not-stuck': 'submit_error_not_stuck',
  'field-gone': 'submit_error_field_gone',
  'control-disabled': 'submit_error_control_disabled',
  'no-control': 'submit_error_no_control',
} as const;

/**
 * The menu with the background's notice on top (docs/auto-fill.md "When the site refuses"): beside the field, in this
 * extension frame (never in the page), which account's code the site refused and why that may be, or why a fill was not
 * submitted. The entries stay, so the person can fill by hand, which resumes automatic fills in the tab.
 */
export function withNotice(content: MenuContent, notice: OfferNotice | undefined): MenuContent {
  if (!notice) return content;
  if (notice.what === 'not-submitted') {
    return { ...content, heading: t('submit_not_submitted_heading'), note: t(WHY[notice.why]) };
  }
  const name =
    notice.issuer && notice.account ? `${notice.issuer} (${notice.account})` : notice.issuer || notice.account;
  return { ...content, heading: t('submit_refused_heading', name), note: t('submit_refused_note') };
}
