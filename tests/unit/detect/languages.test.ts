// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../../lib/detect/keywords';
import { detectIn, kinds } from './helpers';

/*
 * Per language: a TOTP field named only by its label, the same with an authenticator-app sentence, an
 * SMS step, a recovery field and a coupon look-alike. Sentences are written for these tests, not taken
 * from the word lists, so a missing or mis-normalised word fails here.
 */
interface Case {
  lang: string;
  /** The spec's example phrase for "verification code" in this language. */
  label: string;
  app: string;
  sms: string;
  recovery: string;
  coupon: string;
}

const CASES: Case[] = [
  {
    lang: 'en',
    label: 'Verification code',
    app: 'Enter the code from your authenticator app.',
    sms: 'We sent a text message with a code to your phone ending in 12.',
    recovery: 'Recovery code',
    coupon: 'Coupon code',
  },
  {
    lang: 'de',
    label: 'Bestätigungscode',
    app: 'Geben Sie den Code aus Ihrer Authenticator-App ein.',
    sms: 'Wir haben Ihnen einen Code per SMS gesendet.',
    recovery: 'Wiederherstellungscode',
    coupon: 'Gutscheincode',
  },
  {
    lang: 'fr',
    label: 'Code de vérification',
    app: "Saisissez le code affiché dans votre application d'authentification.",
    sms: 'Nous vous avons envoyé un code par SMS.',
    recovery: 'Code de secours',
    coupon: 'Code promo',
  },
  {
    lang: 'es',
    label: 'Código de verificación',
    app: 'Introduce el código de tu aplicación de autenticación.',
    sms: 'Te enviamos un código por SMS.',
    recovery: 'Código de recuperación',
    coupon: 'Cupón de descuento',
  },
  {
    lang: 'it',
    label: 'Codice di verifica',
    app: 'Inserisci il codice generato dalla tua app di autenticazione.',
    sms: 'Ti abbiamo inviato un codice via SMS.',
    recovery: 'Codice di recupero',
    coupon: 'Codice sconto',
  },
  {
    lang: 'pt',
    label: 'Código de verificação',
    app: 'Digite o código do seu aplicativo autenticador.',
    sms: 'Enviamos um código por SMS para o seu telefone.',
    recovery: 'Código de recuperação',
    coupon: 'Cupom de desconto',
  },
  {
    lang: 'nl',
    label: 'Verificatiecode',
    app: 'Voer de code uit je authenticator-app in.',
    sms: 'We hebben een code per sms verzonden.',
    recovery: 'Herstelcode',
    coupon: 'Kortingscode',
  },
  {
    lang: 'sv',
    label: 'Verifieringskod',
    app: 'Ange koden från din autentiseringsapp.',
    sms: 'Vi har skickat en kod via sms.',
    recovery: 'Återställningskod',
    coupon: 'Rabattkod',
  },
  {
    lang: 'pl',
    label: 'Kod weryfikacyjny',
    app: 'Wpisz kod z aplikacji uwierzytelniającej.',
    sms: 'Wysłaliśmy kod SMS na Twój numer.',
    recovery: 'Kod zapasowy',
    coupon: 'Kod rabatowy',
  },
  {
    lang: 'cs',
    label: 'Ověřovací kód',
    app: 'Zadejte kód z ověřovací aplikace.',
    sms: 'Poslali jsme vám kód v SMS.',
    recovery: 'Záložní kód',
    coupon: 'Slevový kód',
  },
  {
    lang: 'ru',
    label: 'Код подтверждения',
    app: 'Введите код из приложения-аутентификатора.',
    sms: 'Мы отправили код в SMS на ваш номер.',
    recovery: 'Резервный код',
    coupon: 'Промокод',
  },
  {
    lang: 'uk',
    label: 'Код підтвердження',
    app: 'Введіть код із застосунку-автентифікатора.',
    sms: 'Ми надіслали код у SMS.',
    recovery: 'Резервний код',
    coupon: 'Промокод',
  },
  {
    lang: 'tr',
    label: 'Doğrulama kodu',
    app: 'Kimlik doğrulayıcı uygulamanızdaki kodu girin.',
    sms: 'Telefonunuza SMS ile bir kod gönderdik.',
    recovery: 'Kurtarma kodu',
    coupon: 'İndirim kodu',
  },
  {
    lang: 'ja',
    label: '認証コード',
    app: '認証アプリに表示されたコードを入力してください。',
    sms: 'SMSで確認コードを送信しました。',
    recovery: 'リカバリーコード',
    coupon: 'クーポンコード',
  },
  {
    lang: 'zh',
    label: '验证码',
    app: '请输入身份验证器应用中的动态码。',
    sms: '我们已通过短信发送验证码。',
    recovery: '恢复码',
    coupon: '优惠码',
  },
  {
    lang: 'ko',
    label: '인증 코드',
    app: '인증 앱에 표시된 코드를 입력하세요.',
    sms: '문자로 인증번호를 보냈습니다.',
    recovery: '복구 코드',
    coupon: '쿠폰 코드',
  },
  {
    lang: 'ar',
    label: 'رمز التحقق',
    app: 'أدخل الرمز من تطبيق المصادقة.',
    sms: 'أرسلنا رمزًا في رسالة نصية إلى هاتفك.',
    recovery: 'رمز الاسترداد',
    coupon: 'رمز القسيمة',
  },
];

