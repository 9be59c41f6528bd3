import { useEffect, useState } from 'preact/hooks';
import type { Text } from '../lib/i18n/text';
import { dateTime, localize, t, tn } from '../lib/i18n/translate';
import type { SyncStatusView } from '../lib/messaging/requests/sync';
import type { Clock } from './clock';
import { useSubmit } from './use-submit';

/** The relative time ("Synced 2 min ago") is drawn again this often. */
const REFRESH_MS = 30_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A message the background sends: a Text in the user's language, or a plain string as it came. */
export function sayMessage(message: Text | string): string {
  return typeof message === 'string' ? message : localize(message);
}

/** "Synced just now", "Synced 2 min ago", "Synced 3 h ago", "Synced 12 Nov 2026, 14:03". */
function syncedAgo(lastSyncAt: number | undefined, now: number): string {
  if (lastSyncAt === undefined) return t('syncui_not_synced_yet');
  const ago = Math.max(0, now - lastSyncAt);
  if (ago < MINUTE) return t('syncui_synced_just_now');
  if (ago < HOUR) return tn('syncui_synced_minutes', Math.floor(ago / MINUTE));
  if (ago < DAY) return tn('syncui_synced_hours', Math.floor(ago / HOUR));
  return t('syncui_synced_on', dateTime(lastSyncAt));
}

/** The one line of docs/sync-format.md "When it syncs" for a status (sync on). */
export function statusText(status: SyncStatusView, now: number): string {
  switch (status.phase) {
    case 'synced':
      return syncedAgo(status.lastSyncAt, now);
    case 'syncing':
      return t('syncui_syncing');
    case 'waiting-unlock':
      return t('syncui_waiting_unlock');
    case 'offline': {
      const offline = status.waiting > 0 ? tn('syncui_offline_waiting', status.waiting) : t('syncui_offline');
      // Whole sentences one after the other: "Offline, 3 changes waiting. The server did not answer."
      return status.message ? `${offline} ${sayMessage(status.message)}` : offline;
    }
    case 'failed':
      return status.message ? sayMessage(status.message) : t('syncui_failed');
    case 'off':
      return '';
  }
}

/** The clock's time, moved on every 30 s (not every second: the line says minutes). */
function useEvery30s(clock: Clock): number {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    setNow(clock.now());
    let bucket = Math.floor(clock.now() / REFRESH_MS);
    return clock.subscribe(() => {
      const next = Math.floor(clock.now() / REFRESH_MS);
      if (next !== bucket) {
        bucket = next;
        setNow(clock.now());
      }
    });
  }, [clock]);
  return now;
}

export interface SyncStatusLineProps {
  status: SyncStatusView;
  clock: Clock;
  /** "Sync now": a round with the back-off waived; resolves once the status after it is shown. */
  onSyncNow(): Promise<void>;
}

/**
 * The compact sync status with "Sync now" (popup main view, top of the options page's sync panel). Nothing with
 * sync off. A failed "Sync now" request says why in place of the status.
 */
export function SyncStatusLine({ status, clock, onSyncNow }: SyncStatusLineProps) {
  const now = useEvery30s(clock);
  const { busy, failure, run } = useSubmit();
  if (status.phase === 'off') return null;
  const text = busy ? t('syncui_syncing') : failure ? failure.message : statusText(status, now);
  const trouble = !busy && (failure !== undefined || status.phase === 'failed' || status.phase === 'offline');
  return (
    <section class="sync-line" id="sync-line" data-phase={status.phase} aria-label={t('syncui_line_label')}>
      <p id="sync-line-text" class={trouble ? 'sync-line-text error' : 'sync-line-text'}>
        {text}
      </p>
      <button
        type="button"
        id="sync-now"
        aria-describedby="sync-line-text"
        disabled={busy || status.phase === 'waiting-unlock'}
        onClick={() => void run(onSyncNow)}
      >
        {t('syncui_sync_now')}
      </button>
    </section>
  );
}
