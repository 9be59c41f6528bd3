// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { detectIn, kinds } from './helpers';

/*
 * Japanese and Simplified Chinese sign-in steps, worded the way sign-in pages in those languages word them: Google's
 * "2 段階認証プロセス" and "バックアップ コード" (with the space its Japanese pages put between words), Microsoft's
 * "Authenticator アプリに表示されているコード", Amazon's "ワンタイムパスワード (OTP)", Apple's "2 ファクタ認証", and in
 * Chinese "动态验证码", "短信验证码", "已发送至尾号", "备用验证码", "身份验证器应用". The snippets are written for this test
 * (not copied from the word lists), so a missing word or one that does not survive normalisation fails here.
 */
const field = (label: string, name = 'field1') =>
  `<label for="f">${label}</label><input id="f" name="${name}" autocomplete="off">`;
const pageWith = (heading: string, text: string, label: string) =>
  `<main><h2>${heading}</h2><p>${text}</p><form>${field(label)}<button type="submit">OK</button></form></main>`;
/** A look-alike with every attribute of a code box: only the words tell it apart. */
const codeShaped = (label: string) =>
  `<form><label for="f">${label}</label><input id="f" name="code" inputmode="numeric" maxlength="6"></form>`;

describe('Japanese sign-in pages', () => {
  it('finds the code field of an authenticator-app step', () => {
    const steps: [heading: string, text: string, label: string][] = [
      ['2 段階認証プロセス', 'Google 認証システム アプリで生成された確認コードを入力してください。', 'コードを入力'],
      ['本人確認', 'Microsoft Authenticator アプリに表示されているコードを入力してください。', 'コード'],
      ['2ファクタ認証', '認証アプリに表示される 6 桁の確認コードを入力してください。', '確認コード'],
      ['２段階認証', '認証システムアプリのワンタイムパスワードを入力してください。', 'ワンタイムパスワード'],
      ['2ステップ認証', 'アプリに表示された番号を入力してください。', '番号'],
    ];
    for (const [heading, text, label] of steps) {
      expect(kinds(detectIn(pageWith(heading, text, label))), heading).toEqual(['totp']);
    }
  });

  it('a label alone names the code: 認証コード, ワンタイムパスワード (OTP), ワンタイムパスコード', () => {
    expect(kinds(detectIn(`<form>${field('認証コード')}</form>`))).toEqual(['totp']);
    expect(kinds(detectIn(`<form>${field('ワンタイムパスワード (OTP)')}</form>`))).toEqual(['totp']);
    expect(kinds(detectIn(`<form>${field('ワンタイムコード')}</form>`))).toEqual(['totp']);
    expect(kinds(detectIn(`<form>${field('ワンタイムパスコード')}</form>`))).toEqual(['totp']);
  });

  it('"we sent a code by SMS" makes the field an SMS code', () => {
    for (const text of [
      '6 桁のコードを含むテキスト メッセージを ***-****-**12 に送信しました。',
      'お客様の携帯電話番号（末尾 34）に SMS で確認コードをお送りしました。',
      'ご登録のメールアドレス宛てに確認コードを送信しました。コードが届かない場合は再送信してください。',
      'OTPを***-****-5678に送信しました',
      'ご登録の携帯電話宛てにショートメールでお送りした番号を入力してください。',
      'ご登録の携帯電話番号に確認コードを送信いたしました。',
    ]) {
      expect(kinds(detectIn(pageWith('本人確認', text, '確認コード'))), text).toEqual(['sms']);
    }
  });

  it('a recovery-code field is a recovery field', () => {
    for (const label of [
      'バックアップ コード',
      'リカバリーコード',
      '8 桁のバックアップ コードを入力',
      '回復コード',
      '復元コード',
      'スクラッチコード',
      '緊急用コード',
    ]) {
      expect(kinds(detectIn(`<form>${field(label)}</form>`)), label).toEqual(['recovery']);
    }
  });

  it('a coupon, referral or postal-code field is not a code field, however code-shaped', () => {
    for (const label of [
      'クーポンコード',
      'プロモーションコード',
      '割引コード',
      '紹介コード',
      'ギフトコード',
      'キャンペーンコード',
      '招待コード',
      'セキュリティコード（カード裏面の 3 桁）',
      '郵便番号',
    ]) {
      expect(detectIn(codeShaped(label)), label).toEqual([]);
    }
  });

  it('a plain form in Japanese has no code field', () => {
    expect(detectIn(`<form>${field('お名前')}</form>`)).toEqual([]);
    expect(detectIn(`<form>${field('パスワード')}</form>`)).toEqual([]);
  });

  it('a bank’s member-number sign-in or secret question is not a code step, whatever its heading says', () => {
    // "ログイン認証" (sign-in check) and "追加認証" (extra check, often a secret question) head ordinary forms too.
    expect(
      detectIn(pageWith('ログイン認証', 'お客様番号とログインパスワードを入力してください。', 'お客様番号')),
    ).toEqual([]);
    expect(detectIn(pageWith('追加認証', '合言葉の答えを入力してください。', '答え'))).toEqual([]);
  });
});

