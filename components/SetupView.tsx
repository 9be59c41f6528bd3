import { useRef, useState } from 'preact/hooks';
import { t, tn } from '../lib/i18n/translate';
import { Brand } from './Brand';
import { Field } from './Field';
import { MIN_PASSWORD_LENGTH } from './password-strength';
import { StrengthMeter } from './StrengthMeter';
import { useSubmit } from './use-submit';

/** What a check of the two fields finds: the field to fix and why, or nothing. */
function problemOf(password: string, confirm: string): { field: 'new' | 'confirm'; message: string } | undefined {
  if (password.length < MIN_PASSWORD_LENGTH)
    return { field: 'new', message: tn('add_password_too_short', MIN_PASSWORD_LENGTH) };
  if (password !== confirm) return { field: 'confirm', message: t('add_password_mismatch') };
  return undefined;
}

/**
 * The form that chooses the master password, for the popup's setup screen and the first-run tab. A check's error
 * goes away as soon as the field it names is right (it must not linger under a password that is now valid).
 */
export function SetupForm({ onCreate }: { onCreate(password: string): Promise<void> }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const newRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  // A check names the field to fix ('new', 'confirm'); a failure of the creation itself names none.
  const field = (code: string | undefined) =>
    code === 'new' ? newRef.current : code === 'confirm' ? confirmRef.current : null;
  const { busy, failure, run, fail, clear } = useSubmit({ focus: (f) => field(f.code) });
  const error = failure && { message: failure.message, field: failure.code };

  /** After an edit: the check's error stays only while the field it named is still wrong. */
  function edited(nextPassword: string, nextConfirm: string) {
    if (failure?.code !== 'new' && failure?.code !== 'confirm') return;
    if (problemOf(nextPassword, nextConfirm)?.field !== failure.code) clear();
  }

  function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const problem = problemOf(password, confirm);
    if (problem) return fail(problem.message, problem.field);
    void run(() => onCreate(password));
  }

  return (
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
          onInput={(e) => {
            setPassword(e.currentTarget.value);
            edited(e.currentTarget.value, confirm);
          }}
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
          onInput={(e) => {
            setConfirm(e.currentTarget.value);
            edited(password, e.currentTarget.value);
          }}
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
  );
}

/** First run in the popup: choose the master password that encrypts the vault. */
export function SetupView({ onCreate }: { onCreate(password: string): Promise<void> }) {
  return (
    <main class="screen screen-center">
      <Brand subtitle={t('add_setup_subtitle')} />
      <SetupForm onCreate={onCreate} />
    </main>
  );
}
