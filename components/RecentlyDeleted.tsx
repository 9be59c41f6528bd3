import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { t, tn } from '../lib/i18n/translate';
import type { DeletedAccountView } from '../lib/vault/view';
import { displayName } from './account-order';
import { failureOf } from './errors';

const DAY = 24 * 60 * 60 * 1000;

/** What the section asks of the background ('trash-list', 'trash-restore', 'trash-purge'). */
export interface RecentlyDeletedApi {
  list(): Promise<DeletedAccountView[]>;
  restore(id: string): Promise<void>;
  purge(id: string): Promise<void>;
}

export interface RecentlyDeletedProps {
  api: RecentlyDeletedApi;
  /** The wall clock (ms), a parameter so the days shown can be tested. */
  now: () => number;
  /** An account came back: the page's other lists (export) read the vault again. */
  onRestored?(): void;
}

/** "Deleted 3 days ago", "Erased in 27 days": two phrases, each a whole message. */
function when(entry: DeletedAccountView, now: number): [string, string] {
  const ago = Math.max(0, Math.floor((now - entry.deletedAt) / DAY));
  const left = Math.max(1, Math.ceil((entry.expiresAt - now) / DAY));
  return [
    ago === 0 ? t('organise_deleted_today') : tn('organise_deleted_days_ago', ago),
    tn('organise_erased_in', left),
  ];
}

/**
 * The ids of a row's name (issuer, then account) for its buttons' `aria-describedby`: the visible label stays the
 * accessible name (WCAG 2.5.3 "Label in Name"), and the row's name is told after it.
 */
function namesOf(entry: DeletedAccountView): string {
  return entry.issuer && entry.account
    ? `deleted-${entry.id}-issuer deleted-${entry.id}-account`
    : `deleted-${entry.id}-issuer`;
}

/** "Delete forever" asks again, in the page: the key is gone for good after it. */
function ConfirmPurge({ entry, onYes, onNo }: { entry: DeletedAccountView; onYes(): Promise<void>; onNo(): void }) {
  const cancel = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  // Focus goes to "Cancel", the harmless answer, so Enter pressed by habit erases nothing.
  useEffect(() => cancel.current?.focus(), []);
  const id = `purge-${entry.id}`;
  return (
    <div
      class="confirm"
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onNo();
      }}
    >
      <p id={`${id}-title`}>
        <strong>{t('organise_confirm_title', displayName(entry))}</strong>
      </p>
      <p id={`${id}-body`}>{t('trashfix_confirm_body')}</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="button-row">
        <button
          type="button"
          class="danger purge-yes"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            onYes().catch((e: unknown) => {
              setBusy(false);
              setError(failureOf(e).message);
            });
          }}
        >
          {t('organise_delete_forever')}
        </button>
        <button type="button" class="purge-no" ref={cancel} onClick={onNo}>
          {t('common_cancel')}
        </button>
      </div>
    </div>
  );
}

/**
 * "Recently deleted" (docs/vault-format.md "Recently deleted"): accounts deleted in the last 30 days, each with
 * Restore and "Delete forever" (which asks again). Never shows a secret: the list holds none.
 */
export function RecentlyDeleted({ api, now, onRestored }: RecentlyDeletedProps) {
  const [entries, setEntries] = useState<DeletedAccountView[]>();
  const [confirming, setConfirming] = useState<string>();
  const [status, setStatus] = useState<{ ok: boolean; message: string }>();
  const heading = useRef<HTMLHeadingElement>(null);
  const section = useRef<HTMLElement>(null);
  // The row whose question was answered "no": its "Delete forever" button takes the focus back once it is drawn again
  // (the question is gone, and the focus must not fall to the page).
  const [refocus, setRefocus] = useState<string>();
  useEffect(() => {
    if (refocus === undefined) return;
    const rows = section.current?.querySelectorAll<HTMLElement>('li.deleted-item') ?? [];
    [...rows]
      .find((li) => li.dataset.id === refocus)
      ?.querySelector<HTMLElement>('.deleted-purge')
      ?.focus();
    setRefocus(undefined);
  }, [refocus]);

  const load = useCallback(
    () =>
      api.list().then(setEntries, (e: unknown) => {
        setEntries([]);
        setStatus({ ok: false, message: failureOf(e).message });
      }),
    [api],
  );
  useEffect(() => void load(), [load]);

  const restore = async (entry: DeletedAccountView) => {
    setStatus(undefined);
    try {
      await api.restore(entry.id);
      setStatus({ ok: true, message: t('organise_restored_toast', displayName(entry)) });
      onRestored?.();
    } catch (e) {
      setStatus({ ok: false, message: failureOf(e).message });
    }
    // The row is gone: focus stays in the section rather than falling to the page.
    heading.current?.focus();
    await load();
  };

  const purge = async (entry: DeletedAccountView) => {
    await api.purge(entry.id);
    setConfirming(undefined);
    setStatus({ ok: true, message: t('organise_purged', displayName(entry)) });
    heading.current?.focus();
    await load();
  };

  const at = now();
  return (
    <section class="panel" id="deleted" aria-labelledby="deleted-title" ref={section}>
      <h2 id="deleted-title" tabIndex={-1} ref={heading}>
        {t('organise_deleted_title')}
      </h2>
      <p class="hint">{t('trashfix_deleted_intro')}</p>
      <p id="deleted-status" class={status && !status.ok ? 'error' : 'hint'} role="status">
        {status?.message ?? ''}
      </p>
      {entries?.length === 0 && <p id="deleted-empty">{t('organise_deleted_empty')}</p>}
      {entries && entries.length > 0 && (
        <ul class="deleted-list" aria-labelledby="deleted-title">
          {entries.map((entry) => (
            <li key={entry.id} class="deleted-item" data-id={entry.id}>
              <div class="deleted-names">
                <strong class="deleted-issuer" id={`deleted-${entry.id}-issuer`}>
                  {entry.issuer || displayName(entry)}
                </strong>
                {entry.issuer && entry.account && (
                  <span class="deleted-account" id={`deleted-${entry.id}-account`}>
                    {' '}
                    {entry.account}
                  </span>
                )}
                {entry.group && <span class="deleted-group hint"> · {t('organise_group_label', entry.group)}</span>}
                <div class="hint deleted-when">
                  <span>{when(entry, at)[0]}</span> · <span>{when(entry, at)[1]}</span>
                </div>
              </div>
              {confirming === entry.id ? (
                <ConfirmPurge
                  entry={entry}
                  onYes={() => purge(entry)}
                  onNo={() => {
                    setConfirming(undefined);
                    setRefocus(entry.id);
                  }}
                />
              ) : (
                <div class="button-row">
                  <button
                    type="button"
                    class="deleted-restore"
                    aria-describedby={namesOf(entry)}
                    onClick={() => void restore(entry)}
                  >
                    {t('organise_restore')}
                  </button>
                  <button
                    type="button"
                    class="danger-quiet deleted-purge"
                    aria-describedby={namesOf(entry)}
                    onClick={() => setConfirming(entry.id)}
                  >
                    {t('organise_delete_forever')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
