// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { FillError } from '../../../lib/fill/errors';
import { fillCode } from '../../../lib/fill/fill';
import { localize, setTranslator } from '../../../lib/i18n/translate';
import { catalogTranslator } from '../i18n/english';
import { html, input, reactLikeControlled, record } from './helpers';

function fillError(fn: () => unknown): FillError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FillError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

beforeEach(() => html(''));

describe('fillCode: one field', () => {
  it('sets the value and fires focus, keys, beforeinput, input, keyup and change in order', () => {
    html('<form><input id="otp" autocomplete="one-time-code"></form>');
    const field = input('#otp');
    const seen = record(field);
    const result = fillCode([field], '123');
    expect(result).toEqual({ filled: [field], valueAfter: '123' });
    expect(field.value).toBe('123');
    expect(field.ownerDocument.activeElement).toBe(field);
    expect(seen.map((s) => s.type)).toEqual([
      'focus',
      'keydown',
      'keypress',
      'keydown',
      'keypress',
      'keydown',
      'keypress',
      'beforeinput',
      'input',
      'keyup',
      'keyup',
      'keyup',
      'change',
    ]);
    const by = (type: string) => seen.filter((s) => s.type === type);
    // beforeinput sees the old value, input the new one (Input Events: beforeinput precedes the DOM update).
    expect(by('beforeinput')[0]).toMatchObject({
      value: '',
      inputType: 'insertText',
      data: '123',
      bubbles: true,
      composed: true,
      cancelable: true,
      isInputEvent: true,
    });
    expect(by('input')[0]).toMatchObject({
      value: '123',
      inputType: 'insertText',
      data: '123',
      bubbles: true,
      composed: true,
      cancelable: false,
      isInputEvent: true,
    });
    expect(by('keydown').map((s) => [s.key, s.code, s.keyCode, s.charCode])).toEqual([
      ['1', 'Digit1', 49, 0],
      ['2', 'Digit2', 50, 0],
      ['3', 'Digit3', 51, 0],
    ]);
    expect(by('keypress').map((s) => [s.key, s.keyCode, s.charCode])).toEqual([
      ['1', 49, 49],
      ['2', 50, 50],
      ['3', 51, 51],
    ]);
    expect(by('keydown').every((s) => s.bubbles && s.composed && s.cancelable && s.value === '')).toBe(true);
    expect(by('keyup').every((s) => s.value === '123')).toBe(true);
    expect(by('change')[0]).toMatchObject({ value: '123', bubbles: true, composed: false });
  });

  it('replaces an existing value', () => {
    html('<input id="otp" value="999999">');
    expect(fillCode([input('#otp')], '123456').valueAfter).toBe('123456');
  });

  it('events reach listeners on the document (bubbling) and the form', () => {
    html('<form id="f"><input id="otp"></form>');
    const field = input('#otp');
    const onDoc = record(field, document);
    fillCode([field], '42');
    expect(onDoc.map((s) => s.type)).toContain('input');
    expect(onDoc.map((s) => s.type)).toContain('change');
  });

  it('uses the native setter even when the element has its own value property (React value tracker)', () => {
    html('<input id="otp">');
    const field = input('#otp');
    const react = reactLikeControlled(field);
    fillCode([field], '654321');
    expect(react.changes).toEqual(['654321']);
    expect(react.state()).toBe('654321');
    expect(field.value).toBe('654321');
  });

  it('a plain assignment would have been lost by that tracker (the emulation is faithful)', () => {
    html('<input id="otp">');
    const field = input('#otp');
    const react = reactLikeControlled(field);
    field.value = '654321';
    field.dispatchEvent(new InputEvent('input', { bubbles: true }));
    expect(react.changes).toEqual([]);
    expect(field.value).toBe('');
  });

  it('does not type twice when a page handles keys itself and cancels them', () => {
    html('<input id="otp">');
    const field = input('#otp');
    let inputs = 0;
    field.addEventListener('keydown', (e) => {
      e.preventDefault();
      field.value += e.key;
    });
    field.addEventListener('input', () => inputs++);
    const seen = record(field);
    expect(fillCode([field], '123456').valueAfter).toBe('123456');
    expect(inputs).toBe(0);
    expect(seen.map((s) => s.type)).not.toContain('keypress');
  });

  it('does not insert when the page cancels beforeinput (as a browser would not)', () => {
    html('<input id="otp">');
    const field = input('#otp');
    field.addEventListener('beforeinput', (e) => e.preventDefault());
    const seen = record(field);
    expect(fillCode([field], '123456').valueAfter).toBe('');
    expect(seen.map((s) => s.type)).not.toContain('input');
  });

  it('reports what the page kept: valueAfter shows a handler that rewrites the value', () => {
    html('<input id="otp">');
    const field = input('#otp');
    field.addEventListener('input', () => {
      field.value = field.value.replace(/(\d{3})(\d{3})/, '$1 $2');
    });
    expect(fillCode([field], '123456').valueAfter).toBe('123 456');
  });

  it('fills password, tel, number and text fields', () => {
    for (const type of ['password', 'tel', 'number', 'text', 'search']) {
      html(`<input id="otp" type="${type}">`);
      expect(fillCode([input('#otp')], '012345').valueAfter, type).toBe('012345');
    }
  });

  it('works in a field inside an open shadow root; input is composed so the host hears it', () => {
    html('<x-otp id="host"></x-otp>');
    const host = document.getElementById('host') as HTMLElement;
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<input id="in">';
    const field = root.getElementById('in') as HTMLInputElement;
    const heard: string[] = [];
    host.addEventListener('input', (e) => heard.push((e.composedPath()[0] as HTMLInputElement).value));
    fillCode([field], '777777');
    expect(heard).toEqual(['777777']);
    expect(root.activeElement).toBe(field);
  });
});

