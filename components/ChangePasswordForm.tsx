import { useState } from 'preact/hooks';
import { failureOf } from './errors';
import { Field } from './Field';
import { MIN_PASSWORD_LENGTH } from './password-strength';
import { StrengthMeter } from './StrengthMeter';

/** Change the master password: the current one, then the new one twice. */
export function ChangePasswordForm({ onChange }: { onChange(current: string, next: string): Promise<void> }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [result, setResult] = useState<{ ok: boolean; message: string }>();
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setResult(undefined);
    if (current === '') return setResult({ ok: false, message: 'Type your current password.' });
    if (next.length < MIN_PASSWORD_LENGTH)
      return setResult({ ok: false, message: `Use at least ${MIN_PASSWORD_LENGTH} characters.` });
    if (next !== confirm) return setResult({ ok: false, message: 'The passwords do not match.' });
    setBusy(true);
    try {
      await onChange(current, next);
      setCurrent('');
      setNext('');
      setConfirm('');
      setResult({ ok: true, message: 'Password changed. Use the new one from now on.' });
    } catch (err) {
      setResult({ ok: false, message: failureOf(err).message });
    }
    setBusy(false);
  }

  return (
    <form id="password-form" class="stack" onSubmit={submit} aria-busy={busy} noValidate>
      <Field id="current-password" label="Current password">
        <input
          id="current-password"
          type="password"
          autocomplete="current-password"
          value={current}
          onInput={(e) => setCurrent(e.currentTarget.value)}
        />
      </Field>
      <Field id="next-password" label="New password">
        <input
          id="next-password"
          type="password"
          autocomplete="new-password"
          value={next}
          onInput={(e) => setNext(e.currentTarget.value)}
        />
      </Field>
      {next !== '' && <StrengthMeter id="next-strength" password={next} />}
      <Field id="next-password-confirm" label="Repeat new password">
        <input
          id="next-password-confirm"
          type="password"
          autocomplete="new-password"
          value={confirm}
          onInput={(e) => setConfirm(e.currentTarget.value)}
        />
      </Field>
      {result && (
        <p id="password-result" class={result.ok ? 'success' : 'error'} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Changing password…' : 'Change password'}
      </button>
    </form>
  );
}
