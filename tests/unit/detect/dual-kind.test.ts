// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { detectIn, kinds } from './helpers';

/*
 * Fields that take the authenticator code OR a recovery code are a kind of their own
 * ('dual'), so the offer lists the account's code first and its recovery codes after it. The MediaWiki
 * OATHAuth sign-in field ("Two-factor token or recovery code", autocomplete=one-time-code) was classed as
 * recovery-only, so the TOTP could not be filled there.
 */
const field = (label: string, attrs = 'autocomplete="one-time-code"') =>
  `<form><label for="f">${label}</label><input id="f" name="token" ${attrs}><button>Continue</button></form>`;

describe('kind: dual (authenticator code or recovery code)', () => {
  for (const label of [
    'Two-factor token or recovery code',
    'Authentication code or backup code',
    'Code or backup code',
    'Enter a code from your authenticator app or a recovery code',
    'Zwei-Faktor-Code oder Wiederherstellungscode',
    'Code d’authentification ou code de secours',
    'Código de verificación o código de recuperación',
  ]) {
    it(`"${label}"`, () => {
      expect(kinds(detectIn(field(label)))).toEqual(['dual']);
    });
  }

  it('recovery-only labels stay recovery', () => {
    expect(kinds(detectIn(field('Recovery code', 'autocomplete="off"')))).toEqual(['recovery']);
    expect(kinds(detectIn(field('Enter one of your recovery codes', 'autocomplete="off"')))).toEqual(['recovery']);
    expect(kinds(detectIn(field('Backup code', 'autocomplete="off"')))).toEqual(['recovery']);
  });

  it('an authenticator label with a recovery link under it stays totp', () => {
    expect(
      kinds(detectIn(`${field('Authentication code')}<p>Lost your device? <a href="#">Use a recovery code</a></p>`)),
    ).toEqual(['totp']);
  });
});
