// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { isEnrolmentStep } from '../../../lib/fill/enrol-step';
import { twoFactorPage } from '../../site/variants';
import { html, input } from './helpers';

describe('isEnrolmentStep (issue 15: never fill an enrolment step by itself)', () => {
  it("the test site's /enrol markup: a QR code, a printed key, setup wording", () => {
    html(`<h1>Set up two-factor authentication</h1>
<p>Scan this QR code with your authenticator app.</p>
<img alt="QR code" src="data:image/png;base64,iVBORw0KGgo=">
<details><summary>Can't scan? Enter this key</summary><p><code id="secret-key">JBSW Y3DP EHPK 3PXP JBSW Y3DP</code></p></details>
<form method="post" action="/enrol"><label for="enrol-code">Enter the code from your app</label>
<input type="text" id="enrol-code" name="code" autocomplete="one-time-code"><button type="submit">Enable</button></form>`);
    expect(isEnrolmentStep(input('#enrol-code'))).toBe(true);
  });

  it('each sign of enrolment alone is enough', () => {
    html('<div><img alt="" class="qr-code" src="/x.png"></div><form><input id="c"></form>');
    expect(isEnrolmentStep(input('#c'))).toBe(true);
    html('<p>Key: <code>JBSWY3DPEHPK3PXP</code></p><form><input id="c"></form>');
    expect(isEnrolmentStep(input('#c'))).toBe(true);
    html('<section><h2>Zwei-Faktor-Authentifizierung einrichten</h2><form><input id="c"></form></section>');
    expect(isEnrolmentStep(input('#c'))).toBe(true);
  });

  it("the test site's sign-in steps are not enrolment steps", () => {
    for (const variant of ['plain', 'autocomplete'] as const) {
      document.documentElement.innerHTML = twoFactorPage({ variant, digits: 6 }).replace(/^<!doctype html>/i, '');
      const field = document.querySelector<HTMLInputElement>('#code, #otp') as HTMLInputElement;
      expect(isEnrolmentStep(field), variant).toBe(false);
    }
  });
});
