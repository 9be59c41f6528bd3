// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mayHaveCodeField } from '../../../lib/detect/prefilter';

const page = (html: string) => {
  document.body.innerHTML = html;
  return mayHaveCodeField(document);
};

describe('the content script’s first look', () => {
  it('passes pages with any input that takes text, whatever its type', () => {
    expect(page('<input name="otp">')).toBe(true);
    expect(page('<input type="tel">')).toBe(true);
    expect(page('<input type="code">')).toBe(true); // invalid types render as text
    expect(page('<input type="password">')).toBe(true);
  });
  it('passes pages whose inputs may live in a shadow root', () => {
    document.body.innerHTML = '<otp-form></otp-form>';
    (document.querySelector('otp-form') as HTMLElement).attachShadow({ mode: 'open' }).innerHTML = '<input>';
    expect(mayHaveCodeField(document)).toBe(true);
  });
  it('stops on pages with nothing that could take a code', () => {
    expect(page('<article><h1>News</h1><p>Text <a href="#">link</a></p><button>Share</button></article>')).toBe(false);
    expect(page('<form><input type="checkbox"><input type="hidden" name="otp"><input type="submit"></form>')).toBe(
      false,
    );
  });
});
