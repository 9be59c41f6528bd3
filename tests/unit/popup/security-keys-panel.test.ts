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
    // The password was not wrong: it stays valid and the focus goes to the button, to try again with another key.
    expect($('#security-key-password')?.getAttribute('aria-invalid')).toBe('false');
    expect($('#security-key-name')?.getAttribute('aria-invalid')).toBe('false');
    expect(document.activeElement?.id).toBe('security-key-add-button');
  });

  /** Adds a key named "Key" with a password, and the background refuses it with `code`. */
  async function addRefusedWith(code: string): Promise<void> {
    const add = async () => {
      throw new TwofoldError(code, `refused: ${code}`);
    };
    await act(() => render(h(SecurityKeysPanel, api([PASSWORD], { add })), root));
    await settle();
    await type('#security-key-name', 'Key');
    await type('#security-key-password', 'master');
    await submit();
    await settle();
  }

  for (const code of ['cancelled', 'already-added', 'duplicate', 'security']) {
    it(`a "${code}" refusal leaves both fields valid and focuses the add button`, async () => {
      await addRefusedWith(code);
      expect($('#security-key-add-error')?.textContent).toBe(`refused: ${code}`);
      expect($('#security-key-password')?.getAttribute('aria-invalid')).toBe('false');
      expect($('#security-key-name')?.getAttribute('aria-invalid')).toBe('false');
      expect(document.activeElement?.id).toBe('security-key-add-button');
    });
  }

  for (const code of ['wrong-password', 'throttled']) {
    it(`a "${code}" refusal marks the master password and focuses it`, async () => {
      await addRefusedWith(code);
      expect($('#security-key-password')?.getAttribute('aria-invalid')).toBe('true');
      expect($('#security-key-name')?.getAttribute('aria-invalid')).toBe('false');
      expect(document.activeElement?.id).toBe('security-key-password');
    });
  }

  it('"Keep it" gives the focus back to that row’s Remove; "Yes, remove" to the list’s heading', async () => {
    const other: SlotView = { id: 'k2', type: 'prf', label: 'Phone', createdAt: Date.UTC(2026, 11, 2) };
    let slots = [PASSWORD, YUBIKEY, other];
    const remove = vi.fn(async (id: string) => {
      slots = slots.filter((s) => s.id !== id);
    });
    await act(() => render(h(SecurityKeysPanel, { ...api([], { remove }), list: async () => slots }), root));
    await settle();
    await act(() => $('[data-id="k2"] button.remove')?.click());
    expect(document.activeElement?.classList.contains('confirm-remove')).toBe(true);
    await act(() => $('[data-id="k2"] button.keep')?.click());
    expect(document.activeElement).toBe($('[data-id="k2"] button.remove'));
    await act(() => $('[data-id="k1"] button.remove')?.click());
    await act(() => $('[data-id="k1"] .confirm-remove')?.click());
    await settle();
    expect(remove).toHaveBeenCalledWith('k1');
    expect($('[data-id="k1"]')).toBeNull();
    expect(document.activeElement?.id).toBe('security-keys-title');
  });

  it('a damaged key shows as one that cannot unlock, with no date, and can be removed', async () => {
    const damaged: SlotView = { id: 'd1', type: 'prf', label: '', createdAt: 0, damaged: true };
    const remove = vi.fn(async () => {});
    await act(() => render(h(SecurityKeysPanel, api([PASSWORD, damaged], { remove })), root));
    await settle();
    const row = $('[data-id="d1"]');
    expect(row?.querySelector('.slot-name')?.textContent).toBe('Damaged key (cannot unlock)');
    expect(row?.querySelector('.meta')).toBeNull();
    expect(row?.textContent).not.toContain('1970');
    const button = row?.querySelector<HTMLButtonElement>('button.remove');
    expect(button?.getAttribute('aria-label')).toBe('Remove Damaged key (cannot unlock)');
    await act(() => button?.click());
    await act(() => $('[data-id="d1"] .confirm-remove')?.click());
    await settle();
    expect(remove).toHaveBeenCalledWith('d1');
  });
});
