import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { SyncStatusView } from '../lib/messaging/requests/sync';
import { failureOf } from './errors';

/** While a round runs the status is asked again soon, so "Syncing…" turns into its outcome without a click. */
const WHILE_SYNCING_MS = 2_000;
/** Otherwise every 30 s while sync is on (the background's status is local: no request leaves the browser). */
const WHILE_ON_MS = 30_000;

export interface SyncStatusState {
  /** The status as the background last answered it; undefined until the first answer. */
  status: SyncStatusView | undefined;
  /** Why the status could not be read (the background refused or did not answer), in the user's words. */
  failure: string | undefined;
  /** Asks again now. */
  reload(): Promise<void>;
  /** Shows a status the background answered elsewhere ("Sync now" answers the status after its round). */
  show(status: SyncStatusView): void;
}

/**
 * The sync status of docs/sync-format.md "When it syncs", kept as the background answers `sync-status`. With sync
 * off it asks once and never again. Answers are counted, so a slow one never replaces a newer one.
 */
export function useSyncStatus(load: () => Promise<SyncStatusView>): SyncStatusState {
  const [status, setStatus] = useState<SyncStatusView>();
  const [failure, setFailure] = useState<string>();
  const asked = useRef(0);

  const show = useCallback((s: SyncStatusView) => {
    asked.current++;
    setStatus(s);
    setFailure(undefined);
  }, []);

  const reload = useCallback(async () => {
    const mine = ++asked.current;
    try {
      const s = await load();
      if (mine === asked.current) {
        setStatus(s);
        setFailure(undefined);
      }
    } catch (e) {
      if (mine === asked.current) setFailure(failureOf(e).message);
    }
  }, [load]);

  useEffect(() => void reload(), [reload]);

  // Each answer schedules the next ask (a new status object, even an equal one, restarts the wait).
  useEffect(() => {
    const phase = status?.phase;
    if (phase === undefined || phase === 'off') return;
    const timer = setTimeout(() => void reload(), phase === 'syncing' ? WHILE_SYNCING_MS : WHILE_ON_MS);
    return () => clearTimeout(timer);
  }, [status, reload]);

  return { status, failure, reload, show };
}
