import { describe, expect, it } from 'vitest';
import { looksLikeSetup, PAGE_TEXT_CHARS } from '../../../lib/qr/page-text';

describe('looksLikeSetup: the cheap test for a two-factor setup page', () => {
  it.each([
    ['en', 'Set up two-factor authentication. Scan this QR code with your authenticator app.'],
    ['en, 2FA and QR only', 'Enable 2FA — QR code below'],
    ['de', 'Zwei-Faktor-Authentifizierung einrichten: Scannen Sie den QR-Code mit Ihrer Authenticator-App.'],
    [
      'fr',
      'Activez la double authentification : scannez ce code QR avec votre application d’authentification à deux facteurs.',
    ],
    ['es', 'Configura la verificación en dos pasos: escanea el código con tu app de autenticador.'],
    ['it', 'Configura l’autenticazione a due fattori: scansiona il codice con la tua app.'],
    ['nl', 'Tweestapsverificatie instellen: scan de code met je authenticator-app.'],
    ['pl', 'Uwierzytelnianie dwuskładnikowe: zeskanuj kod w aplikacji.'],
    ['pt-BR', 'Configure a verificação em dois fatores com um aplicativo autenticador.'],
    ['ja', '二段階認証を設定するには、認証アプリでこの QR コードをスキャンしてください。'],
    ['zh-CN', '请使用身份验证器扫描此二维码以开启两步验证。'],
    [
      'en, GitHub-like',
      'Two-factor authentication. Scan the image below with the two-factor authentication app on your phone.',
    ],
    ['en, MFA', 'Set up MFA: scan this QR code.'],
    ['de, TOTP', 'TOTP einrichten: Scannen Sie den Code.'],
    ['fr, 2FA', 'Activer la 2FA : scannez le code QR.'],
    ['pt-BR', 'Autenticação de dois fatores: escaneie o QR code com o app.'],
  ])('says yes to a setup page (%s)', (_lang, text) => {
    expect(looksLikeSetup(text)).toBe(true);
  });

  it.each([
    ['a news article', 'The city council met on Tuesday to set up a new committee for parks.'],
    ['a sign-in code step', 'Enter the 6-digit code from your authenticator app.'],
    ['a shop with a QR code', 'Scan the QR code at the checkout to pay with your phone.'],
    ['nothing', ''],
    // Ordinary pages whose code and data named a second factor inside a longer word.
    ['a hash next to a scan link', 'Build a2fa9c — scan our catalogue'],
    ['a bundle name', 'Loading /assets/app.2fa3b1.js … Scan to pay'],
    ['a JSON settings blob', '{"mfaEnabled":false,"configured":true,"totpSeed":null}'],
    ['inline JS', 'window.__state={user:{mfaRequired:0},setupDone:1};scanner.init()'],
    ['a hash in a URL and a QR menu', 'https://cdn.example/x/totp7f1e2.css — QR-Menü'],
  ])('says no to %s', (_what, text) => {
    expect(looksLikeSetup(text)).toBe(false);
  });

  it('looks only at the start of a long text', () => {
    const filler = 'Lorem ipsum dolor sit amet. '.repeat(Math.ceil(PAGE_TEXT_CHARS / 28));
    expect(looksLikeSetup(`${filler} Set up 2FA: scan the QR code.`)).toBe(false);
    expect(looksLikeSetup(`Set up 2FA: scan the QR code. ${filler}`)).toBe(true);
  });
});
