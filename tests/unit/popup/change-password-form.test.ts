// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChangePasswordForm } from '../../../components/ChangePasswordForm';
import { setTranslator } from '../../../lib/i18n/translate';
import { catalogTranslator } from '../i18n/english';

const root = document.createElement('div');
document.body.append(root);
beforeAll(() => setTranslator(catalogTranslator('en')));
afterEach(() => render(null, root));

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));

async function type(selector: string, value: string) {
  const input = root.querySelector<HTMLInputElement>(selector) as HTMLInputElement;
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function changeWith(keysStillUnlock: boolean): Promise<string> {
  const onChange = vi.fn(async () => ({ keysStillUnlock }));
  await act(() => render(h(ChangePasswordForm, { onChange }), root));
  await type('#current-password', 'old master password');
  await type('#next-password', 'a new long master password');
  await type('#next-password-confirm', 'a new long master password');
  await act(() => {
    root.querySelector('#password-form')?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
  await settle();
  expect(onChange).toHaveBeenCalledWith('old master password', 'a new long master password');
  return root.querySelector('#password-result')?.textContent ?? '';
}

describe('changing the master password says what still unlocks (docs/vault-format.md "Operations")', () => {
  it('with passkeys or security keys added, says they still unlock and where to review them', async () => {
    await expect(changeWith(true)).resolves.toBe(
      'Password changed. Use the new one from now on. Passkeys and security keys still unlock; review them in Settings.',
    );
  });

  it('without any, says only that the password changed', async () => {
    await expect(changeWith(false)).resolves.toBe('Password changed. Use the new one from now on.');
  });
});
