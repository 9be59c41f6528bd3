// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type KeyUnlock, UnlockView } from '../../../components/UnlockView';
import { TwofoldError } from '../../../lib/errors';
import { textsOf } from '../../../lib/i18n/text';
import { setTranslator } from '../../../lib/i18n/translate';
import exportsEn from '../../../locales/en/exports.json';
import { catalogTranslator } from '../i18n/english';

const root = document.createElement('div');
document.body.append(root);
beforeAll(() => setTranslator(catalogTranslator('en')));
afterEach(() => render(null, root));

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));
const $ = <E extends Element = HTMLElement>(s: string) => root.querySelector<E>(s);

function keyUnlock(count: number): KeyUnlock & { unlock: ReturnType<typeof vi.fn> } {
  return { count: async () => count, unlock: vi.fn(async () => {}) };
}

async function show(onUnlock: (p: string) => Promise<void>, keys?: KeyUnlock) {
  await act(() => render(h(UnlockView, { onUnlock, keyUnlock: keys }), root));
  await settle();
}

async function typeAndEnter(value: string) {
  const input = $<HTMLInputElement>('#password') as HTMLInputElement;
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  // Enter in a text field submits its form (HTML "implicit submission"): the form's submit event.
  await act(() => {
    ($('#unlock') as HTMLFormElement).dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
}

describe('the unlock screen with a passkey or security key (issue 19)', () => {
  it('shows the key button first when a key was added, and never starts the touch by itself', async () => {
    const keys = keyUnlock(1);
    await show(async () => {}, keys);
    const button = $('#unlock-key');
    expect(button?.textContent).toBe('Unlock with your security key or passkey');
    // It comes before the password form, which stays as the fallback.
    const form = $('#unlock') as HTMLElement;
    expect(button && button.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect($('#unlock-or')?.textContent).toBe('or use your master password');
    expect(keys.unlock).not.toHaveBeenCalled();
    await act(() => button?.click());
    await settle();
    expect(keys.unlock).toHaveBeenCalledTimes(1);
  });

  it('has no key button when no key can unlock', async () => {
    await show(async () => {}, keyUnlock(0));
    expect($('#unlock-key')).toBeNull();
  });

  it('Enter in the password field unlocks with the password, not the key', async () => {
    const keys = keyUnlock(2);
    const passwords: string[] = [];
    await show(async (p) => void passwords.push(p), keys);
    await typeAndEnter('correct horse');
    await settle();
    expect(passwords).toEqual(['correct horse']);
    expect(keys.unlock).not.toHaveBeenCalled();
  });

  it('shows a progress bar with a name while the password is checked, the buttons disabled, then the wrong password at once', async () => {
    let answer: (e?: unknown) => void = () => {};
    await show(
      () =>
        new Promise<void>((resolve, reject) => {
          answer = (e) => (e ? reject(e) : resolve());
        }),
      keyUnlock(1),
    );
    expect($('[role="progressbar"]')).toBeNull();
    await typeAndEnter('wrong');
    const bar = $('[role="progressbar"]');
    expect(bar?.getAttribute('aria-label')).toBe('Unlocking…');
    expect(($('#unlock button[type="submit"]') as HTMLButtonElement).disabled).toBe(true);
    expect(($('#unlock-key') as HTMLButtonElement).disabled).toBe(true);
    await act(() => answer(new TwofoldError('wrong-password', 'Wrong master password.')));
    await settle();
    expect($('[role="progressbar"]')).toBeNull();
    expect($('#unlock-error')?.getAttribute('role')).toBe('alert');
    expect($('#unlock-error')?.textContent).toBe('Wrong master password.');
    expect(($('#unlock button[type="submit"]') as HTMLButtonElement).disabled).toBe(false);
  });

  it('a throttled answer shows one message that counts down, gone at 0, and the password can still be sent', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const text = textsOf(exportsEn);
      let tries = 0;
      await act(() =>
        render(
          h(UnlockView, {
            onUnlock: async () => {
              tries++;
              throw new TwofoldError('throttled', text('exports_throttled', 3));
            },
          }),
          root,
        ),
      );
      await typeAndEnter('again');
      await act(async () => {
        await vi.advanceTimersByTimeAsync(0);
      });
      const shown = () =>
        [...root.querySelectorAll('#unlock p')].map((p) => p.textContent ?? '').filter((s) => /\d+ s\b/.test(s));
      // One line naming the seconds: the background's "3 s" would go stale beside a counter.
      expect(shown()).toEqual(['Too many wrong passwords. Try again in 3 s.']);
      // One second at a time: each tick renders, and the next tick is set from that render.
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1000);
      });
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1000);
      });
      expect(shown()).toEqual(['Too many wrong passwords. Try again in 1 s.']);
      expect(($('#unlock button[type="submit"]') as HTMLButtonElement).disabled).toBe(false);
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1000);
      });
      // At 0 the wait is over: nothing tells to wait any more, and the field is no longer marked wrong.
      expect(shown()).toEqual([]);
      expect($('#unlock-error')).toBeNull();
      expect($('#password')?.getAttribute('aria-invalid')).toBe('false');
      await typeAndEnter('again');
      expect(tries).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a key that does not unlock is told next to the key button', async () => {
    const keys: KeyUnlock = {
      count: async () => 1,
      unlock: async () => {
        throw new TwofoldError('wrong-key', 'This passkey or security key does not unlock this vault');
      },
    };
    await show(async () => {}, keys);
    await act(() => $('#unlock-key')?.click());
    await settle();
    expect($('#unlock-key-error')?.getAttribute('role')).toBe('alert');
    expect($('#unlock-key-error')?.textContent).toBe('This passkey or security key does not unlock this vault');
    expect($('#unlock-key')?.getAttribute('aria-describedby')).toContain('unlock-key-error');
  });
});
