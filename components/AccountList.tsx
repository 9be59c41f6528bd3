import type { JSX } from 'preact';
import { useMemo, useRef } from 'preact/hooks';
import { t, tn } from '../lib/i18n/translate';
import type { AccountView } from '../lib/vault/view';
import { AccountRow, type HotpShown, type RowActions, type RowFocus } from './AccountRow';
import type { Clock } from './clock';
import type { ListSection } from './list-model';
import { useProgressive } from './use-progressive';

export interface AccountListProps {
  /** What to show, in display order (sorted, searched, grouped: components/list-model.ts arrangeList). */
  sections: readonly ListSection[];
  codeOf(account: AccountView): string | undefined;
  hotp: ReadonlyMap<string, HotpShown>;
  /** Whether each account can move up/down among the accounts listed with it (computed on the full list). */
  movable: ReadonlyMap<string, { up: boolean; down: boolean }>;
  /** The person's own order is shown: the move buttons and Alt+Up/Down work. */
  reorderable: boolean;
  /** Rows can also be dragged (the person's own order, no search). */
  draggable: boolean;
  clock: Clock;
  actions: RowActions;
  /** Accounts whose code the popup can fill into the tab's code field (`popup-fill`, docs/messages.md). */
  fillable?: ReadonlySet<string>;
  /** Folds or unfolds a group's rows (`list-view-set`, docs/messages.md). */
  onToggleGroup(group: string): void;
}

/** The focusable "code" control of each row: its code button, or for HOTP without one its next button. */
const CODE_TARGET = 'button.code, .account[data-kind="hotp"] button.next';

export function focusRowCode(row: Element): void {
  const target = row.querySelector<HTMLElement>(CODE_TARGET);
  target?.focus();
  target?.scrollIntoView({ block: 'nearest' });
}

/**
 * Focus after a row moved: `want` if it can take focus. A move button at the end of its group is disabled, and
 * focus() on a disabled button does nothing (focus would fall to the page), so the other move button, else the code.
 */
export function focusAfterMove(row: Element, want: RowFocus): void {
  const button = (cls: 'up' | 'down') => {
    const b = row.querySelector<HTMLButtonElement>(`button.${cls}`);
    return b && !b.disabled ? b : undefined;
  };
  const target = want === 'code' ? undefined : (button(want) ?? button(want === 'up' ? 'down' : 'up'));
  if (target) target.focus();
  else focusRowCode(row);
}

const idOf = (a: AccountView) => a.id;

/** Estimated height of a row, to reserve the space of rows not rendered yet (keeps the scrollbar honest). */
const ROW_HEIGHT = 84;

/**
 * Where a drag would drop: the row under the pointer among those it may join (same list, same pin state), and
 * whether the pointer is on its lower half.
 */
function dropTarget(source: HTMLElement, y: number): { row: HTMLElement; after: boolean } | undefined {
  const list = source.parentElement;
  if (!list) return undefined;
  const rows = Array.from(list.querySelectorAll<HTMLElement>(':scope > li.account')).filter(
    (r) => r.dataset.pinned === source.dataset.pinned,
  );
  let best: { row: HTMLElement; after: boolean } | undefined;
  for (const row of rows) {
    const box = row.getBoundingClientRect();
    if (y < box.top) return best ?? { row, after: false };
    best = { row, after: y > box.top + box.height / 2 };
    if (y <= box.bottom) return best;
  }
  return best;
}

/**
 * A pointer drag from a row's grip: the row follows as a drop line between rows (a class on the row it would land
 * next to), and the drop sends the new order through `drop`. Pointer capture keeps the moves coming when the
 * pointer leaves the grip (https://developer.mozilla.org/en-US/docs/Web/API/Element/setPointerCapture).
 */
function startDrag(e: JSX.TargetedPointerEvent<HTMLElement>, drop: RowActions['drop']) {
  const handle = (e.target as Element).closest('.drag-handle');
  const source = handle?.closest<HTMLElement>('li.account');
  if (!handle || !source || e.button !== 0) return;
  e.preventDefault();
  (handle as HTMLElement).setPointerCapture?.(e.pointerId);
  source.classList.add('dragging');
  let target: { row: HTMLElement; after: boolean } | undefined;
  const mark = (next: typeof target) => {
    target?.row.classList.remove('drop-before', 'drop-after');
    target = next && next.row !== source ? next : undefined;
    target?.row.classList.add(target.after ? 'drop-after' : 'drop-before');
  };
  const move = (ev: PointerEvent) => mark(dropTarget(source, ev.clientY));
  const end = (ev: PointerEvent) => {
    handle.removeEventListener('pointermove', move as EventListener);
    handle.removeEventListener('pointerup', end as EventListener);
    handle.removeEventListener('pointercancel', end as EventListener);
    source.classList.remove('dragging');
    const done = ev.type === 'pointerup' ? target : undefined;
    mark(undefined);
    const id = source.dataset.id;
    const targetId = done?.row.dataset.id;
    if (done && id && targetId) drop(id, targetId, done.after);
  };
  handle.addEventListener('pointermove', move as EventListener);
  handle.addEventListener('pointerup', end as EventListener);
  handle.addEventListener('pointercancel', end as EventListener);
}

