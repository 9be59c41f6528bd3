import { memo } from 'preact/compat';
import { t } from '../lib/i18n/translate';
import type { AccountView } from '../lib/vault/view';
import { displayName, groupCode } from './account-order';
import { BrandIcon } from './BrandIcon';
import type { Clock } from './clock';
import { DownIcon, EditIcon, NextIcon, PinIcon, UpIcon } from './icons';
import { TimeLeft } from './TimeLeft';

/** A row's control that keeps focus after a move: its code, or one of its move buttons. */
export type RowFocus = 'code' | 'up' | 'down';

/** What a row can ask for; one stable object for the whole list, so rows can skip re-rendering. */
export interface RowActions {
  /** Copies the code of account `id` (the person used it: "Recently used" counts it). */
  copy(code: string, label: string, id: string): void;
  togglePin(id: string): void;
  /**
   * Moves the row one place; `refocus` is the control focus returns to once it moved ('code' for Alt+Up/Down, so
   * the key can be pressed again; the move button pressed otherwise).
   */
  move(id: string, step: -1 | 1, refocus?: RowFocus): void;
  /** A drag dropped account `id` just before (or `after`) `targetId`. */
  drop(id: string, targetId: string, after: boolean): void;
  edit(id: string): void;
  nextHotp(id: string): void;
  /** Fills the account's code into the code field of the tab the popup belongs to (`popup-fill`, docs/messages.md). */
  fill(id: string): void;
}

export interface HotpShown {
  code: string;
  counter: string;
}

export interface AccountRowProps {
  account: AccountView;
  /** TOTP/Steam: the current code (undefined if the secret could not be read). */
  code: string | undefined;
  /** HOTP: the last code the background handed out in this popup session. */
  hotp: HotpShown | undefined;
  canUp: boolean;
  canDown: boolean;
  clock: Clock;
  actions: RowActions;
  /** The tab has a code field of exactly this account's site: the row offers "Fill". */
  canFill?: boolean;
  /** Rows can be dragged into a new order: the row shows its grip. */
  draggable?: boolean;
}

function CodeButton({ id, code, label, actions }: { id: string; code: string; label: string; actions: RowActions }) {
  return (
    <button
      type="button"
      class={code.length > 6 ? 'code long' : 'code'}
      data-code={code}
      // The code as shown (WCAG 2.5.3 "label in name"): speech input users say what they see.
      aria-label={t('popup_copy_code_for', groupCode(code), label)}
      title={t('common_copy')}
      onClick={() => actions.copy(code, label, id)}
    >
      {groupCode(code)}
    </button>
  );
}

/** One account: who it is for, its code (click to copy), and its small actions. */
export const AccountRow = memo(function AccountRow({
  account,
  code,
  hotp,
  canUp,
  canDown,
  clock,
  actions,
  canFill = false,
  draggable = false,
}: AccountRowProps) {
  const label = displayName(account);
  const period = account.kind === 'steam' ? 30 : (account.period ?? 30);
  return (
    <li class="account" data-id={account.id} data-kind={account.kind} data-pinned={String(account.pinned)}>
      {draggable && (
        // The pointer's way to reorder; the keyboard's are the move buttons and Alt+Up/Down (AccountList.tsx).
        <span class="drag-handle" title={t('listui_drag')} aria-hidden="true" />
      )}
      <BrandIcon account={account} />
      <div class="who">
        {account.pinned && (
          <span class="pin-mark" aria-hidden="true">
            ★
          </span>
        )}
        <span class="issuer">{displayName(account)}</span>
        {account.issuer && account.account ? <span class="name">{account.account}</span> : null}
        {account.kind === 'hotp' && (
          <span class="counter">{`· ${t('popup_counter', hotp?.counter ?? account.counter ?? '0')}`}</span>
        )}
      </div>
      <div class="otp">
        {account.kind === 'hotp' ? (
          <>
            {hotp ? (
              <CodeButton id={account.id} code={hotp.code} label={label} actions={actions} />
            ) : (
              <span class="code-placeholder" aria-hidden="true">
                ••• •••
              </span>
            )}
            <button
              type="button"
              class="next"
              aria-label={t('popup_next_code_for', label)}
              onClick={() => actions.nextHotp(account.id)}
            >
              <NextIcon />
              <span>{t('popup_next_code')}</span>
            </button>
          </>
        ) : code === undefined ? (
          <span class="code-placeholder unreadable">
            <span aria-hidden="true">––––––</span>
            <span class="visually-hidden">{t('popup_code_unreadable')}</span>
          </span>
        ) : (
          <>
            <CodeButton id={account.id} code={code} label={label} actions={actions} />
            <TimeLeft clock={clock} period={period} />
          </>
        )}
        {canFill && (
          <button
            type="button"
            class="fill"
            aria-label={t('lifecycle_fill_label', label)}
            onClick={() => actions.fill(account.id)}
          >
            {t('lifecycle_fill')}
          </button>
        )}
      </div>
      <div class="row-actions">
        <button
          type="button"
          class={account.pinned ? 'pin icon-button pinned' : 'pin icon-button'}
          aria-pressed={account.pinned}
          aria-label={t('popup_pin_label', label)}
          title={account.pinned ? t('popup_unpin') : t('popup_pin_to_top')}
          onClick={() => actions.togglePin(account.id)}
        >
          <PinIcon filled={account.pinned} />
        </button>
        <button
          type="button"
          class="up icon-button"
          aria-label={t('popup_move_up_label', label)}
          title={t('popup_move_up')}
          disabled={!canUp}
          onClick={() => actions.move(account.id, -1)}
        >
          <UpIcon />
        </button>
        <button
          type="button"
          class="down icon-button"
          aria-label={t('popup_move_down_label', label)}
          title={t('popup_move_down')}
          disabled={!canDown}
          onClick={() => actions.move(account.id, 1)}
        >
          <DownIcon />
        </button>
        <button
          type="button"
          class="edit icon-button"
          aria-label={t('popup_edit_label', label)}
          title={t('common_edit')}
          onClick={() => actions.edit(account.id)}
        >
          <EditIcon />
        </button>
      </div>
    </li>
  );
});
