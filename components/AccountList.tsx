import type { JSX } from 'preact';
import { useRef } from 'preact/hooks';
import { t } from '../lib/i18n/translate';
import type { AccountView } from '../lib/vault/view';
import { AccountRow, type HotpShown, type RowActions } from './AccountRow';
import type { Clock } from './clock';
import { useProgressive } from './use-progressive';

export interface AccountListProps {
  /** The rows to show, in display order (already filtered). */
  accounts: readonly AccountView[];
  codeOf(account: AccountView): string | undefined;
  hotp: ReadonlyMap<string, HotpShown>;
  /** Whether each account can move up/down within its pinned group (computed on the full list). */
  movable: ReadonlyMap<string, { up: boolean; down: boolean }>;
  clock: Clock;
  actions: RowActions;
  /** Accounts whose code the popup can fill into the tab's code field (`popup-fill`, docs/messages.md). */
  fillable?: ReadonlySet<string>;
}

/** The focusable "code" control of each row: its code button, or for HOTP without one its next button. */
const CODE_TARGET = 'button.code, .account[data-kind="hotp"] button.next';

/** Up/Down move focus from row to row, landing on each row's code. */
function onKeyDown(e: JSX.TargetedKeyboardEvent<HTMLUListElement>) {
  if ((e.key !== 'ArrowDown' && e.key !== 'ArrowUp') || e.altKey || e.ctrlKey || e.metaKey) return;
  const row = (e.target as Element).closest('li.account');
  if (!row) return;
  const rows = Array.from(e.currentTarget.children);
  const next = rows[rows.indexOf(row) + (e.key === 'ArrowDown' ? 1 : -1)];
  if (!next) return;
  e.preventDefault();
  focusRowCode(next);
}

export function focusRowCode(row: Element): void {
  const target = row.querySelector<HTMLElement>(CODE_TARGET);
  target?.focus();
  target?.scrollIntoView({ block: 'nearest' });
}

const idOf = (a: AccountView) => a.id;

/** Estimated height of a row, to reserve the space of rows not rendered yet (keeps the scrollbar honest). */
const ROW_HEIGHT = 84;

export function AccountList({ accounts, codeOf, hotp, movable, clock, actions, fillable }: AccountListProps) {
  const end = useRef<HTMLDivElement>(null);
  const limit = useProgressive(accounts, idOf, end);
  const rows = limit < accounts.length ? accounts.slice(0, limit) : accounts;
  return (
    <>
      <ul id="accounts" aria-label={t('popup_accounts_label')} onKeyDown={onKeyDown}>
        {rows.map((a) => {
          const m = movable.get(a.id);
          return (
            <AccountRow
              key={a.id}
              account={a}
              code={codeOf(a)}
              hotp={hotp.get(a.id)}
              canUp={m?.up ?? false}
              canDown={m?.down ?? false}
              clock={clock}
              actions={actions}
              canFill={fillable?.has(a.id) ?? false}
            />
          );
        })}
      </ul>
      <div
        ref={end}
        class="list-end"
        style={{ height: `${(accounts.length - rows.length) * ROW_HEIGHT}px` }}
        aria-hidden="true"
      />
    </>
  );
}
