// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { detectIn, kinds, page } from './helpers';

/*
 * Polish and Portuguese (Brazil) code steps, worded the way the big sign-in pages in those languages word them
 * (Google's "Weryfikacja dwuetapowa" / "Verificação em duas etapas" and its backup codes, Microsoft's "Wprowadź kod" /
 * "Insira o código", Amazon's one-time password, banks' SMS steps). Sentences are written for these tests, not
 * copied from lib/detect/keywords.ts, so a missing or mis-normalised word fails here.
 */
const input = (id: string, extra = '') => `<input id="${id}" name="field1" autocomplete="off"${extra}>`;
const labelled = (label: string, id = 'f', extra = '') => `<label for="${id}">${label}</label>${input(id, extra)}`;

interface Language {
  name: string;
  /** A field named only by its label or heading: a TOTP field. */
  totp: { heading?: string; text?: string; label: string }[];
  /** Pages that say the site sent the code: an SMS field. */
  sms: { heading?: string; text: string; label: string }[];
  /** Recovery / backup code fields. */
  recovery: { heading?: string; text?: string; label: string }[];
  /** Look-alikes that must not be offered a code, even with a numeric OTP-like field. */
  lookalikes: string[];
  /** Ordinary pages whose wording shares a word with a code step (a sign-up "in 2 steps"): nothing offered. */
  ordinary: { heading?: string; text?: string; label: string }[];
}

const LANGUAGES: Language[] = [
  {
    name: 'pl',
    totp: [
      { label: 'Kod weryfikacyjny' },
      {
        heading: 'Weryfikacja dwuetapowa',
        text: 'Pobierz kod weryfikacyjny z aplikacji Google Authenticator.',
        label: 'Wpisz kod',
      },
      { heading: 'Uwierzytelnianie dwuskładnikowe', text: 'Podaj kod z aplikacji mobilnej.', label: 'Kod' },
      { text: 'Wprowadź kod wyświetlany w aplikacji uwierzytelniającej.', label: 'Kod logowania' },
      { label: 'Jednorazowe hasło (OTP)' },
      { label: 'Wpisz 6-cyfrowy kod' },
    ],
    sms: [
      {
        heading: 'Weryfikacja dwuetapowa',
        text: 'Wysłaliśmy SMS-a z 6-cyfrowym kodem weryfikacyjnym na numer kończący się na 42.',
        label: 'Wpisz kod',
      },
      { text: 'Kod autoryzacyjny został wysłany na Twój telefon. Nie dotarł SMS? Wyślij ponownie.', label: 'Kod SMS' },
      { text: 'Przesłaliśmy jednorazowe hasło e-mailem. Sprawdź skrzynkę odbiorczą.', label: 'Hasło jednorazowe' },
      { heading: 'Potwierdź logowanie', text: 'Sprawdź telefon: za chwilę otrzymasz kod.', label: 'Kod weryfikacyjny' },
    ],
    recovery: [
      { label: 'Kod zapasowy' },
      { heading: 'Weryfikacja dwuetapowa', text: 'Wpisz jeden z 8-cyfrowych kodów zapasowych.', label: 'Kod' },
      { label: 'Kod odzyskiwania' },
      { label: 'Kod awaryjny' },
      { heading: 'Weryfikacja dwuetapowa', text: 'Wpisz jeden ze swoich kodów ratunkowych.', label: 'Kod' },
      { label: 'Kody zapasowe' },
    ],
    lookalikes: ['Kod rabatowy', 'Kod promocyjny', 'Kod pocztowy', 'Numer karty', 'Kod z karty podarunkowej'],
    ordinary: [
      { heading: 'Załóż konto w 2 krokach', text: 'Podaj kod sklepu.', label: 'Kod sklepu' },
      { heading: 'Zamówienie', text: 'Wpisz kod z paragonu, aby zgłosić reklamację.', label: 'Kod z paragonu' },
    ],
  },
  {
    name: 'pt-BR',
    totp: [
      { label: 'Código de verificação' },
      {
        heading: 'Verificação em duas etapas',
        text: 'Acesse o app Google Authenticator no seu smartphone para ver o código.',
        label: 'Digite o código',
      },
      {
        heading: 'Autenticação de dois fatores',
        text: 'Informe o código do aplicativo autenticador.',
        label: 'Código',
      },
      { text: 'Insira o código exibido no aplicativo autenticador do seu celular.', label: 'Código de login' },
      { label: 'Senha de uso único (OTP)' },
    ],
    sms: [
      {
        heading: 'Verificação em duas etapas',
        text: 'Enviamos uma mensagem de texto com um código de verificação de 6 dígitos para o celular com final 42.',
        label: 'Digite o código',
      },
      { text: 'O código foi enviado por SMS. Não recebeu? Reenviar código.', label: 'Código de segurança' },
      { text: 'Acabamos de enviar um código por e-mail. Verifique sua caixa de entrada.', label: 'Código' },
      { heading: 'Verificação em duas etapas', text: 'Digite o código que chegou pelo WhatsApp.', label: 'Código' },
    ],
    recovery: [
      { label: 'Código de recuperação' },
      {
        heading: 'Verificação em duas etapas',
        text: 'Digite um dos seus códigos alternativos de 8 dígitos.',
        label: 'Código',
      },
      { label: 'Código de backup' },
      { label: 'Código alternativo' },
    ],
    lookalikes: ['Cupom de desconto', 'Código promocional', 'CEP', 'Número do cartão', 'Código do vale-presente'],
    ordinary: [
      { heading: 'Finalize sua compra em 2 passos', label: 'Código' },
      { heading: 'Crie sua conta em 2 passos', text: 'Informe o código da loja.', label: 'Código da loja' },
    ],
  },
];

describe.each(LANGUAGES)('$name sign-in words', (lang) => {
  it('finds a TOTP code field from the label, the heading or the app sentence', () => {
    for (const c of lang.totp) {
      expect(kinds(detectIn(page({ heading: c.heading, text: c.text, field: labelled(c.label) }))), c.label).toEqual([
        'totp',
      ]);
    }
  });

  it('marks the field SMS when the page says the code was sent', () => {
    for (const c of lang.sms) {
      expect(kinds(detectIn(page({ heading: c.heading, text: c.text, field: labelled(c.label) }))), c.text).toEqual([
        'sms',
      ]);
    }
  });

  it('gives a recovery / backup code field the recovery kind', () => {
    for (const c of lang.recovery) {
      expect(
        kinds(detectIn(page({ heading: c.heading, text: c.text, field: labelled(c.label) }))),
        `${c.heading ?? ''} ${c.text ?? ''} ${c.label}`,
      ).toEqual(['recovery']);
    }
  });

  it('offers nothing where only an ordinary step count or shop code shares the wording', () => {
    for (const c of lang.ordinary) {
      expect(detectIn(page({ heading: c.heading, text: c.text, field: labelled(c.label) })), c.label).toEqual([]);
    }
  });

  it('offers nothing on a coupon, postal code or card field shaped like a code box', () => {
    for (const label of lang.lookalikes) {
      expect(
        detectIn(
          `<form><label for="f">${label}</label><input id="f" name="code" inputmode="numeric" maxlength="6"></form>`,
        ),
        label,
      ).toEqual([]);
    }
  });
});
