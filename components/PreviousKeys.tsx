import { dateTime, type MessageKey, t, tn } from '../lib/i18n/translate';
import { HISTORY_KEEP_MS } from '../lib/vault/key-history';
import type { AccountView, PreviousKeyView } from '../lib/vault/view';
import { useSubmit } from './use-submit';

const KIND_NAMES: Record<AccountView['kind'], MessageKey> = {
  totp: 'popup_kind_totp',
  hotp: 'popup_kind_hotp',
  steam: 'popup_kind_steam',
};

/** "Time-based (TOTP) · SHA1 · 6 digits · 30 s": how the previous key made its codes. */
function describe(k: PreviousKeyView): string {
  let out = t(KIND_NAMES[k.kind]);
  if (k.kind !== 'steam' && k.algorithm) out += ` · ${k.algorithm} · ${tn('popup_edit_digits', k.digits ?? 6)}`;
  if (k.kind === 'totp') out += ` · ${t('popup_seconds_short', k.period ?? 30)}`;
  return out;
}

/**
 * The Edit view's "Previous keys": keys a re-enrolment replaced, kept 30 days
 * (docs/vault-format.md "Previous keys"), each with "Restore". Nothing is shown when there are none.
 */
export function PreviousKeys({
  keys,
  now,
  onRestore,
}: {
  keys: readonly PreviousKeyView[] | undefined;
  /** The clock's time when the view was drawn: older keys are no longer kept, so not offered. */
  now: number;
  onRestore(replacedAt: number): Promise<void>;
}) {
  const { busy, failure, run } = useSubmit();
  const kept = (keys ?? []).filter((k) => now - k.replacedAt < HISTORY_KEEP_MS);
  if (kept.length === 0) return null;
  return (
    <fieldset class="group" id="previous-keys">
      <legend>{t('reenrol_previous_keys')}</legend>
      <p class="hint">{t('reenrol_previous_hint')}</p>
      <ul id="previous-key-list">
        {kept.map((k) => (
          <li key={k.replacedAt} class="previous-key" data-replaced-at={k.replacedAt}>
            <span>
              {t('reenrol_previous_replaced', dateTime(k.replacedAt))}
              <span class="hint"> · {describe(k)}</span>
            </span>
            <button
              type="button"
              class="restore-key"
              disabled={busy}
              aria-label={t('reenrol_restore_label', dateTime(k.replacedAt))}
              onClick={() => void run(() => onRestore(k.replacedAt))}
            >
              {t('reenrol_restore')}
            </button>
          </li>
        ))}
      </ul>
      {failure && (
        <p class="error" role="alert">
          {failure.message}
        </p>
      )}
    </fieldset>
  );
}
