import { useState } from 'preact/hooks';
import { t, tn } from '../lib/i18n/translate';
import { Field } from './Field';
import { MIN_PASSWORD_LENGTH } from './password-strength';
import { StrengthMeter } from './StrengthMeter';
import { SubmitResult } from './SubmitResult';
import { useSubmit } from './use-submit';

/** What a password change came to, beyond succeeding. */
export interface PasswordChanged {
  /**
   * Passkeys or security keys still unlock the vault (or whether any do is unknown): they wrap the same vault key,
   * which a password change keeps (docs/vault-format.md "Operations"), so the person is told to review them.
   */
  keysStillUnlock: boolean;
}

/** Change the master password: the current one, then the new one twice. */
export function ChangePasswordForm({
  onChange,
}: {
  onChange(current: string, next: string): Promise<PasswordChanged>;
}) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const { busy, result, run, done, fail, clear } = useSubmit();

  function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    clear();
    if (current === '') return fail(t('add_change_current_empty'));
    if (next.length < MIN_PASSWORD_LENGTH) return fail(tn('add_password_too_short', MIN_PASSWORD_LENGTH));
    if (next !== confirm) return fail(t('add_password_mismatch'));
    void run(async () => {
      const { keysStillUnlock } = await onChange(current, next);
      setCurrent('');
      setNext('');
      setConfirm('');
      done(keysStillUnlock ? `${t('add_change_done')} ${t('prfui_change_keys_still_unlock')}` : t('add_change_done'));
    });
  }

  return (
    <form id="password-form" class="stack" onSubmit={submit} aria-busy={busy} noValidate>
      <Field id="current-password" label={t('add_change_current_label')}>
        <input
          id="current-password"
          type="password"
          autocomplete="current-password"
          value={current}
          onInput={(e) => setCurrent(e.currentTarget.value)}
        />
      </Field>
      <Field id="next-password" label={t('add_change_new_label')}>
        <input
          id="next-password"
          type="password"
          autocomplete="new-password"
          value={next}
          onInput={(e) => setNext(e.currentTarget.value)}
        />
      </Field>
      {next !== '' && <StrengthMeter id="next-strength" password={next} />}
      <Field id="next-password-confirm" label={t('add_change_repeat_label')}>
        <input
          id="next-password-confirm"
          type="password"
          autocomplete="new-password"
          value={confirm}
          onInput={(e) => setConfirm(e.currentTarget.value)}
        />
      </Field>
      <SubmitResult id="password-result" result={result} />
      <button type="submit" disabled={busy}>
        {busy ? t('add_changing') : t('add_change_button')}
      </button>
    </form>
  );
}
