/** @jsxImportSource react */
// The `react` variant: the code step as a real React 19 app (react-dom/client). The input is controlled: its value
// is React state, set by onChange (React's synthetic change event, fired by the native `input` event), and the
// form submits the STATE with fetch, so a fill React never heard of is lost, as on real React sign-in pages.
import { type FormEvent, useState } from 'react';
import { createRoot } from 'react-dom/client';

function ReactTwoFactorForm({ digits }: { digits: number }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/2fa', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ variant: 'react', code }),
      });
      const body = (await res.json()) as { ok: boolean; redirect?: string; error?: string };
      if (body.ok && body.redirect) {
        location.assign(body.redirect);
        return;
      }
      setError(body.error ?? 'Invalid code');
    } catch {
      setError('Network error, try again');
    }
    setBusy(false);
  }

  return (
    <div className="react-app">
      <h1>Two-factor authentication</h1>
      <p id="instructions">Enter the {digits}-digit code from your authenticator app</p>
      {error && (
        <p role="alert" id="error">
          {error}
        </p>
      )}
      <form onSubmit={onSubmit}>
        <label htmlFor="react-code">Authentication code</label>
        <input
          id="react-code"
          name="code"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={digits}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy}>
          Verify
        </button>
      </form>
      <p className="muted">
        <a href="/2fa?variant=recovery">Use a recovery code instead</a>
      </p>
    </div>
  );
}

const root = document.getElementById('root');
if (root) {
  const digits = Number(root.dataset.digits) || 6;
  // Rendered after a short delay, like an app that loads its configuration first.
  setTimeout(() => createRoot(root).render(<ReactTwoFactorForm digits={digits} />), 300);
}
