import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { sortAccounts } from '../../components/account-order';
import { messageOf } from '../../lib/i18n/translate';
import type { Request, RequestType, ResponseMap } from '../../lib/messaging/protocol';
import { SESSION_KEY } from '../../lib/vault/session-key';
import type { ListView } from '../../lib/vault/settings';
import type { AccountView } from '../../lib/vault/view';
import { RequestError, sendRequest } from '../../platform/runtime-messaging';
import { onSessionKeyRemoved } from '../../platform/session-events';

export type Phase = 'loading' | 'failed' | 'none' | 'locked' | 'unlocked';
export type Unreadable = ResponseMap['vault-state']['unreadable'];

type Listed = ResponseMap['accounts-list'];
type Opened = { state: 'none' | 'locked' } | { state: 'unlocked'; listed: Listed; unreadable: Unreadable };

let opening: Promise<Opened> | undefined;

/**
 * What the popup shows first. Asks for the state and, in parallel, for the accounts (refused when
 * locked), so an unlocked vault shows its codes after one round trip. Call it as early as possible
 * (main.tsx does, before the first render); later calls share the same answer.
 */
export function openVault(): Promise<Opened> {
  opening ??= (async () => {
    const early = sendRequest({ type: 'accounts-list' }).then(
      (r) => r,
      () => undefined,
    );
    const state = await sendRequest({ type: 'vault-state' });
    if (state.state !== 'unlocked') return { state: state.state };
    const listed = (await early) ?? (await sendRequest({ type: 'accounts-list' }));
    return { state: 'unlocked', listed, unreadable: state.unreadable };
  })();
  return opening;
}

/**
 * The vault as the popup sees it: its state, the account list in the vault's order, and a `request` that turns
 * any 'locked' answer into the unlock screen. The popup keeps no account list of its own: after a change it
 * asks for the list again (`change`), so what it shows is what the background holds, never a guess.
 */
export function useVault(onStaleList?: (e: unknown) => void) {
  const [phase, setPhaseState] = useState<Phase>('loading');
  const [accounts, setAccounts] = useState<AccountView[]>();
  /** How the list is shown (its sort, the groups folded), as the background sent it with the accounts. */
  const [listView, setListView] = useState<ListView>();
  const [unreadable, setUnreadable] = useState<Unreadable>([]);
  const [failure, setFailure] = useState('');
  /**
   * Counts the list reads, so an older answer that arrives late never replaces a newer one; a lock counts as a
   * read too, so an answer sent before the lock never refills the list of a locked popup.
   */
  const reads = useRef(0);
  /** The phase as of the last render, for answers that land later (they show only while still 'unlocked'). */
  const phaseNow = useRef<Phase>('loading');
  const setPhase = useCallback((next: Phase) => {
    phaseNow.current = next;
    setPhaseState(next);
  }, []);
  const stale = useRef(onStaleList);
  stale.current = onStaleList;

  const request = useCallback(
    async <T extends RequestType>(req: Request<T>): Promise<ResponseMap[T]> => {
      try {
        return await sendRequest(req);
      } catch (e) {
        if (e instanceof RequestError && e.code === 'locked') {
          reads.current++;
          setPhase('locked');
          setAccounts(undefined);
        }
        throw e;
      }
    },
    [setPhase],
  );

  /** Shows the background's list (sorted again by the one comparator, lib/vault/account-order.ts). */
  const show = useCallback((listed: Listed) => {
    setAccounts(sortAccounts(listed.accounts));
    if (listed.listView) setListView(listed.listView);
  }, []);

  /** Reads the account list again and shows it, unless a later read or a lock came meanwhile. */
  const reload = useCallback(async () => {
    const read = ++reads.current;
    const listed = await request({ type: 'accounts-list' });
    if (read === reads.current && phaseNow.current === 'unlocked') show(listed);
  }, [request, show]);

  /**
   * Sends a change to the vault, then shows the list as the background now holds it; answers the change's reply.
   * Once the change answered ok it happened (an HOTP code was used up, an account stored): a failed re-read then
   * keeps the last list shown and is told through `onStaleList`, never as the change's failure, so the code still
   * shows and a retry does not store the account twice. A 'locked' answer has already shown the unlock screen.
   */
  const change = useCallback(
    async <T extends RequestType>(req: Request<T>): Promise<ResponseMap[T]> => {
      const reply = await request(req);
      await reload().catch((e: unknown) => {
        if (!(e instanceof RequestError && e.code === 'locked')) stale.current?.(e);
      });
      return reply;
    },
    [request, reload],
  );

  /** Loads the unlocked vault: its accounts and the records it could not read. */
  const loadUnlocked = useCallback(async () => {
    const read = ++reads.current;
    const [state, listed] = await Promise.all([
      sendRequest({ type: 'vault-state' }),
      request({ type: 'accounts-list' }),
    ]);
    if (read !== reads.current) return;
    show(listed);
    setUnreadable(state.unreadable);
    setPhase('unlocked');
  }, [request, show, setPhase]);

  useEffect(() => {
    void openVault().then(
      (opened) => {
        if (opened.state === 'unlocked') {
          setUnreadable(opened.unreadable);
          show(opened.listed);
        }
        setPhase(opened.state);
      },
      (e) => {
        if (e instanceof RequestError && e.code === 'locked') return setPhase('locked');
        setFailure(messageOf(e));
        setPhase('failed');
      },
    );
  }, [show, setPhase]);

  // A lock the popup did not ask for (auto-lock, the options page, another popup window) must take the
  // secrets and codes off this page too: popup.html also opens as a window or tab that stays open. The
  // background removes the vault key on every lock (platform/session-events.ts); in case that event is
  // missed, the state is asked again whenever the page is shown.
  useEffect(() => {
    if (phase !== 'unlocked') return;
    const closed = (state: 'none' | 'locked') => {
      reads.current++;
      setAccounts(undefined);
      setUnreadable([]);
      setPhase(state);
    };
    const lockedHere = () => closed('locked');
    const check = () =>
      void sendRequest({ type: 'vault-state' }).then(
        (s) => s.state !== 'unlocked' && closed(s.state),
        () => undefined,
      );
    const stopListening = onSessionKeyRemoved(SESSION_KEY, lockedHere);
    document.addEventListener('visibilitychange', check);
    return () => {
      stopListening();
      document.removeEventListener('visibilitychange', check);
    };
  }, [phase, setPhase]);

  const actions = useMemo(
    () => ({
      async create(password: string) {
        await request({ type: 'vault-create', password });
        await loadUnlocked();
      },
      async unlock(password: string) {
        await request({ type: 'vault-unlock', password });
        await loadUnlocked();
      },
      /** Shows the vault a passkey or security key just unlocked (entrypoints/popup/key-unlock.ts). */
      async unlocked() {
        await loadUnlocked();
      },
      /** Locks; the page shows "locked" only once the background said so (a failed lock throws, the list stays). */
      async lock() {
        await request({ type: 'vault-lock' });
        reads.current++;
        setAccounts(undefined);
        setUnreadable([]);
        setPhase('locked');
      },
    }),
    [request, loadUnlocked, setPhase],
  );

  return { phase, failure, accounts, listView, unreadable, request, reload, change, ...actions };
}

export type Vault = ReturnType<typeof useVault>;
