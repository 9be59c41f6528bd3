import { tn } from '../../lib/i18n/translate';
import type { OfferMenuItem } from '../../lib/messaging/protocol';

/**
 * A save entry for a new set of recovery codes says, before the click, that it replaces the stored unused codes
 * (the site regenerated them, the old ones no longer sign in). Empty for anything else.
 */
export function replacesNote(i: OfferMenuItem): string {
  return i.what === 'save-recovery' && i.replaces ? tn('recoveryset_replaces', i.replaces) : '';
}
