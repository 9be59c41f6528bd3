// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../../lib/detect/normalize';
import { scanText, type TextCategory } from '../../../lib/detect/phrases';
import { detectIn, kinds, page } from './helpers';

/*
 * Italian and Dutch sign-in pages in the wording big sites use for the code step (Google's "Verifica in due
 * passaggi" / "Verificatie in 2 stappen", Microsoft's "Immetti il codice" / "Voer de code in", Amazon's "Inserisci
 * OTP", banks' "codice OTP"). The field itself carries a neutral label or none, so the words around it decide:
 * a missing or mis-normalised word in lib/detect/keywords.ts fails here.
 */
const first = (cat: TextCategory, text: string) => scanText(normalizeText(text)).first(cat);
const input = (label: string, attrs = 'name="field1" autocomplete="off"') =>
  `<label for="f">${label}</label><input id="f" ${attrs}>`;

interface Snippets {
  /** An authenticator-app step: the field must be a TOTP field. */
  totp: { heading: string; text: string; label: string; after?: string }[];
  /** A code the site sent: the field must be an SMS field. */
  sms: { heading: string; text: string; label: string; after?: string }[];
  /** A recovery-code step: the field must be a recovery field. */
  recovery: { heading: string; text: string; label: string }[];
  /** Look-alikes with a code-shaped input: no code field at all. */
  lookalikes: string[];
  /** Words each category must find in running text. */
  words: [TextCategory, string][];
  /** Ordinary words a category must not find (phrases match as prefixes, so "nell'app" would find "nell'apposito"). */
  notWords: [TextCategory, string][];
  /** Pages with a code field that is not a second factor (a TV code, a ticket code): no code field. */
  neutral: { heading: string; text: string; label: string }[];
}

const LANGS: Record<'it' | 'nl', Snippets> = {
  it: {
    totp: [
      {
        heading: 'Verifica in due passaggi',
        text: "Ricevi un codice di verifica dall'app Google Authenticator.",
        label: 'Inserisci il codice',
        after: '<label><input type="checkbox" name="trust"> Non chiedere più su questo computer</label>',
      },
      {
        heading: 'Immetti il codice',
        text: "Immetti il codice visualizzato nell'app Microsoft Authenticator sul tuo dispositivo mobile.",
        label: 'Codice',
      },
      {
        heading: 'Autenticazione a due fattori',
        text: "Apri l'app di autenticazione e digita il codice a 6 cifre.",
        label: 'Codice',
      },
    ],
    sms: [
      {
        heading: 'Verifica in due passaggi',
        text: 'È stato inviato un SMS con un codice di verifica al numero ••• ••• ••12.',
        label: 'Inserisci il codice',
        after: '<a href="#">Invia di nuovo il codice</a>',
      },
      {
        heading: 'Verifica la tua identità',
        text: 'Ti abbiamo inviato una password monouso (OTP) al numero di cellulare che termina con 34.',
        label: 'Inserisci OTP',
        after: '<a href="#">Rinvia OTP</a>',
      },
      {
        heading: 'Conferma l’operazione',
        text: 'Abbiamo inviato un codice di sicurezza al tuo indirizzo e-mail. Non hai ricevuto il codice?',
        label: 'Codice',
      },
    ],
    recovery: [
      { heading: 'Verifica in due passaggi', text: 'Inserisci uno dei codici di backup di 8 cifre.', label: 'Codice' },
      { heading: 'Accedi', text: 'Hai perso il dispositivo?', label: 'Codice di ripristino' },
      { heading: 'Accesso di emergenza', text: '', label: 'Codici di emergenza' },
    ],
    lookalikes: [
      input('Codice promozionale', 'name="code" inputmode="numeric" maxlength="6"'),
      input('Hai un buono regalo?', 'name="code" maxlength="8"'),
      input('CAP', 'name="code" inputmode="numeric" maxlength="5"'),
      input('Codice di avviamento postale', 'name="pin" inputmode="numeric" maxlength="5"'),
    ],
    words: [
      ['otp', 'Verifica in due passaggi'],
      ['otp', 'codice a 6 cifre'],
      ['prompt', 'Immetti il codice'],
      ['prompt', 'Digita il codice'],
      ['app', "dall'app Google Authenticator"],
      ['app', "nell'app di autenticazione"],
      ['sent', 'È stato inviato un SMS'],
      ['sent', 'Ti abbiamo inviato un codice'],
      ['resend', 'Rinvia il codice'],
      ['resend', 'Invia di nuovo'],
      ['sendCode', 'Inviami un codice'],
      ['recovery', 'codici di backup'],
      ['recovery', 'codice di ripristino'],
      ['alternative', 'Prova un altro metodo'],
      ['postal', 'Codice di avviamento postale'],
      ['coupon', 'Codice promozionale'],
      ['otp', 'Inserisci il codice SMS'],
      ['sent', 'Inserisci il codice ricevuto'],
      ['app', "Il codice generato dall'app della tua banca"],
      ['resend', 'Rinvia OTP'],
      ['alternative', 'Hai perso il telefono?'],
      ['coupon', 'Hai un buono sconto?'],
    ],
    notWords: [
      ['app', "Scrivi il codice nell'apposito campo"],
      ['app', "Il codice visualizzato sull'apparecchio"],
      ['resend', 'La consegna è stata rinviata'],
      ['alternative', 'Personalizza i tuoi dati personali'],
      ['coupon', 'Un buon risultato, in buono stato'],
    ],
    neutral: [
      { heading: 'Collega il televisore', text: "Inserisci il codice visualizzato sull'apparecchio.", label: 'Codice' },
      {
        heading: 'Evento rinviato',
        text: 'Il concerto è stato rinviato. Inserisci il codice del biglietto.',
        label: 'Codice biglietto',
      },
    ],
  },
  nl: {
    totp: [
      {
        heading: 'Verificatie in 2 stappen',
        text: 'Ontvang een verificatiecode via de Google Authenticator-app.',
        label: 'Voer de code in',
        after: '<label><input type="checkbox" name="trust"> Niet meer vragen op deze computer</label>',
      },
      {
        heading: 'Code invoeren',
        text: 'Voer de code in die wordt weergegeven in de Microsoft Authenticator-app op je mobiele apparaat.',
        label: 'Code',
      },
      {
        heading: 'Tweestapsverificatie',
        text: 'Open je authenticatie-app en vul de 6-cijferige code in.',
        label: 'Code',
      },
    ],
    sms: [
      {
        heading: 'Verificatie in 2 stappen',
        text: 'Er is een sms met een verificatiecode verzonden naar ••• ••• ••12.',
        label: 'Voer de code in',
        after: '<a href="#">Code opnieuw verzenden</a>',
      },
      {
        heading: 'Bevestig je identiteit',
        text: 'We hebben een eenmalige code gestuurd naar het telefoonnummer dat eindigt op 34.',
        label: 'Code',
        after: '<a href="#">Geen code ontvangen?</a>',
      },
      {
        heading: 'Controleer je e-mail',
        text: 'We hebben je een e-mail met een beveiligingscode gestuurd.',
        label: 'Code',
      },
    ],
    recovery: [
      {
        heading: 'Verificatie in 2 stappen',
        text: 'Voer een van je 8-cijferige back-upcodes in.',
        label: 'Code',
      },
      { heading: 'Inloggen', text: 'Ben je je apparaat kwijt?', label: 'Herstelcode' },
      { heading: 'Toegang herstellen', text: '', label: 'Reservecodes' },
    ],
    lookalikes: [
      input('Kortingscode', 'name="code" inputmode="numeric" maxlength="6"'),
      input('Heb je een cadeaukaart?', 'name="code" maxlength="8"'),
      input('Postcode', 'name="code" maxlength="6"'),
      input('Actiecode', 'name="pin" inputmode="numeric" maxlength="6"'),
    ],
    words: [
      ['otp', 'Verificatie in 2 stappen'],
      ['otp', 'tweestapsverificatie'],
      ['otp', '6-cijferige code'],
      ['prompt', 'Voer de code in'],
      ['prompt', 'Code invoeren'],
      ['prompt', 'Vul de code in'],
      ['app', 'de Google Authenticator-app'],
      ['app', 'in je verificatie-app'],
      ['sent', 'We hebben een sms gestuurd'],
      ['sent', 'is verzonden naar'],
      ['resend', 'Code opnieuw verzenden'],
      ['resend', 'Geen code ontvangen?'],
      ['sendCode', 'Stuur me een code'],
      ['recovery', 'back-upcodes'],
      ['recovery', 'reservecodes'],
      ['alternative', 'Probeer een andere manier'],
      ['coupon', 'cadeaukaart'],
      ['postal', 'Postcode'],
      ['app', 'Vul de code uit de app in'],
      ['app', 'Open de app op je telefoon'],
      ['otp', 'Bevestig met een tweede factor'],
    ],
    notWords: [
      ['app', 'de code die op je apparaat staat'],
      ['app', 'op uw apparaat'],
      ['app', 'Koppel de apparaten'],
    ],
    neutral: [
      { heading: 'Code invoeren', text: 'Voer de code in die op je apparaat wordt weergegeven.', label: 'Code' },
      { heading: 'Code invoeren', text: 'Voer de code in die op uw apparaat wordt getoond.', label: 'Code' },
    ],
  },
};

