// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SetupView } from '../../../components/SetupView';
import { setTranslator } from '../../../lib/i18n/translate';
import { catalogTranslator } from '../i18n/english';

const root = document.createElement('div');
document.body.append(root);
beforeAll(() => setTranslator(catalogTranslator('en')));
afterEach(() => render(null, root));

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));
const error = () => root.querySelector('#setup-error')?.textContent ?? null;

async function type(selector: string, value: string) {
  const input = root.querySelector<HTMLInputElement>(selector) as HTMLInputElement;
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function submit() {
  await act(() => {
    root.querySelector('#setup')?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
  await settle();
}

describe('the setup form: an error lasts only while its field is wrong', () => {
  it('the too-short error goes once the password is long enough, and the vault is created', async () => {
    const onCreate = vi.fn(async () => {});
    await act(() => render(h(SetupView, { onCreate }), root));
    await type('#new-password', 'short');
    await submit();
    expect(error()).toMatch(/at least/);
    expect(root.querySelector('#new-password')?.getAttribute('aria-invalid')).toBe('true');
    await type('#new-password', 'shorter');
    expect(error()).toMatch(/at least/); // still too short: the error stays
    await type('#new-password', 'a long enough master password');
    expect(error()).toBeNull();
    expect(root.querySelector('#new-password')?.getAttribute('aria-invalid')).toBe('false');
    await type('#confirm-password', 'a long enough master password');
    await submit();
    expect(onCreate).toHaveBeenCalledWith('a long enough master password');
  });

  it('the mismatch error goes once the two passwords match, not before', async () => {
    await act(() => render(h(SetupView, { onCreate: async () => {} }), root));
    await type('#new-password', 'a long enough master password');
    await type('#confirm-password', 'a long enough master passwor');
    await submit();
    const mismatch = error();
    expect(mismatch).not.toBeNull();
    await type('#confirm-password', 'a long enough master passwo');
    expect(error()).toBe(mismatch);
    await type('#confirm-password', 'a long enough master password');
    expect(error()).toBeNull();
  });

  it('a failure of the creation itself stays until the next try', async () => {
    await act(() =>
      render(
        h(SetupView, {
          onCreate: async () => {
            throw new Error('The disk is full.');
          },
        }),
        root,
      ),
    );
    await type('#new-password', 'a long enough master password');
    await type('#confirm-password', 'a long enough master password');
    await submit();
    expect(error()).toContain('The disk is full.');
    await type('#confirm-password', 'a long enough master password');
    expect(error()).toContain('The disk is full.');
  });
});
