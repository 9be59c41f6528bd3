import { useRef, useState } from 'preact/hooks';
import { t, tn } from '../lib/i18n/translate';
import { Brand } from './Brand';
import { Field } from './Field';
import { MIN_PASSWORD_LENGTH } from './password-strength';
import { StrengthMeter } from './StrengthMeter';
import { useSubmit } from './use-submit';

/** First run: choose the master password that encrypts the vault. */
export function SetupView({ onCreate }: { onCreate(password: string): Promise<void> }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const newRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  // A check names the field to fix ('new', 'confirm'); a failure of the creation itself names none.
  const field = (code: string | undefined) =>
    code === 'new' ? newRef.current : code === 'confirm' ? confirmRef.current : null;
  const { busy, failure, run, fail } = useSubmit({ focus: (f) => field(f.code) });
  const error = failure && { message: failure.message, field: failure.code };

  function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (password.length < MIN_PASSWORD_LENGTH) return fail(tn('add_password_too_short', MIN_PASSWORD_LENGTH), 'new');
    if (password !== confirm) return fail(t('add_password_mismatch'), 'confirm');
    void run(() => onCreate(password));
  }

  return (
    <main class="screen screen-center">
      <Brand subtitle={t('add_setup_subtitle')} />
      <form id="setup" class="stack" onSubmit={submit} aria-busy={busy} noValidate>
        <Field id="new-password" label={t('add_master_password_label')}>
          <input
            id="new-password"
            ref={newRef}
            type="password"
            autocomplete="new-password"
            value={password}
            aria-invalid={error?.field === 'new'}
            aria-describedby={error ? 'strength setup-error' : 'strength'}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        <StrengthMeter id="strength" password={password} />
        <Field id="confirm-password" label={t('add_setup_repeat_label')}>
          <input
            id="confirm-password"
            ref={confirmRef}
            type="password"
            autocomplete="new-password"
            value={confirm}
            aria-invalid={error?.field === 'confirm'}
            aria-describedby={error ? 'setup-error' : undefined}
            onInput={(e) => setConfirm(e.currentTarget.value)}
          />
        </Field>
        {error && (
          <p id="setup-error" class="error" role="alert">
            {error.message}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('add_setup_creating') : t('add_setup_create_button')}
        </button>
      </form>
    </main>
  );
}