for (const [lang, s] of Object.entries(LANGS)) {
  describe(`${lang} sign-in pages`, () => {
    it('an authenticator-app step makes a TOTP field', () => {
      for (const p of s.totp) {
        const html = page({ heading: p.heading, text: p.text, field: input(p.label), after: p.after });
        expect(kinds(detectIn(html)), p.text).toEqual(['totp']);
      }
    });
    it('a "we sent you a code" step makes an SMS field', () => {
      for (const p of s.sms) {
        const html = page({ heading: p.heading, text: p.text, field: input(p.label), after: p.after });
        expect(kinds(detectIn(html)), p.text).toEqual(['sms']);
      }
    });
    it('a recovery-code step makes a recovery field', () => {
      const found = s.recovery.map((p) => [
        p.label,
        kinds(detectIn(page({ heading: p.heading, text: p.text, field: input(p.label) }))),
      ]);
      expect(found).toEqual(s.recovery.map((p) => [p.label, ['recovery']]));
    });
    it('coupon, gift card and postcode fields are not code fields', () => {
      for (const field of s.lookalikes) expect(detectIn(`<form>${field}</form>`), field).toEqual([]);
    });
    it('the word lists find each phrase in running text', () => {
      const missed = s.words.filter(([category, text]) => first(category, text) === undefined);
      expect(missed).toEqual([]);
    });
    it('ordinary words that merely start like a phrase are not found', () => {
      const found = s.notWords.filter(([category, text]) => first(category, text) !== undefined);
      expect(found).toEqual([]);
    });
    it('a code shown on a device or printed on a ticket is not a second factor', () => {
      for (const p of s.neutral) {
        const html = page({ heading: p.heading, text: p.text, field: input(p.label) });
        expect(detectIn(html), p.text).toEqual([]);
      }
    });
  });
}