export function AccountList(props: AccountListProps) {
  const { sections, codeOf, hotp, movable, reorderable, draggable, clock, actions, fillable } = props;
  const end = useRef<HTMLDivElement>(null);
  const headed = sections[0]?.group !== undefined;
  // Rows render progressively over the whole list: folded groups hold none.
  const rows = useMemo(() => sections.flatMap((s) => (s.collapsed ? [] : s.accounts)), [sections]);
  const limit = useProgressive(rows, idOf, end);

  /** Up/Down move focus from row to row, landing on each row's code; Alt+Up/Down move the row itself. */
  function onKeyDown(e: JSX.TargetedKeyboardEvent<HTMLElement>) {
    if ((e.key !== 'ArrowDown' && e.key !== 'ArrowUp') || e.ctrlKey || e.metaKey) return;
    const row = (e.target as Element).closest<HTMLElement>('li.account');
    if (!row) return;
    const step = e.key === 'ArrowDown' ? 1 : -1;
    if (e.altKey) {
      const id = row.dataset.id;
      const m = id ? movable.get(id) : undefined;
      if (!id || !reorderable || !(step < 0 ? m?.up : m?.down)) return;
      e.preventDefault();
      // Focus comes back to the code control, where the person pressed the key, not to a move button.
      actions.move(id, step, 'code');
      return;
    }
    const all = Array.from(e.currentTarget.querySelectorAll('li.account'));
    const next = all[all.indexOf(row) + step];
    if (!next) return;
    e.preventDefault();
    focusRowCode(next);
  }

  let left = limit;
  const renderRows = (accounts: readonly AccountView[], attrs: JSX.HTMLAttributes<HTMLUListElement>) => {
    const shown = accounts.slice(0, Math.max(0, left));
    left -= shown.length;
    return (
      <ul class="account-rows" {...attrs}>
        {shown.map((a) => {
          const m = movable.get(a.id);
          return (
            <AccountRow
              key={a.id}
              account={a}
              code={codeOf(a)}
              hotp={hotp.get(a.id)}
              canUp={reorderable && (m?.up ?? false)}
              canDown={reorderable && (m?.down ?? false)}
              clock={clock}
              actions={actions}
              canFill={fillable?.has(a.id) ?? false}
              draggable={draggable}
            />
          );
        })}
      </ul>
    );
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the keys are handled for the rows' own buttons inside.
    <div
      class={draggable ? 'account-list can-drag' : 'account-list'}
      onKeyDown={onKeyDown}
      onPointerDown={draggable ? (e) => startDrag(e, actions.drop) : undefined}
    >
      {headed ? (
        <div id="accounts">
          {sections.map((s, i) => {
            const name = s.group === '' ? t('listui_no_group') : (s.group as string);
            const listId = `group-rows-${i}`;
            return (
              <section key={s.group} class="account-group" data-group={s.group}>
                <h2 class="group-heading">
                  <button
                    type="button"
                    class="group-toggle"
                    aria-expanded={!s.collapsed}
                    aria-controls={s.collapsed ? undefined : listId}
                    onClick={() => props.onToggleGroup(s.group as string)}
                  >
                    <span class="chevron" aria-hidden="true" />
                    <span class="group-name">{name}</span>
                    <span class="group-count">{tn('listui_group_count', s.accounts.length)}</span>
                  </button>
                </h2>
                {!s.collapsed && renderRows(s.accounts, { id: listId, 'aria-label': name })}
              </section>
            );
          })}
        </div>
      ) : (
        renderRows(sections[0]?.accounts ?? [], { id: 'accounts', 'aria-label': t('popup_accounts_label') })
      )}
      <div
        ref={end}
        class="list-end"
        style={{ height: `${(rows.length - Math.min(limit, rows.length)) * ROW_HEIGHT}px` }}
        aria-hidden="true"
      />
    </div>
  );
}
