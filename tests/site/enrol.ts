// Enrolment ("set up two-factor authentication") pages: QR code, manual key,
// confirmation code, then recovery codes. The same pages reset two-factor for a
// user who has it (a new secret, which replaces the old one once confirmed).
import { Secret } from 'otpauth';
import QRCode from 'qrcode';
import { errorAlert, html, layout, SITE_NAME } from './html';
import type { Algorithm } from './types';

/** A fresh random 160-bit secret, as most sites issue. */
export function newSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export interface TotpParams {
  algorithm: Algorithm;
  digits: number;
  period: number;
}

/** What enrolment issues. */
export const ENROL_PARAMS: Readonly<TotpParams> = { algorithm: 'SHA1', digits: 6, period: 30 };

/** Key URI in the shape most sites use (issuer both in label and parameter). */
export function otpauthUri(username: string, secret: string, p: TotpParams = ENROL_PARAMS): string {
  const issuer = encodeURIComponent(SITE_NAME);
  return `otpauth://totp/${issuer}:${encodeURIComponent(username)}?secret=${secret}&issuer=${issuer}&algorithm=${p.algorithm}&digits=${p.digits}&period=${p.period}`;
}

export function qrDataUrl(uri: string): Promise<string> {
  return QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
}

/** Sites show the manual key in groups of four for readability. */
function groupKey(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

export async function enrolPage(p: {
  username: string;
  secret: string;
  error?: string | null;
  /** The user already has 2FA: this is a reset, and the old key works until the new one is enabled. */
  reset?: boolean;
}): Promise<string> {
  const qr = await qrDataUrl(otpauthUri(p.username, p.secret));
  const title = p.reset ? 'Reset two-factor authentication' : 'Set up two-factor authentication';
  const resetNote = p.reset
    ? html`<p id="reset-note">This replaces your current authenticator key. The old key keeps working until you enable the new one.</p>`
    : null;
  const body = html`<h1>${title}</h1>
${resetNote}
<p>Scan this QR code with your authenticator app.</p>
<img alt="QR code" width="240" height="240" src="${qr}">
<details>
  <summary>Can't scan? Enter this key</summary>
  <p>Account <code>${p.username}</code>, time-based, key:</p>
  <p><code id="secret-key">${groupKey(p.secret)}</code></p>
</details>
${errorAlert(p.error)}
<form method="post" action="/enrol">
  <label for="enrol-code">Enter the code from your app</label>
  <input type="text" id="enrol-code" name="code" autocomplete="one-time-code" inputmode="numeric" maxlength="6">
  <button type="submit">Enable</button>
</form>`;
  return layout({ title, body });
}

export function enrolDonePage(recoveryCodes: readonly string[]): string {
  const body = html`<h1 id="enrolled">Two-factor authentication is enabled</h1>
<p>Save these recovery codes somewhere safe. Each can be used once if you lose your device.</p>
<ul id="recovery-codes">${recoveryCodes.map((c) => html`<li><code>${c}</code></li>`)}</ul>
<p><a href="/welcome">Continue</a></p>`;
  return layout({ title: 'Two-factor authentication enabled', body });
}
