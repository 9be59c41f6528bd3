import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../lib/i18n/translate';
import { Brand } from './Brand';
import { Field } from './Field';
import { useSubmit } from './use-submit';

/** The vault exists but is locked: ask for the master password. */
export function UnlockView({ onUnlock }: { onUnlock(password: string): Promise<void> }) {
  const [password, setPassword] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const { busy, failure, run, fail } = useSubmit({ focus: () => input.current, select: true });
  const error = failure?.message ?? '';

  useEffect(() => input.current?.focus(), []);

  function submit(e: Event) {
    e.preventDefault();
    if (password === '') return fail(t('add_unlock_empty'));
    void run(() => onUnlock(password));
  }

  return (
    <main class="screen screen-center">
      <Brand subtitle={t('add_unlock_subtitle')} />
      <form id="unlock" class="stack" onSubmit={submit} aria-busy={busy} noValidate>
        <Field id="password" label={t('add_master_password_label')}>
          <input
            id="password"
            ref={input}
            type="password"
            autocomplete="current-password"
            // biome-ignore lint/a11y/noAutofocus: the only thing to do on this screen is type the password
            autoFocus
            value={password}
            aria-invalid={error !== ''}
            aria-describedby={error ? 'unlock-error' : undefined}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        {error && (
          <p id="unlock-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('add_unlocking') : t('add_unlock_button')}
        </button>
      </form>
    </main>
  );
}
