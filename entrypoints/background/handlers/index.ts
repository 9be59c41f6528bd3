import type { Handlers } from '../../../lib/messaging/protocol';
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
import { fillHandlers, type OfferHandlers, type PopupSide } from './fill';
import { keyHandlers } from './keys';
import { settingsHandlers } from './settings';
import { siteHandlers } from './sites';
import { vaultHandlers } from './vault';

export type { Handlers } from '../../../lib/messaging/protocol';
export type { OfferHandlers, PopupSide } from './fill';

/**
 * One handler per protocol message, one module per domain (the domains of lib/messaging/requests/); each composes
 * lib/ and platform/ and nothing else. `Handlers` is exhaustive: a declared message without a handler does not
 * compile.
 */
export function createHandlers(
  status: TabStatus,
  session: VaultSession,
  enrolment: Enrolment,
  backups: Backups,
  exports: Exports,
  keys: HardwareKeys,
  crossSite: CrossSite,
  offers: OfferHandlers,
  popupSide?: PopupSide,
): Handlers {
  return {
    ...vaultHandlers(session, popupSide),
    ...accountHandlers(session, enrolment),
    ...fillHandlers(status, offers, popupSide),
    ...enrolHandlers(enrolment),
    ...backupHandlers(backups, exports),
    ...keyHandlers(keys),
    ...siteHandlers(crossSite),
    ...settingsHandlers(session),
  };
}
