// Second-factor pages whose code field is in the page from the start but hidden, and shown only when the
// person presses something (as real sites do: Tiny Tiny RSS's enrolment pane, settings tabs, "Use your
// authenticator app" disclosures, modal dialogs). Each page reveals the field a different way, so the
// watcher must notice attribute and class changes, not only added inputs.
import { errorAlert, type Html, html, raw } from './html';

export const LATE_SHOWN_VARIANTS = ['pane-hidden', 'pane-class', 'pane-details', 'pane-dialog', 'pane-tabs'] as const;

export type LateShownVariant = (typeof LATE_SHOWN_VARIANTS)[number];

export const LATE_SHOWN_DESCRIPTIONS: Readonly<Record<LateShownVariant, string>> = {
  'pane-hidden': 'The code field is in a pane with the hidden attribute; a button removes it.',
  'pane-class': 'The code pane is display:none until a button adds a class to an ancestor (a stylesheet rule).',
  'pane-details': 'The code field is inside a closed <details>; opening it shows the field.',
  'pane-dialog': 'The code field is in a <dialog> that a button opens with showModal().',
  'pane-tabs': 'Tabs (aria-selected, hidden panels): the code field is on the second tab.',
};

const codeForm = (
  variant: LateShownVariant,
  digits: number,
): Html => html`<p id="instructions">Enter the ${digits}-digit code from your authenticator app</p>
<form method="post" action="/2fa?variant=${variant}">
  <label for="code">Authentication code</label>
  <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="${digits}">
  <button type="submit">Verify</button>
</form>`;

const intro = html`<h1>Two-factor authentication</h1>
<p id="choose">Choose how to confirm it is you.</p>`;

const REVEAL = (script: string) => html`<script>${raw(script)}</script>`;

/** The body of each page; `error` is shown inside the pane, which is then shown at once (as sites do). */
export const LATE_SHOWN_BODIES: Record<LateShownVariant, (p: { digits: number; error?: string | null }) => Html> = {
  'pane-hidden': (p) => html`${intro}
<button type="button" id="reveal">Use your authenticator app</button>
<section id="code-pane" ${raw(p.error ? '' : 'hidden')}>${errorAlert(p.error)}${codeForm('pane-hidden', p.digits)}</section>
${REVEAL(`document.getElementById('reveal').addEventListener('click', () => {
  document.getElementById('code-pane').removeAttribute('hidden');
});`)}`,

  // The class goes on an ancestor two levels up; only a stylesheet rule shows the pane (no inline style).
  'pane-class': (p) => html`<style>#panes:not(.show-code) .code-pane { display: none; }</style>
${intro}
<button type="button" id="reveal">Use your authenticator app</button>
<div id="panes" class="${p.error ? 'show-code' : ''}"><div class="code-pane">${errorAlert(p.error)}${codeForm('pane-class', p.digits)}</div></div>
${REVEAL(`document.getElementById('reveal').addEventListener('click', () => {
  document.getElementById('panes').classList.add('show-code');
});`)}`,

  'pane-details': (p) => html`${intro}
<details id="code-details" ${raw(p.error ? 'open' : '')}>
  <summary id="reveal">Use your authenticator app</summary>
  ${errorAlert(p.error)}${codeForm('pane-details', p.digits)}
</details>`,

  // A modal dialog makes the rest of the page inert and draws in the top layer, above any z-index.
  'pane-dialog': (p) => html`${intro}
<button type="button" id="reveal">Use your authenticator app</button>
<dialog id="code-dialog">${errorAlert(p.error)}${codeForm('pane-dialog', p.digits)}</dialog>
${REVEAL(`const dialog = document.getElementById('code-dialog');
document.getElementById('reveal').addEventListener('click', () => dialog.showModal());
${p.error ? 'dialog.showModal();' : ''}`)}`,

  'pane-tabs': (p) => html`${intro}
<div role="tablist" aria-label="Second factor">
  <button type="button" role="tab" id="tab-key" aria-controls="panel-key" aria-selected="${p.error ? 'false' : 'true'}">Security key</button>
  <button type="button" role="tab" id="reveal" aria-controls="panel-app" aria-selected="${p.error ? 'true' : 'false'}">Authenticator app</button>
</div>
<div role="tabpanel" id="panel-key" aria-labelledby="tab-key" ${raw(p.error ? 'hidden' : '')}><p>Insert your security key and touch it.</p></div>
<div role="tabpanel" id="panel-app" aria-labelledby="reveal" ${raw(p.error ? '' : 'hidden')}>${errorAlert(p.error)}${codeForm('pane-tabs', p.digits)}</div>
${REVEAL(`for (const tab of document.querySelectorAll('[role=tab]')) {
  tab.addEventListener('click', () => {
    for (const t of document.querySelectorAll('[role=tab]')) {
      t.setAttribute('aria-selected', String(t === tab));
      document.getElementById(t.getAttribute('aria-controls')).hidden = t !== tab;
    }
  });
}`)}`,
};
