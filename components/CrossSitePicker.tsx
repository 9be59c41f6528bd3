import type { JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type CrossSiteAccount, searchCandidates } from '../lib/cross-site/candidates';
import { t } from '../lib/i18n/translate';
import { displayName, hueOf } from './account-order';
import { SearchIcon } from './icons';

export interface CrossSitePickerProps {
  phase: 'loading' | 'ready' | 'failed';
  /** The requesting site's registrable domain (or host), shown large, and its full origin. */
  site?: string;
  origin?: string;
  accounts: readonly CrossSiteAccount[];
  /** What went wrong, in the user's language (phase 'failed', or a refused pick). */
  error?: string;
  /** A pick is on its way to the background. */
  busy?: boolean;
  onPick(accountId: string, remember: boolean): void;
  onCancel(): void;
}

/**
 * Picks are ignored this long after the window is shown or gets focus back: a page that asks
 * its visitor to keep pressing Enter, or to double-click, must not have those presses land in this window as it
 * opens. The "Use" button stays disabled meanwhile, so a person sees why nothing happens.
 */
export const PICK_DELAY_MS = 1000;

/**
 * "Use another account…" in its own window (docs/architecture.md "Cross-site choices"): the site that asks in large
 * type, the warning, a search box that keeps the focus (a combobox: arrows choose, Enter fills, Escape cancels), the
 * list, and "use it here from now on", off by default. No account is preselected: choosing one is always a deliberate
 * step (an arrow key or a click), and picks wait PICK_DELAY_MS after the window shows or regains focus.
 */
export function CrossSitePicker(props: CrossSitePickerProps) {
  const { accounts, site = '', origin = '', onPick, onCancel } = props;
  const [query, setQuery] = useState('');
  const [activeId, setActiveId] = useState<string>();
  const [remember, setRemember] = useState(false);
  const search = useRef<HTMLInputElement>(null);
  const shown = useMemo(() => searchCandidates(accounts, query), [accounts, query]);
  const active = shown.find((a) => a.id === activeId);
  /** Whether a pick counts yet (PICK_DELAY_MS after the window was shown or got focus back). */
  const [armed, setArmed] = useState(false);
  const canPick = armed && !props.busy;

  useEffect(() => {
    if (props.phase === 'ready') search.current?.focus();
  }, [props.phase]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const rearm = () => {
      setArmed(false);
      clearTimeout(timer);
      timer = setTimeout(() => setArmed(true), PICK_DELAY_MS);
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') rearm();
    };
    rearm();
    window.addEventListener('focus', rearm);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('focus', rearm);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [props.phase]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onCancel();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onCancel]);
  // "From now on" is about one account: choosing another clears it, so it never carries over unseen.
  useEffect(() => setRemember(false), [active?.id]);
  useEffect(() => {
    if (active) document.getElementById(optionId(active.id))?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  function move(step: number) {
    if (shown.length === 0) return;
    const i = active ? shown.indexOf(active) : -1;
    const next = shown[Math.min(shown.length - 1, Math.max(0, i + step))];
    if (next) setActiveId(next.id);
  }

  function onSearchKey(e: JSX.TargetedKeyboardEvent<HTMLInputElement>) {
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 5, PageUp: -5 };
    const step = steps[e.key];
    if (step !== undefined) {
      e.preventDefault();
      move(step);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // A held-down key is never a pick.
      if (active && canPick && !e.repeat) onPick(active.id, remember);
    }
  }

  if (props.phase !== 'ready') {
    return (
      <main class="screen picker">
        {props.phase === 'loading' ? (
          <p class="hint">{t('picker_loading')}</p>
        ) : (
          <>
            <p id="picker-error" class="notice notice-error" role="alert">
              {props.error}
            </p>
            <div class="button-row">
              <button type="button" id="picker-close" onClick={onCancel}>
                {t('picker_close')}
              </button>
            </div>
          </>
        )}
      </main>
    );
  }

  return (
    <main class="screen picker">
      <header class="picker-head">
        <p class="picker-asks">{t('picker_asks')}</p>
        <h1 id="picker-site" class="picker-site">
          {site}
        </h1>
        <p id="picker-origin" class="picker-origin mono">
          {origin}
        </p>
      </header>
      <div id="picker-warning" class="picker-warning">
        <p class="picker-warning-title">{t('picker_warning_title', site)}</p>
        <p>{t('picker_warning', site)}</p>
      </div>
      {accounts.length === 0 ? (
        <p id="picker-none" class="empty picker-empty">
          {t('picker_none')}
        </p>
      ) : (
        <>
          <div class="search-box">
            <SearchIcon />
            <input
              id="picker-search"
              ref={search}
              type="search"
              role="combobox"
              aria-label={t('picker_search_label')}
              aria-expanded="true"
              aria-controls="picker-list"
              aria-autocomplete="list"
              aria-activedescendant={active ? optionId(active.id) : undefined}
              aria-describedby="picker-keys"
              autocomplete="off"
              spellcheck={false}
              value={query}
              onInput={(e) => setQuery(e.currentTarget.value)}
              onKeyDown={onSearchKey}
            />
          </div>
          <p id="picker-keys" class="hint">
            {t('picker_keys_hint')}
          </p>
          <div id="picker-list" class="picker-list" role="listbox" aria-label={t('picker_list_label')}>
            {shown.map((a) => (
              <div
                key={a.id}
                id={optionId(a.id)}
                role="option"
                // The search box keeps the focus (aria-activedescendant); a click lands here and goes back there.
                tabIndex={-1}
                aria-selected={a === active}
                class={a === active ? 'picker-option active' : 'picker-option'}
                data-id={a.id}
                onClick={() => {
                  setActiveId(a.id);
                  search.current?.focus();
                }}
                onDblClick={() => canPick && onPick(a.id, remember)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && canPick && !e.repeat) onPick(a.id, remember);
                }}
              >
                <span class="avatar" aria-hidden="true" style={{ '--hue': String(hueOf(a.issuer || a.account)) }}>
                  {a.letter}
                </span>
                <span class="picker-who">
                  <span class="issuer">{a.issuer || t('core_unnamed_account')}</span>
                  {a.account && <span class="name">{a.account}</span>}
                </span>
              </div>
            ))}
          </div>
          {shown.length === 0 && (
            <p id="picker-no-match" class="empty picker-empty" role="status">
              {t('picker_no_match', query.trim())}
            </p>
          )}
        </>
      )}
      <div class="picker-foot">
        {active && (
          <label class="check picker-remember">
            <input
              id="picker-remember"
              type="checkbox"
              checked={remember}
              onChange={(e) => setRemember(e.currentTarget.checked)}
            />
            <span>{t('picker_remember', displayName(active), site)}</span>
          </label>
        )}
        {props.error && (
          <p id="picker-error" class="notice notice-error" role="alert">
            {props.error}
          </p>
        )}
        <div class="button-row">
          <button type="button" id="picker-cancel" onClick={onCancel}>
            {t('common_cancel')}
          </button>
          <button
            type="button"
            id="picker-use"
            class="primary"
            disabled={!active || !canPick}
            onClick={() => active && canPick && onPick(active.id, remember)}
          >
            {active ? t('picker_use', displayName(active)) : t('picker_choose')}
          </button>
        </div>
      </div>
    </main>
  );
}

/** An option's element id (account ids are UUIDs; the prefix makes it a valid id start). */
function optionId(accountId: string): string {
  return `pick-${accountId}`;
}
