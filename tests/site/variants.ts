// The second-factor pages, one per variant. Each copies a markup pattern found
// on real sites so the extension's detection and filling meet the same traps.
import { errorAlert, type Html, html, jsonForScript, layout, raw } from './html';
import { LATE_SHOWN_BODIES, LATE_SHOWN_DESCRIPTIONS, LATE_SHOWN_VARIANTS } from './late-shown';
import type { Variant } from './types';

export const VARIANTS: readonly Variant[] = [
  'plain',
  'autocomplete',
  'segmented',
  'late',
  'shadow',
  'iframe',
  'xorigin',
  'recovery',
  'sms',
  'react',
  'vue',
  'model',
  ...LATE_SHOWN_VARIANTS,
  'dual',
];

export const VARIANT_DESCRIPTIONS: Readonly<Record<Variant, string>> = {
  plain: 'One text field with a label and no autocomplete hint.',
  autocomplete: 'One field marked autocomplete="one-time-code".',
  segmented: 'Six one-digit boxes that auto-advance; a hidden field is filled on submit.',
  late: 'A Preact app renders a controlled input 400 ms after load and submits with fetch.',
  shadow: 'The form lives in the open shadow root of a <otp-form> custom element.',
  iframe: 'The form is in a same-origin iframe.',
  xorigin: 'The form is in an iframe served from another origin (a second port).',
  recovery: 'Recovery-code entry; must NOT receive a TOTP code.',
  sms: 'An SMS code page; must NOT receive a TOTP code. The "texted" code is at /__test/last-sms?username=alice.',
  react: 'A React 19 app renders a controlled input 300 ms after load and submits its state with fetch.',
  vue: 'A Vue 3 app renders a model-bound input 300 ms after load and submits its ref with fetch.',
  model:
    'An Angular-style model: the input is copied into a model a task later and written back on a frame; the model is submitted.',
  ...LATE_SHOWN_DESCRIPTIONS,
  dual: 'MediaWiki OATHAuth style: one field takes the TOTP code or an unused recovery code.',
};

export function isVariant(v: unknown): v is Variant {
  return typeof v === 'string' && (VARIANTS as readonly string[]).includes(v);
}

export interface TwoFactorPage {
  variant: Variant;
  digits: number;
  error?: string | null;
  /** For `xorigin`: absolute URL of the cross-origin frame. */
  frameSrc?: string;
}

const TITLE = 'Two-factor authentication';

const heading = html`<h1>${TITLE}</h1>`;
const instructions = (digits: number) =>
  html`<p id="instructions">Enter the ${digits}-digit code from your authenticator app</p>`;
const recoveryLink = html`<p class="muted"><a href="/2fa?variant=recovery">Use a recovery code instead</a></p>`;

/** The whole /2fa?variant=... document. */
export function twoFactorPage(p: TwoFactorPage): string {
  return layout({ title: TITLE, body: BODIES[p.variant](p) });
}

const BODIES: Record<Variant, (p: TwoFactorPage) => Html> = {
  plain: (p) => html`${heading}${instructions(p.digits)}${errorAlert(p.error)}
<form method="post" action="/2fa?variant=plain">
  <label for="code">Authentication code</label>
  <input type="text" id="code" name="code" inputmode="numeric">
  <button type="submit">Verify</button>
</form>
${recoveryLink}`,

  autocomplete: (p) => html`${heading}${instructions(p.digits)}${errorAlert(p.error)}
<form method="post" action="/2fa?variant=autocomplete">
  <label for="otp">Verification code</label>
  <input type="text" id="otp" name="otp" autocomplete="one-time-code" inputmode="numeric" maxlength="${p.digits}">
  <button type="submit">Verify</button>
</form>
${recoveryLink}`,

  segmented: (p) => html`${heading}${instructions(p.digits)}${errorAlert(p.error)}
<form method="post" action="/2fa?variant=segmented" id="segmented-form">
  <div class="otp-boxes" role="group" aria-label="Verification code">
    ${Array.from(
      { length: p.digits },
      (_, i) =>
        html`<input class="otp-box" type="text" maxlength="1" inputmode="numeric" aria-label="Digit ${i + 1}" autocomplete="${i === 0 ? 'one-time-code' : 'off'}">`,
    )}
  </div>
  <input type="hidden" name="code">
  <button type="submit">Verify</button>
</form>
${recoveryLink}
<script>${raw(SEGMENTED_SCRIPT)}</script>`,

  // The page ships only a mount point; everything else is rendered by the
  // Preact bundle after a delay, like a real single-page app.
  late: (p) => html`<div id="root" data-digits="${p.digits}"></div>
<script src="/static/late-field.js"></script>`,

  // Framework builds of the same step (their controlled inputs must take a fill): a mount point and the bundle, as
  // `late` does.
  react: (p) => html`<div id="root" data-digits="${p.digits}"></div>
<script src="/static/react-field.js"></script>`,
  vue: (p) => html`<div id="root" data-digits="${p.digits}"></div>
<script src="/static/vue-field.js"></script>`,
  model: (p) => html`<div id="root" data-digits="${p.digits}"></div>
<script src="/static/model-field.js"></script>`,

  shadow: (p) => html`${heading}${errorAlert(p.error)}
<otp-form data-digits="${p.digits}"></otp-form>
${recoveryLink}
<script>${raw(SHADOW_SCRIPT)}</script>`,

  iframe: () => html`${heading}
<iframe id="twofactor-frame" title="${TITLE}" src="/frame/2fa"></iframe>
${recoveryLink}`,

  // The frame carries a token, not our cookie; on success it navigates the top
  // window itself to /welcome?token=... (see frameSuccessPage).
  xorigin: (p) => html`${heading}
<iframe id="twofactor-frame" title="${TITLE}" src="${p.frameSrc ?? ''}"></iframe>
${recoveryLink}`,

  recovery: (p) => html`${heading}
<h2>Use a recovery code</h2>
<p id="instructions">Enter one of your recovery codes</p>
${errorAlert(p.error)}
<form method="post" action="/2fa?variant=recovery">
  <label for="recovery_code">Recovery code</label>
  <input type="text" id="recovery_code" name="recovery_code" autocomplete="off" placeholder="xxxx-xxxx">
  <button type="submit">Verify</button>
</form>
<p class="muted"><a href="/2fa?variant=plain">Use your authenticator app instead</a></p>`,

  // MediaWiki's OATHAuth sign-in step (the `dual` kind of docs/detection.md): one field,
  // "Two-factor token or recovery code".
  dual: (p) => html`${heading}
<p id="instructions">Enter the code from your authenticator app, or one of your recovery codes</p>
${errorAlert(p.error)}
<form method="post" action="/2fa?variant=dual">
  <label for="wpOATHToken">Two-factor token or recovery code</label>
  <input type="text" id="wpOATHToken" name="OATHToken" autocomplete="one-time-code" spellcheck="false">
  <button type="submit">Continue login</button>
</form>`,

  sms: (p) => html`${heading}
<p id="instructions">We sent a code to your phone ending in 42</p>
${errorAlert(p.error)}
<form method="post" action="/2fa?variant=sms">
  <label for="sms-code">Text message code</label>
  <input type="text" id="sms-code" name="code" autocomplete="one-time-code" inputmode="numeric" maxlength="6">
  <button type="submit">Verify</button>
</form>
<p class="muted"><a href="/2fa?variant=sms">Send a new code</a></p>`,

  ...LATE_SHOWN_BODIES,
};

