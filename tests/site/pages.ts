// Pages outside the 2FA step: index, password login, signup, welcome.
import { errorAlert, html, layout, SITE_NAME } from './html';
import type { Variant } from './types';
import { VARIANT_DESCRIPTIONS, VARIANTS } from './variants';

export interface DemoAccount {
  username: string;
  password: string;
  secret: string | null;
  /** e.g. "SHA1, 6 digits, 30 s" */
  params: string;
  /** Unused ones only. */
  recoveryCodes: string[];
  qrDataUrl: string | null;
}

export function indexPage(p: { accounts: DemoAccount[]; crossOrigin: string }): string {
  const body = html`<h1>${SITE_NAME}</h1>
<p>A local site for trying Twofold by hand and in tests. Each link below signs in with a password and then
shows one kind of second-factor page. Codes are checked on the server with the <code>otpauth</code> package
(±1 period).</p>
<h2>Second-factor variants</h2>
<table id="variants">
  <tr><th>Variant</th><th>What it tests</th></tr>
  ${VARIANTS.map(
    (v) =>
      html`<tr><td><a href="/login?variant=${v}" data-variant="${v}">${v}</a></td><td>${VARIANT_DESCRIPTIONS[v]}</td></tr>`,
  )}
</table>
<h2>Enrolment</h2>
<p><a href="/signup" id="signup-link">Create an account</a> and then <a href="/enrol" id="enrol-link">set up two-factor
authentication</a> (scan the QR code, enter a code, get recovery codes).</p>
<h2>Demo accounts</h2>
${p.accounts.map(
  (a) => html`<table class="account">
  <tr><th>Username</th><td><code>${a.username}</code></td></tr>
  <tr><th>Password</th><td><code>${a.password}</code></td></tr>
  <tr><th>Secret</th><td>${a.secret ? html`<code>${a.secret}</code> (${a.params})` : 'none (2FA not set up)'}</td></tr>
  ${a.recoveryCodes.length ? html`<tr><th>Recovery codes</th><td>${a.recoveryCodes.map((c) => html`<code>${c}</code> `)}</td></tr>` : null}
  ${a.qrDataUrl ? html`<tr><th>QR</th><td><img alt="QR code for ${a.username}" width="160" height="160" src="${a.qrDataUrl}"></td></tr>` : null}
</table>`,
)}
<p class="muted">The cross-origin frame for the <code>xorigin</code> variant is served from ${p.crossOrigin}.</p>`;
  return layout({ title: 'Home', body, wide: true });
}

export function loginPage(p: { action: string; username?: string; error?: string | null }): string {
  const body = html`<h1>Sign in</h1>
${errorAlert(p.error)}
<form method="post" action="${p.action}">
  <label for="username">Username</label>
  <input id="username" name="username" autocomplete="username" value="${p.username ?? ''}">
  <label for="password">Password</label>
  <input type="password" id="password" name="password" autocomplete="current-password">
  <button type="submit">Sign in</button>
</form>
<p class="muted">No account? <a href="/signup">Create one</a>.</p>`;
  return layout({ title: 'Sign in', body });
}

export function signupPage(p: { username?: string; error?: string | null }): string {
  const body = html`<h1>Create an account</h1>
${errorAlert(p.error)}
<form method="post" action="/signup">
  <label for="username">Username</label>
  <input id="username" name="username" autocomplete="username" value="${p.username ?? ''}">
  <label for="password">Password</label>
  <input type="password" id="password" name="password" autocomplete="new-password">
  <button type="submit">Create account</button>
</form>`;
  return layout({ title: 'Create an account', body });
}

export function welcomePage(username: string): string {
  const body = html`<h1 id="welcome">Signed in as ${username}</h1>
<p>You're in. <a id="reset-2fa" href="/enrol">Reset two-factor</a> · <a href="/logout">Sign out</a></p>`;
  return layout({ title: 'Welcome', body });
}

export function crossIndexPage(origin: string): string {
  const body = html`<h1>${SITE_NAME}: frame host</h1>
<p id="cross-origin">This origin only serves the cross-origin 2FA frame of the <code>xorigin</code> variant.
The site itself is at <a href="${origin}/">${origin}</a>.</p>`;
  return layout({ title: 'Frame host', body });
}

export function loginAction(variant: Variant | null): string {
  return variant ? `/login?variant=${variant}` : '/login';
}