describe('Simplified Chinese sign-in pages', () => {
  it('finds the code field of an authenticator-app step', () => {
    const steps: [heading: string, text: string, label: string][] = [
      ['两步验证', '请打开身份验证器应用，输入其中显示的 6 位动态验证码。', '动态验证码'],
      ['双重身份验证', '请输入验证器应用生成的一次性密码。', '验证码'],
      ['二次验证', '请输入 Google Authenticator 中的 6 位数字。', '安全验证码'],
      ['多因素认证', '输入 MFA 设备上显示的代码', 'MFA 代码'],
      ['双重认证', '请输入六位数代码。', '代码'],
      ['多重身份验证', '请输入六位数代码。', '代码'],
      ['雙重認證', '請輸入六位數代碼。', '代碼'],
    ];
    for (const [heading, text, label] of steps) {
      expect(kinds(detectIn(pageWith(heading, text, label))), heading).toEqual(['totp']);
    }
  });

  it('a label alone names the code: 验证码, 动态口令, 一次性口令, 两阶段验证', () => {
    expect(kinds(detectIn(`<form>${field('验证码')}</form>`))).toEqual(['totp']);
    expect(kinds(detectIn(`<form>${field('动态口令')}</form>`))).toEqual(['totp']);
    expect(kinds(detectIn(`<form>${field('一次性验证码')}</form>`))).toEqual(['totp']);
    expect(kinds(detectIn(`<form>${field('一次性口令')}</form>`))).toEqual(['totp']);
    expect(kinds(detectIn(`<form>${field('两阶段验证')}</form>`))).toEqual(['totp']);
  });

  it('"we sent a code by SMS" makes the field an SMS code', () => {
    for (const text of [
      '验证码已发送至尾号 5678 的手机，请注意查收。',
      '我们已向您的手机 138****5678 发送了一条包含验证码的短信。',
      '短信验证码已发送，60 秒后可重新获取。',
      '我们已将验证码发送到您的邮箱。没有收到？重新发送',
      '已向 138****5678 发送验证码',
      '收不到验证码？60 秒后重新获取',
      '验证码已发至您的邮箱',
    ]) {
      expect(kinds(detectIn(pageWith('安全验证', text, '验证码'))), text).toEqual(['sms']);
    }
  });

  it('a recovery-code field is a recovery field', () => {
    for (const label of [
      '恢复码',
      '备用验证码',
      '输入一个备用码',
      '恢复代码',
      '紧急恢复码',
      '备用代码',
      '应急码',
      '救援代码',
    ]) {
      expect(kinds(detectIn(`<form>${field(label)}</form>`)), label).toEqual(['recovery']);
    }
  });

  it('a coupon, referral or postal-code field is not a code field, however code-shaped', () => {
    for (const label of ['优惠码', '优惠券', '兑换码', '邀请码', '推荐码', '促销码', '代金券', '邮政编码']) {
      expect(detectIn(codeShaped(label)), label).toEqual([]);
    }
  });

  it('a plain form in Chinese has no code field', () => {
    expect(detectIn(`<form>${field('姓名')}</form>`)).toEqual([]);
    expect(detectIn(`<form>${field('密码')}</form>`)).toEqual([]);
  });
});