/** The document inside the iframe (same-origin) or xorigin frame. */
export function framePage(p: { action: string; digits: number; error?: string | null; expired?: boolean }): string {
  const body = p.expired
    ? html`<p role="alert" id="error">This verification link has expired. Sign in again.</p>`
    : html`${instructions(p.digits)}${errorAlert(p.error)}
<form method="post" action="${p.action}">
  <label for="code">Authentication code</label>
  <input type="text" id="code" name="code" autocomplete="one-time-code" inputmode="numeric" maxlength="${p.digits}">
  <button type="submit">Verify</button>
</form>`;
  return layout({ title: TITLE, body, bare: true });
}

/**
 * Shown in the frame after a good code: navigate the top window on. For the
 * cross-origin frame this works without a user gesture only because both
 * servers are on 127.0.0.1 (same site); Chrome blocks it for cross-site frames.
 */
export function frameSuccessPage(p: { continueUrl: string }): string {
  const body = html`<p id="verified">Verified. <a href="${p.continueUrl}" target="_top">Continue</a></p>
<script>top.location = ${jsonForScript(p.continueUrl)};</script>`;
  return layout({ title: TITLE, body, bare: true });
}

// Typical "OTP boxes" behaviour: one digit per box, focus moves on, Backspace
// moves back, a pasted or autofilled whole code is spread over the boxes. The
// server only sees the hidden `code` field, filled at submit time.
const SEGMENTED_SCRIPT = `
(() => {
  const form = document.getElementById('segmented-form');
  const boxes = Array.from(form.querySelectorAll('.otp-box'));
  const hidden = form.querySelector('input[name=code]');
  const spread = (from, text) => {
    const digits = text.replace(/\\D/g, '').split('');
    let i = from;
    for (const d of digits) {
      if (i >= boxes.length) break;
      boxes[i++].value = d;
    }
    boxes[Math.min(i, boxes.length - 1)].focus();
  };
  boxes.forEach((box, i) => {
    box.addEventListener('focus', () => box.select());
    box.addEventListener('input', () => {
      const v = box.value.replace(/\\D/g, '');
      if (v.length > 1) return spread(i, v);
      box.value = v;
      if (v && i < boxes.length - 1) boxes[i + 1].focus();
    });
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Backspace' && !box.value && i > 0) {
        e.preventDefault();
        boxes[i - 1].value = '';
        boxes[i - 1].focus();
      }
    });
    box.addEventListener('paste', (e) => {
      e.preventDefault();
      spread(i, e.clipboardData ? e.clipboardData.getData('text') : '');
    });
  });
  form.addEventListener('submit', () => {
    hidden.value = boxes.map((b) => b.value).join('');
  });
})();
`;

// A self-contained web component; the form (and its text) sit in an open
// shadow root, out of reach of document.querySelector.
const SHADOW_SCRIPT = `
customElements.define('otp-form', class extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) return;
    const digits = Number(this.dataset.digits) || 6;
    const root = this.attachShadow({ mode: 'open' });
    root.innerHTML = \`
      <style>
        label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
        input { font: inherit; padding: .5rem; border: 1px solid #9ca3af; border-radius: .375rem; width: 100%; box-sizing: border-box; }
        button { font: inherit; margin-top: 1rem; padding: .55rem 1.2rem; border: 0; border-radius: .375rem; background: #2563eb; color: #fff; }
      </style>
      <p id="instructions">Enter the \${digits}-digit code from your authenticator app</p>
      <form method="post" action="/2fa?variant=shadow">
        <label for="code">Authentication code</label>
        <input type="text" id="code" name="code" autocomplete="one-time-code" inputmode="numeric" maxlength="\${digits}">
        <button type="submit">Verify</button>
      </form>\`;
  }
});
`;
