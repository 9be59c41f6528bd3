// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type AddStep,
  type SecurityKeysApi,
  SecurityKeysPanel,
  type SlotView,
} from '../../../components/SecurityKeysPanel';
import { TwofoldError } from '../../../lib/errors';
import { setTranslator } from '../../../lib/i18n/translate';
import { catalogTranslator } from '../i18n/english';

const root = document.createElement('div');
document.body.append(root);
beforeAll(() => setTranslator(catalogTranslator('en')));
afterEach(() => render(null, root));

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));
const $ = <E extends Element = HTMLElement>(s: string) => root.querySelector<E>(s);

async function type(selector: string, value: string) {
  const input = $<HTMLInputElement>(selector) as HTMLInputElement;
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
const submit = () =>
  act(() => {
    ($('#security-key-add') as HTMLFormElement).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });

function api(slots: SlotView[], overrides: Partial<SecurityKeysApi> = {}): SecurityKeysApi {
  return {
    availability: 'available',
    list: async () => slots,
    add: async () => {},
    remove: async () => {},
    ...overrides,
  };
}

const PASSWORD: SlotView = { id: 'p1', type: 'password', label: '', createdAt: 0 };
const YUBIKEY: SlotView = { id: 'k1', type: 'prf', label: 'YubiKey', createdAt: Date.UTC(2026, 11, 1) };

describe('the "Passkeys and security keys" panel (issue 19)', () => {
  it('in Firefox says why in one line and offers nothing to click', async () => {
    const list = vi.fn(async () => []);
    await act(() => render(h(SecurityKeysPanel, api([], { availability: 'unsupported-browser', list })), root));
    expect($('#security-keys-unavailable')?.textContent).toBe(
      'Unlocking with a passkey or security key needs Chrome or another Chromium browser: Firefox does not let extension pages use them reliably yet.',
    );
    expect(root.querySelectorAll('button, input')).toHaveLength(0);
    expect(list).not.toHaveBeenCalled();
  });

  it('lists the master password as always kept (no Remove) and each key with a Remove that asks first', async () => {
    const remove = vi.fn(async () => {});
    await act(() => render(h(SecurityKeysPanel, api([PASSWORD, YUBIKEY], { remove })), root));
    await settle();
    const rows = root.querySelectorAll('#security-keys-list li');
    expect(rows[0]?.textContent).toBe('Master password (always kept)');
    expect(rows[0]?.querySelector('button')).toBeNull();
    const removeButton = rows[1]?.querySelector<HTMLButtonElement>('button.remove');
    expect(removeButton?.getAttribute('aria-label')).toBe('Remove YubiKey');
    await act(() => removeButton?.click());
    expect(remove).not.toHaveBeenCalled();
    expect(root.textContent).toContain('Remove “YubiKey”? It will no longer unlock Twofold.');
    await act(() => $('.confirm-remove')?.click());
    await settle();
    expect(remove).toHaveBeenCalledWith('k1');
    expect($('#security-keys-removed')?.textContent).toBe('“YubiKey” removed: it no longer unlocks Twofold.');
  });

  it('adding needs a name and the master password, shows each step, and a refusal next to the form', async () => {
    const add = vi.fn(async (_label: string, _password: string, onStep: (s: AddStep) => void) => {
      onStep('touch');
      await new Promise((r) => setTimeout(r, 0));
      onStep('touch-again');
      throw new TwofoldError(
        'no-prf',
        'This authenticator cannot unlock Twofold: it has no PRF (hmac-secret) support.',
      );
    });
    await act(() => render(h(SecurityKeysPanel, api([PASSWORD], { add })), root));
    await settle();
    await submit();
    expect($('#security-key-add-error')?.textContent).toBe('Give the key a name (up to 64 characters).');
    expect($('#security-key-name')?.getAttribute('aria-invalid')).toBe('true');
    await type('#security-key-name', '  Nitrokey 3  ');
    await submit();
    expect($('#security-key-add-error')?.textContent).toBe('Type your master password to confirm.');
    await type('#security-key-password', 'master');
    await submit();
    expect($('#security-key-step')?.textContent).toContain('Touch your security key');
    expect($('[role="progressbar"]')).not.toBeNull();
    await settle();
    await settle();
    expect(add).toHaveBeenCalledWith('Nitrokey 3', 'master', expect.any(Function));
    expect($('#security-key-add-error')?.getAttribute('role')).toBe('alert');
    expect($('#security-key-add-error')?.textContent).toContain('no PRF (hmac-secret)');
    expect($('#security-key-step')).toBeNull();
  });
});
