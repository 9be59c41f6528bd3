// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { detectIn, summary } from './helpers';

const heading = '<h2>Enter the verification code</h2>';
const box = (i: number, attrs = '') => `<input id="b${i}" maxlength="1" inputmode="numeric" ${attrs}>`;
const boxes = (n: number, attrs: (i: number) => string = () => '') =>
  Array.from({ length: n }, (_, i) => box(i + 1, attrs(i))).join('');
const ids = (n: number) => Array.from({ length: n }, (_, i) => `b${i + 1}`);

describe('segmented boxes', () => {
  for (const n of [4, 6, 8]) {
    it(`groups ${n} boxes into one detection, in digit order`, () => {
      expect(summary(detectIn(`<div>${heading}<div class="otp">${boxes(n)}</div></div>`))).toEqual([
        { kind: 'totp', fields: ids(n) },
      ]);
    });
  }

  it('does not group 3 boxes or 10 boxes', () => {
    const three = summary(detectIn(`<div>${heading}<div>${boxes(3)}</div></div>`));
    expect(three.every((d) => d.fields.length === 1)).toBe(true);
    const ten = summary(detectIn(`<div>${heading}<div>${boxes(10)}</div></div>`));
    expect(ten.every((d) => d.fields.length === 1)).toBe(true);
  });

  it('takes one-time-code on the first box only, with a larger maxlength there (paste target)', () => {
    const html = `<div role="group" aria-label="One-time password"><input id="b1" maxlength="6" autocomplete="one-time-code" inputmode="numeric">${Array.from(
      { length: 5 },
      (_, i) => box(i + 2, 'autocomplete="off"'),
    ).join('')}</div>`;
    expect(summary(detectIn(html))).toEqual([{ kind: 'totp', fields: ids(6) }]);
  });

  it('never returns hidden mirror inputs: type=hidden, aria-hidden, display:none before or after the boxes', () => {
    const mirrors = [
      '<input type="hidden" name="code" autocomplete="one-time-code">',
      '<input aria-hidden="true" tabindex="-1" name="code" maxlength="6" autocomplete="one-time-code" style="position:absolute;width:1px;height:1px">',
      '<input style="display:none" name="code" maxlength="6" autocomplete="one-time-code">',
    ];
    for (const mirror of mirrors) {
      expect(summary(detectIn(`<div>${heading}<div>${mirror}${boxes(6)}</div></div>`)), mirror).toEqual([
        { kind: 'totp', fields: ids(6) },
      ]);
      expect(summary(detectIn(`<div>${heading}<div>${boxes(6)}${mirror}</div></div>`)), mirror).toEqual([
        { kind: 'totp', fields: ids(6) },
      ]);
    }
  });

  it('groups boxes that each sit in their own wrapper', () => {
    const wrapped = Array.from({ length: 6 }, (_, i) => `<div class="slot"><span>${box(i + 1)}</span></div>`).join('');
    expect(summary(detectIn(`<div>${heading}<div class="row">${wrapped}</div></div>`))).toEqual([
      { kind: 'totp', fields: ids(6) },
    ]);
  });

  it('groups boxes without maxlength whose names differ only by an index (2fa1..2fa6)', () => {
    const named = Array.from(
      { length: 6 },
      (_, i) => `<input name="2fa${i + 1}" class="box" inputmode="decimal" autocomplete="one-time-code">`,
    ).join('');
    expect(summary(detectIn(`<form><label>Two-Factor Code</label><div>${named}</div></form>`))).toEqual([
      { kind: 'totp', fields: ['2fa1', '2fa2', '2fa3', '2fa4', '2fa5', '2fa6'] },
    ]);
  });

  it('groups boxes without maxlength or names whose ids differ only by an index', () => {
    const chakra = Array.from(
      { length: 6 },
      (_, i) =>
        `<input id="pin-:r1:-${i}" type="tel" inputmode="numeric" aria-label="Please enter your pin code" placeholder="○" autocomplete="one-time-code">`,
    ).join('');
    expect(summary(detectIn(`<div><h2>Verify it's you</h2><div>${chakra}</div></div>`))).toEqual([
      { kind: 'totp', fields: Array.from({ length: 6 }, (_, i) => `pin-:r1:-${i}`) },
    ]);
  });

  it('groups boxes that carry the same accessible name and one-character placeholder', () => {
    const alike = Array.from(
      { length: 6 },
      () => '<input class="p-inputotp-input" type="text" placeholder="-" aria-label="OTP digit">',
    ).join('');
    const dets = detectIn(`<div>${heading}<div>${alike}</div></div>`);
    expect(dets).toHaveLength(1);
    expect(dets[0]?.fields).toHaveLength(6);
  });

  it("does not swallow an unrelated field that shares the boxes' container", () => {
    const html = `<form><input id="user" maxlength="40" inputmode="numeric">${boxes(6)}</form>`;
    expect(summary(detectIn(`<div>${heading}${html}</div>`)).find((d) => d.fields.length > 1)?.fields).toEqual(ids(6));
  });

  it('groups 3 + 3 boxes drawn around a separator', () => {
    const html = `<div>${heading}<div class="row"><div>${box(1)}${box(2)}${box(3)}</div><span>-</span><div>${box(4)}${box(5)}${box(6)}</div></div></div>`;
    expect(summary(detectIn(html))).toEqual([{ kind: 'totp', fields: ids(6) }]);
  });

  it('keeps one real input drawn as six <div> slots as a single field', () => {
    const slots = Array.from({ length: 6 }, () => '<div class="slot">-</div>').join('');
    const html = `<div><h3>Two-Factor Authentication</h3><div class="otp"><div class="group">${slots}</div><div class="wrap"><input id="real" autocomplete="one-time-code" maxlength="6"></div></div></div>`;
    expect(summary(detectIn(html))).toEqual([{ kind: 'totp', fields: ['real'] }]);
  });

  it('does not group ordinary fields that share a container and a class', () => {
    const form = ['first_name', 'last_name', 'street', 'city', 'zip_code', 'country']
      .map((n) => `<input name="${n}" class="form-control">`)
      .join('');
    expect(detectIn(`<form>${form}</form>`)).toEqual([]);
  });

  it('does not group boxes of different types', () => {
    const mixed = `${box(1)}${box(2)}<input id="b3" type="password" maxlength="1">${box(4)}${box(5)}${box(6)}`;
    const dets = summary(detectIn(`<div>${heading}<div>${mixed}</div></div>`));
    expect(dets.some((d) => d.fields.length === 6)).toBe(false);
  });

  it('drops boxes that are not visible before counting', () => {
    const html = `<div>${heading}<div>${boxes(6)}<input id="b7" maxlength="1" style="display:none"><input id="b8" maxlength="1" style="display:none"></div></div>`;
    expect(summary(detectIn(html))).toEqual([{ kind: 'totp', fields: ids(6) }]);
  });
});
