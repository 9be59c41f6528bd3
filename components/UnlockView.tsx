import { useEffect, useRef, useState } from 'preact/hooks';
import { Brand } from './Brand';
import { failureOf } from './errors';
import { Field } from './Field';

/** The vault exists but is locked: ask for the master password. */
export function UnlockView({ onUnlock }: { onUnlock: (password: string) => Promise<void> }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy || password === '') {
      if (password === '') setError('Type your master password.');
      return;
    }
    setError('');
    setBusy(true);
    try {
      await onUnlock(password);
    } catch (err) {
      setError(failureOf(err).message);
      setBusy(false);
      input.current?.focus();
      input.current?.select();
    }
  }

  return (
    <main class="screen screen-center">
      <Brand subtitle="Your vault is locked." />
      <form id="unlock" class="stack" onSubmit={submit} aria-busy={busy} noValidate>
        <Field id="password" label="Master password">
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
          {busy ? 'Unlocking…' : 'Unlock'}
        </button>
      </form>
    </main>
  );
}
