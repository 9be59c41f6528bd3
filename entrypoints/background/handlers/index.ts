import type { HandlersFor } from '../../../lib/messaging/define';
import type { DOMAINS, Handlers } from '../../../lib/messaging/protocol';
import type { offerRequests } from '../../../lib/messaging/requests/offer';
import type { overrideRequests } from '../../../lib/messaging/requests/overrides';
import type { syncRequests } from '../../../lib/messaging/requests/sync';
import { text as overrideText, SiteOverrideError } from '../../../lib/offer/override-errors';
import type { VaultSession } from '../../../lib/vault/session';
import type { Backups } from '../backup';
import type { CrossSite } from '../cross-site';
import type { Enrolment } from '../enrol';
import type { Exports } from '../exports';
import type { HardwareKeys } from '../keys';
import type { TabStatus } from '../tab-status';
import { accountHandlers } from './accounts';
import { backupHandlers } from './backup';
import { enrolHandlers } from './enrol';
import { fillHandlers, type PopupSide } from './fill';
import { keyHandlers } from './keys';
import { type QrSide, qrHandlers } from './qr';
import { settingsHandlers } from './settings';
import { siteHandlers } from './sites';
import { refusedSync } from './sync';
import { vaultHandlers } from './vault';

export type { Handlers } from '../../../lib/messaging/protocol';
export type { PopupSide } from './fill';

/** Each domain's handlers (the domains of lib/messaging/requests/, `DOMAINS`), under the domain's name. */
export type DomainHandlers = { [D in keyof typeof DOMAINS]: HandlersFor<(typeof DOMAINS)[D]> };

/**
 * One handler module per domain; each composes lib/ and platform/ and nothing else. The offer domain's handlers
 * are `OfferService.handlers()` (entrypoints/background/offer-service.ts), which holds the state they share.
 */
export function domainHandlers(
  status: TabStatus,
  session: VaultSession,
  enrolment: Enrolment,
  backups: Backups,
  exports: Exports,
  keys: HardwareKeys,
  crossSite: CrossSite,
  offers: HandlersFor<typeof offerRequests>,
  popupSide?: PopupSide,
  overrides?: HandlersFor<typeof overrideRequests>,
  sync?: HandlersFor<typeof syncRequests>,
  qr?: QrSide,
): DomainHandlers {
  return {
    vault: vaultHandlers(session, popupSide),
    accounts: accountHandlers(session, enrolment),
    fill: fillHandlers(status, popupSide),
    offer: offers,
    enrol: enrolHandlers(enrolment),
    backup: backupHandlers(backups, exports),
    keys: keyHandlers(keys),
    sites: siteHandlers(crossSite),
    settings: settingsHandlers(session),
    // Optional so handler tests about something else need not build the service (entrypoints/background/site-overrides.ts).
    overrides: overrides ?? refusedOverrides(),
    // Optional for the same reason; the real ones are the sync service's (entrypoints/background/sync.ts).
    sync: sync ?? refusedSync(),
    qr: qrHandlers(qr),
  };
}

/** Without the site-override service every override request is refused (as an unknown message would be). */
function refusedOverrides(): HandlersFor<typeof overrideRequests> {
  const refuse = async (): Promise<never> => {
    throw new SiteOverrideError('not-asked', overrideText('siteoverrides_error_not_asked'));
  };
  return {
    'site-marks': refuse,
    'field-marked': refuse,
    'report-built': refuse,
    'offer-never': refuse,
    'offer-report': refuse,
    'site-overrides-get': refuse,
    'site-never': refuse,
    'site-report': refuse,
    'site-offer-again': refuse,
    'site-field-forget': refuse,
  };
}

/**
 * One handler per protocol message: every domain's handlers in one table. `Handlers` is exhaustive: a declared
 * message without a handler does not compile. A handler object built outside a literal may carry a stray key that
 * the spread would let override another domain's handler; tests/unit/messaging/records.test.ts checks at run time
 * that each domain's object holds exactly its records' types.
 */
export function createHandlers(...args: Parameters<typeof domainHandlers>): Handlers {
  const d = domainHandlers(...args);
  return {
    ...d.vault,
    ...d.accounts,
    ...d.fill,
    ...d.offer,
    ...d.enrol,
    ...d.backup,
    ...d.keys,
    ...d.sites,
    ...d.settings,
    ...d.overrides,
    ...d.sync,
    ...d.qr,
  };
}
