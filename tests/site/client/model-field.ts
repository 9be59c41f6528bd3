// The `model` variant: an Angular-style controlled input without a framework. The value lives in a model object;
// the input listener only schedules a "change detection" turn (a macrotask, as zone.js runs it after the event's
// task), which copies the DOM value into the model and then writes the model back into the input on the next
// animation frame (its own schedule). The form submits the MODEL with fetch, so a submit in the same task as the
// fill sends an empty code, as Angular's template-driven forms do when the value has not been taken yet.

interface Model {
  code: string;
}

function mount(root: HTMLElement, digits: number): void {
  const model: Model = { code: '' };
  root.innerHTML = `
    <div class="model-app">
      <h1>Two-factor authentication</h1>
      <p id="instructions">Enter the ${digits}-digit code from your authenticator app</p>
      <p role="alert" id="error" hidden></p>
      <form id="model-form" novalidate>
        <label for="model-code">Authentication code</label>
        <input id="model-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="${digits}">
        <button type="submit">Verify</button>
      </form>
      <p class="muted"><a href="/2fa?variant=recovery">Use a recovery code instead</a></p>
    </div>`;
  const input = root.querySelector<HTMLInputElement>('#model-code');
  const form = root.querySelector<HTMLFormElement>('#model-form');
  const error = root.querySelector<HTMLElement>('#error');
  if (!input || !form || !error) return;

  const writeBack = () => {
    if (input.value !== model.code) input.value = model.code;
  };
  input.addEventListener('input', () => {
    setTimeout(() => {
      model.code = input.value.replace(/\s+/g, '');
      requestAnimationFrame(writeBack);
    }, 0);
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.hidden = true;
    const res = await fetch('/api/2fa', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ variant: 'model', code: model.code }),
    }).catch(() => undefined);
    const body = res ? ((await res.json()) as { ok: boolean; redirect?: string; error?: string }) : undefined;
    if (body?.ok && body.redirect) {
      location.assign(body.redirect);
      return;
    }
    error.textContent = body?.error ?? 'Network error, try again';
    error.hidden = false;
  });
}

const root = document.getElementById('root');
if (root) setTimeout(() => mount(root, Number(root.dataset.digits) || 6), 300);
