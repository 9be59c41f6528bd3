import { describe, expect, it } from 'vitest';
import { attrWords, wordHits } from '../../../lib/detect/attribute-words';
import { LANGUAGES, NEUTRAL } from '../../../lib/detect/keywords';
import { noisyOr, normalizeAttr, normalizeText } from '../../../lib/detect/normalize';
import { scanText, type TextCategory } from '../../../lib/detect/phrases';

const first = (cat: TextCategory, text: string) => scanText(normalizeText(text)).first(cat);

describe('text normalisation', () => {
  it('lower-cases, strips diacritics and unifies quotes and spaces', () => {
    expect(normalizeText('Código  de\tVERIFICACIÓN')).toBe('codigo de verificacion');
    expect(normalizeText('Didn’t get it?')).toBe("didn't get it?");
    expect(normalizeText('İndirim kodu')).toBe('indirim kodu');
    expect(normalizeText('Отправить ещё')).toBe('отправить еще');
  });
  it('keeps scripts whose letters decompose equal to themselves (Hangul, kana)', () => {
    expect(normalizeText('인증 코드')).toBe(normalizeText('인증 코드'));
    expect(normalizeText('인증 코드')).toBe('인증 코드');
  });
  it('splits attribute values into words', () => {
    expect(normalizeAttr('user[otp_attempt]')).toBe('user_otp_attempt_');
    expect(normalizeAttr('totpCode')).toBe('totp_code');
    expect(normalizeAttr('2FA_code')).toBe('2fa_code');
    expect(attrWords('2fa3')).toContain('2fa');
    expect(attrWords('two_factor_code')).toContain('twofactor');
    expect(wordHits(attrWords('hotpot_recipe')).strong).toBeUndefined();
    expect(wordHits(attrWords('user_otp_attempt')).strong).toContain('otp');
  });
  it('combines evidence with noisy-OR', () => {
    expect(noisyOr([])).toBe(0);
    expect(noisyOr([0.5, 0.5])).toBeCloseTo(0.75);
    expect(noisyOr([1, 0.2])).toBe(1);
    expect(noisyOr([2, -1])).toBe(1);
  });
});

describe('phrase matching', () => {
  it('finds every listed phrase in a sentence that contains it', () => {
    const all: [string, string, string[]][] = [];
    for (const [lang, words] of Object.entries(LANGUAGES))
      for (const [cat, list] of Object.entries(words)) all.push([lang, cat, list]);
    for (const [cat, list] of Object.entries(NEUTRAL)) all.push(['neutral', cat, list]);
    for (const [lang, cat, list] of all) {
      for (const phrase of list) {
        const scan = scanText(normalizeText(`[ ${phrase} ]`));
        expect(scan.all(cat as TextCategory).length, `${lang}.${cat}: "${phrase}"`).toBeGreaterThan(0);
      }
    }
  });

  it('treats spaces and hyphens as optional', () => {
    for (const t of ['one-time code', 'one time code', 'onetime code', 'One-Time-Code'])
      expect(first('otp', t), t).toBeDefined();
    expect(first('otp', 'Two-factor')).toBeDefined();
    expect(first('otp', 'twofactor')).toBeDefined();
  });

  it('requires word starts for Latin and Cyrillic phrases', () => {
    expect(first('otp', 'hotpot')).toBeUndefined();
    expect(first('otp', 'OTP')).toBe('otp');
    expect(first('otp', 'Kartensicherheitscode')).toBeUndefined();
    expect(first('otp', 'Sicherheitscode')).toBe('sicherheitscode');
  });

  it('requires short ASCII words to end a word, but lets longer phrases take endings', () => {
    expect(first('pin', 'Pinterest')).toBeUndefined();
    expect(first('pin', 'PIN:')).toBe('pin');
    expect(first('postal', 'zipped archive')).toBeUndefined();
    expect(first('recovery', 'recovery codes')).toBe('recovery code');
    expect(first('otp', 'двухфакторной аутентификации')).toBe('двухфакторн');
  });

  it('matches CJK, Hangul and Arabic phrases anywhere', () => {
    expect(first('otp', '请输入验证码')).toBe('验证码');
    expect(first('otp', 'ワンタイムパスワードを入力')).toBeDefined();
    expect(first('otp', '인증코드를 입력하세요')).toBeDefined();
    expect(first('otp', 'أدخل رمز التحقق')).toBeDefined();
  });

  it('numbers sentences, so a marker only affects its own sentence', () => {
    const scan = scanText(normalizeText('Enter the code from your app. Lost it? Use a recovery code.'));
    const app = scan.all('app')[0];
    const alt = scan.all('alternative')[0];
    const rec = scan.all('recovery')[0];
    expect(app && alt && rec).toBeTruthy();
    expect(app?.sentence).toBeLessThan(alt?.sentence ?? 0);
    expect(rec?.sentence).toBeGreaterThanOrEqual(alt?.sentence ?? Number.POSITIVE_INFINITY);
    expect(rec?.index).toBeGreaterThan(alt?.index ?? Number.POSITIVE_INFINITY);
  });

  it('returns nothing for empty text', () => {
    expect(scanText('').first('otp')).toBeUndefined();
  });
});
