// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AddRequest, AddView } from '../../../components/AddView';
import type { Clock } from '../../../components/clock';
import { TwofoldError } from '../../../lib/errors';
import { fill } from '../../../lib/i18n/text';
import { setTranslator } from '../../../lib/i18n/translate';
import { MAX_DIGITS, MIN_DIGITS } from '../../../lib/otp/types';
import en from '../../../locales/en/core.json';

const clock: Clock = { now: () => 59_000, subscribe: () => () => {} };
const root = document.createElement('div');
document.body.append(root);
const catalog: Record<string, string> = en;
beforeAll(() => setTranslator({ message: (key, subs) => fill(catalog[key] ?? '', subs), language: 'en' }));
afterEach(() => render(null, root));

let sent: AddRequest[] = [];
let answer: (req: AddRequest) => Promise<void> = async () => {};
async function open() {
  sent = [];
  await act(() =>
    render(
      h(AddView, {
        clock,
        onSubmit: (req: AddRequest) => {
          sent.push(req);
          return answer(req);
        },
        onBack() {},
        onScanPage() {},
        onPicture() {},
        onLinks() {},
      }),
      root,
    ),
  );
}
const $ = <T extends HTMLElement>(selector: string) => root.querySelector<T>(selector) as T;
async function type(selector: string, value: string) {
  await act(() => {
    const el = $<HTMLInputElement>(selector);
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function submit() {
  await act(async () => {
    $('#add-form').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await new Promise((r) => setTimeout(r, 0));
  });
}

describe('the add form (issue 16: link and manual parts, the core’s limits, failures typed by field)', () => {
  it('stops digits outside the core’s limits at the digits field, with the core’s sentence', async () => {
    await open();
    await type('#add-issuer', 'Bank');
    await type('#add-secret', 'JBSWY3DPEHPK3PXP');
    await type('#add-digits', String(MAX_DIGITS + 1));
    await submit();
    expect(sent).toEqual([]);
    expect($('#add-error').textContent).toBe(`Codes must have ${MIN_DIGITS} to ${MAX_DIGITS} digits.`);
    expect(document.activeElement).toBe($('#add-digits'));
    expect($('#add-digits').getAttribute('aria-invalid')).toBe('true');
    // The sentence is printed under the field it is about, and the field is described by it.
    expect($('#add-digits').closest('.field')?.contains($('#add-error'))).toBe(true);
    expect($('#add-digits').getAttribute('aria-describedby')).toBe('add-error');
    // Editing the field takes its mark off; the sentence stays until the next try.
    await type('#add-digits', '8');
    expect($('#add-digits').getAttribute('aria-invalid')).toBeNull();
  });

  it('points at the field a background failure names by its code (the core’s DraftErrorCode)', async () => {
    answer = async () => {
      throw new TwofoldError('secret', 'That key is not Base32.');
    };
    await open();
    await type('#add-issuer', 'Bank');
    await type('#add-secret', 'not base32!');
    await submit();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.draft).toMatchObject({
      kind: 'totp',
      secret: 'not base32!',
      issuer: 'Bank',
      digits: 6,
      period: 30,
    });
    expect($('#add-error').textContent).toBe('That key is not Base32.');
    expect(document.activeElement).toBe($('#add-secret'));
    expect($('#add-secret').closest('.field')?.contains($('#add-error'))).toBe(true);
  });

  it('sends a pasted link as the link form, without the manual fields', async () => {
    answer = async () => {};
    await open();
    await type('#add-uri', 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub');
    expect(root.querySelector('#add-secret')).toBeNull();
    await type('#add-sites', 'github.com');
    await submit();
    expect(sent).toEqual([
      {
        draft: { uri: 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub' },
        sites: ['github.com'],
      },
    ]);
  });
});