describe('fillCode: append mode', () => {
  it('keeps the password and appends the code', () => {
    html('<input id="pw" type="password" value="hunter2">');
    const field = input('#pw');
    const seen = record(field);
    const result = fillCode([field], '123456', { mode: 'append' });
    expect(result.valueAfter).toBe('hunter2123456');
    expect(seen.find((s) => s.type === 'input')).toMatchObject({ inputType: 'insertText', data: '123456' });
  });

  it('appends to an empty field', () => {
    html('<input id="pw" type="password">');
    expect(fillCode([input('#pw')], '123456', { mode: 'append' }).valueAfter).toBe('123456');
  });

  it('needs a single field', () => {
    html('<input class="b"><input class="b">');
    const fields = [input('.b:nth-child(1)'), input('.b:nth-child(2)')];
    expect(fillError(() => fillCode(fields, '12', { mode: 'append' })).code).toBe('append-needs-one-field');
  });

  it('respects maxlength for password plus code', () => {
    html('<input id="pw" type="password" value="hunter2" maxlength="12">');
    const e = fillError(() => fillCode([input('#pw')], '123456', { mode: 'append' }));
    expect(e.code).toBe('too-long');
    expect(input('#pw').value).toBe('hunter2');
  });
});

describe('fillCode: maxlength', () => {
  it('fills a code that fits', () => {
    html('<input id="otp" maxlength="6">');
    expect(fillCode([input('#otp')], '123456').valueAfter).toBe('123456');
  });

  it('refuses a code longer than maxlength instead of truncating it', () => {
    html('<input id="otp" maxlength="6">');
    const field = input('#otp');
    const seen = record(field);
    const e = fillError(() => fillCode([field], '12345678'));
    expect(e.code).toBe('too-long');
    expect(e.fieldIndex).toBe(0);
    expect(e.message).toMatch(/8-character code.*6 characters.*#otp/);
    expect(e.message).not.toContain('12345678');
    expect(field.value).toBe('');
    expect(seen).toEqual([]);
  });

  it('ignores maxlength where HTML says it does not apply (type=number)', () => {
    html('<input id="otp" type="number" maxlength="4">');
    expect(fillCode([input('#otp')], '123456').valueAfter).toBe('123456');
  });
});

describe('fillCode: refusals', () => {
  it.each([
    ['<input id="f" type="hidden">', 'field-hidden'],
    ['<input id="f" hidden>', 'field-hidden'],
    ['<div hidden><input id="f"></div>', 'field-hidden'],
    ['<div style="display:none"><input id="f"></div>', 'field-hidden'],
    ['<input id="f" style="display:none">', 'field-hidden'],
    ['<input id="f" style="visibility:hidden">', 'field-hidden'],
    ['<div style="visibility:hidden"><input id="f"></div>', 'field-hidden'],
    ['<input id="f" disabled>', 'field-disabled'],
    ['<fieldset disabled><input id="f"></fieldset>', 'field-disabled'],
    ['<div inert><input id="f"></div>', 'field-disabled'],
    ['<input id="f" readonly>', 'field-readonly'],
    ['<input id="f" type="checkbox">', 'field-not-text'],
    ['<input id="f" type="date">', 'field-not-text'],
  ])('%s → %s', (markup, code) => {
    html(markup);
    const field = input('#f');
    const before = field.value;
    const seen = record(field);
    const e = fillError(() => fillCode([field], '123456'));
    expect(e.code).toBe(code);
    expect(e.fieldIndex).toBe(0);
    expect(field.value).toBe(before);
    expect(seen).toEqual([]);
  });

  it('fills a field in the first legend of a disabled fieldset (HTML: it stays enabled)', () => {
    html('<fieldset disabled><legend><input id="f"></legend></fieldset>');
    expect(fillCode([input('#f')], '1').valueAfter).toBe('1');
  });

  it('fills a transparent field (segmented widgets type into an invisible input)', () => {
    html('<input id="f" style="opacity:0">');
    expect(fillCode([input('#f')], '123456').valueAfter).toBe('123456');
  });

  it('refuses a detached field, no field, an empty code', () => {
    const detached = document.createElement('input');
    expect(fillError(() => fillCode([detached], '1')).code).toBe('field-detached');
    expect(fillError(() => fillCode([], '1')).code).toBe('no-fields');
    html('<input id="f">');
    expect(fillError(() => fillCode([input('#f')], '')).code).toBe('empty-code');
  });

  it('errors are FillErrors with a stable code and a message naming the field', () => {
    html('<input id="f" name="totp" readonly>');
    const e = fillError(() => fillCode([input('#f')], '123456'));
    expect(e).toBeInstanceOf(FillError);
    expect(e.name).toBe('FillError');
    expect(e.message).toMatch(/field 1 \(#f\) is read-only/);
  });

  it("errors carry a localisable text that names the field in the user's language", () => {
    html('<input id="f" readonly>');
    const e = fillError(() => fillCode([input('#f')], '123456'));
    expect(e.text?.key).toBe('content_fill_readonly');
    expect(e.text?.subs[0]).toMatchObject({ key: 'content_fill_field_named', subs: [1, '#f'] });
    setTranslator(catalogTranslator('de'));
    expect(localize(e.text as NonNullable<typeof e.text>)).toBe(
      'Das Feld 1 (#f) ist schreibgeschützt, daher wird kein Code darin ausgefüllt.',
    );
    html('<input maxlength="6">');
    const long = fillError(() => fillCode([input('input')], '12345678'));
    setTranslator(catalogTranslator('fr'));
    expect(localize(long.text as NonNullable<typeof long.text>)).toBe(
      'Le code de 8 caractères dépasse les 6 caractères acceptés par le champ 1 (maxlength).',
    );
  });
});
