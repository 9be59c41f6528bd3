// The `late` variant: a real Preact app that mounts 400 ms after load and owns
// its input as state (a controlled component). Submitting sends the STATE, not
// the DOM value, so a fill that skips input events is lost, as on real SPAs.
import { render } from 'preact';
import { useState } from 'preact/hooks';

function LateTwoFactorForm({ digits }: { digits: number }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/2fa', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ variant: 'late', code }),
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
    <div class="late-app">
      <h1>Two-factor authentication</h1>
      <p id="instructions">Enter the {digits}-digit code from your authenticator app</p>
      {error && (
        <p role="alert" id="error">
          {error}
        </p>
      )}
      <form onSubmit={onSubmit}>
        <label for="late-code">Authentication code</label>
        <input
          id="late-code"
          name="code"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={digits}
          value={code}
          onInput={(e) => setCode(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy}>
          Verify
        </button>
      </form>
      <p class="muted">
        <a href="/2fa?variant=recovery">Use a recovery code instead</a>
      </p>
    </div>
  );
}

const root = document.getElementById('root');
if (root) {
  const digits = Number(root.dataset.digits) || 6;
  // Mimics an app that fetches config/translations before showing the form.
  setTimeout(() => render(<LateTwoFactorForm digits={digits} />, root), 400);
}