const field = (label: string) => `<label for="f">${label}</label><input id="f" name="field1" autocomplete="off">`;
const pageWith = (text: string, label: string) =>
  `<main><section><p>${text}</p><form>${field(label)}<button type="submit">OK</button></form></section></main>`;

describe('languages', () => {
  it('covers at least 15 languages, each with words for every category', () => {
    expect(Object.keys(LANGUAGES).length).toBeGreaterThanOrEqual(15);
    for (const c of CASES) expect(Object.keys(LANGUAGES)).toContain(c.lang);
    for (const [lang, words] of Object.entries(LANGUAGES)) {
      for (const [category, list] of Object.entries(words))
        expect(list.length, `${lang}.${category}`).toBeGreaterThan(0);
    }
  });

  for (const c of CASES) {
    describe(c.lang, () => {
      it(`label "${c.label}" alone makes a TOTP field`, () => {
        expect(kinds(detectIn(`<form>${field(c.label)}</form>`))).toEqual(['totp']);
      });
      it('the authenticator-app sentence keeps it TOTP', () => {
        expect(kinds(detectIn(pageWith(c.app, c.label)))).toEqual(['totp']);
      });
      it('a "we sent you a code" sentence makes it SMS', () => {
        expect(kinds(detectIn(pageWith(c.sms, c.label)))).toEqual(['sms']);
      });
      it(`label "${c.recovery}" makes a recovery field`, () => {
        expect(kinds(detectIn(`<form>${field(c.recovery)}</form>`))).toEqual(['recovery']);
      });
      it(`label "${c.coupon}" is a look-alike, even with an OTP-like name`, () => {
        expect(
          detectIn(
            `<form><label for="f">${c.coupon}</label><input id="f" name="code" inputmode="numeric" maxlength="6"></form>`,
          ),
        ).toEqual([]);
      });
      it('a page without second-factor words in this language has no code field', () => {
        expect(
          detectIn(
            `<form><label for="f">${c.lang === 'en' ? 'Your name' : 'Name'}</label><input id="f" name="field1"></form>`,
          ),
        ).toEqual([]);
      });
    });
  }

  it('matches without diacritics as well ("codigo de verificacion", "dogrulama kodu")', () => {
    expect(kinds(detectIn(`<form>${field('Codigo de verificacion')}</form>`))).toEqual(['totp']);
    expect(kinds(detectIn(`<form>${field('Dogrulama kodu')}</form>`))).toEqual(['totp']);
  });

  it('knows "two-factor", "2FA" and "authenticator app" in English text', () => {
    for (const text of ['Two-factor authentication', 'Enter your 2FA code', 'Open your authenticator app']) {
      expect(
        kinds(detectIn(`<div><h2>${text}</h2><div><input id="x"></div><button>Verify</button></div>`)),
        text,
      ).toEqual(['totp']);
    }
  });
});
