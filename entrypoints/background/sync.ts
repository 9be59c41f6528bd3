import { localize } from '../../lib/i18n/translate';
import { defaultDeviceName } from '../../lib/sync/device-name';
import type { SessionPort, VaultSession } from '../../lib/vault/session';
import { onAlarm, startAlarm, stopAlarm } from '../../platform/alarms';
import { realEffects } from '../../platform/effects';
import { platformInfo } from '../../platform/platform-info';
import { storageSyncArea } from '../../platform/storage-sync-area';
import * as parts from './sync-parts';
import { SyncService } from './sync-service';

/*
 * The sync service built from the browser's adapters and the parts (entrypoints/background/sync-parts.ts). With sync
 * off it makes no request and creates no alarm: it only reads the vault's record at unlock (docs/sync-format.md
 * "Goals": off by default, and then silent).
 */

/** The alarm name; every 15 minutes (docs/sync-format.md "When it syncs"). */
export const SYNC_ALARM = 'sync';
const SYNC_ALARM_MINUTES = 15;

/** Registered during the worker's first run (MV3 wakes the worker for the alarm, then finds this listener). */
export function onSyncAlarm(onFire: () => void): void {
  onAlarm(SYNC_ALARM, onFire);
}

/**
 * Registered during the worker's first run: a change of the browser's sync storage (another browser's write, or this
 * one's own) asks for a round; the service ignores it unless browser sync is on and the vault open.
 */
export function onSyncAreaChange(onChange: () => void): void {
  storageSyncArea().onChanged(onChange);
}

export async function createSyncService(
  session: VaultSession,
  sessionStore: SessionPort,
  reportFailure: (e: unknown) => void,
): Promise<SyncService> {
  const service = await SyncService.create({
    session,
    sessionStore,
    syncVault: () => parts.syncVault(session),
    parts,
    nextRetry: parts.nextRetry,
    // Jitter needs no CSPRNG, only spread.
    fx: { ...realEffects, random01: Math.random },
    timers: {
      set: (fn, ms) => setTimeout(fn, ms),
      clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    alarm: {
      start: () => startAlarm(SYNC_ALARM, SYNC_ALARM_MINUTES),
      stop: () => stopAlarm(SYNC_ALARM),
    },
    suggestedName: async () => {
      const { userAgent, os } = await platformInfo();
      return localize(defaultDeviceName(userAgent, os));
    },
  });
  session.onLock(async () => service.locked());
  parts.onUnlock(session, () => void service.unlocked().catch(reportFailure));
  return service;
}
