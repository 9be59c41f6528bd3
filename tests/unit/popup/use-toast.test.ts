// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Toast, type ToastAction } from '../../../components/Toast';
import { ACTION_TOAST_MS, isUndoKey, useToast } from '../../../entrypoints/popup/use-toast';

let show: (message: string, ms?: number, action?: ToastAction) => void = () => {};
/** The popup's wiring in small: a search box and the toast. */
function Popup({ mac }: { mac: boolean }) {
  const [message, toast, action, hold] = useToast(mac);
  show = toast;
  return h('div', null, [
    h('input', { id: 'search', key: 's' }),
    h(Toast, { message, action, onHold: hold, key: 't' }),
  ]);
}

const root = document.createElement('div');
document.body.append(root);
let undone = 0;
const undo = { label: 'Undo', run: () => undone++ };
const shown = () => document.getElementById('toast')?.textContent ?? '';
const button = () => document.getElementById('toast-action') as HTMLButtonElement;
const wait = (ms: number) =>
  act(() => {
    vi.advanceTimersByTime(ms);
  });
const key = (init: KeyboardEventInit, target: EventTarget = document.body) =>
  act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', bubbles: true, cancelable: true, ...init }));
  });

function mount(mac = false) {
  act(() => render(h(Popup, { mac }), root));
  act(() => show('Deleted GitHub.', undefined, undo));
}

beforeEach(() => {
  vi.useFakeTimers();
  undone = 0;
});
afterEach(() => {
  act(() => render(null, root));
  vi.useRealTimers();
});

describe('the undo toast (docs/ui.md "Toasts")', () => {
  it('waits while the focus is in it, then runs out in full once the focus leaves', async () => {
    mount();
    expect(shown()).toBe('Deleted GitHub.Undo');
    await wait(ACTION_TOAST_MS - 1);
    act(() => button().focus());
    await wait(10 * ACTION_TOAST_MS);
    expect(shown()).toBe('Deleted GitHub.Undo');
    act(() => (document.getElementById('search') as HTMLInputElement).focus());
    await wait(ACTION_TOAST_MS - 1);
    expect(shown()).not.toBe('');
    await wait(1);
    expect(shown()).toBe('');
    expect(undone).toBe(0);
  });

  it('waits while the pointer is over it', async () => {
    mount();
    const toast = document.getElementById('toast') as HTMLElement;
    act(() => {
      toast.dispatchEvent(new PointerEvent('pointerenter'));
    });
    await wait(3 * ACTION_TOAST_MS);
    expect(shown()).toBe('Deleted GitHub.Undo');
    act(() => {
      toast.dispatchEvent(new PointerEvent('pointerleave'));
    });
    await wait(ACTION_TOAST_MS);
    expect(shown()).toBe('');
  });

  it('a plain toast without the pointer or the focus goes at its time', async () => {
    act(() => render(h(Popup, { mac: false }), root));
    act(() => show('Copied', 3000));
    expect(document.getElementById('toast-action')).toBeNull();
    await wait(3000);
    expect(shown()).toBe('');
  });

  it('Undo from the keyboard hands the focus to the search box instead of the page body', async () => {
    mount();
    act(() => button().focus());
    act(() => button().click());
    expect(undone).toBe(1);
    expect(shown()).toBe('');
    expect(document.activeElement?.id).toBe('search');
  });

  it('Ctrl+Z undoes outside text fields while the toast shows, and tells it as the button’s shortcut', async () => {
    mount();
    expect(button().getAttribute('aria-keyshortcuts')).toBe('Control+Z');
    const search = document.getElementById('search') as HTMLInputElement;
    search.value = 'git';
    await key({ ctrlKey: true }, search);
    await key({ metaKey: true });
    await key({ ctrlKey: true, shiftKey: true });
    expect([undone, shown()]).toEqual([0, 'Deleted GitHub.Undo']);
    // From the empty search box, where the focus is after a delete, the key reaches the toast.
    search.value = '';
    await key({ ctrlKey: true }, search);
    expect([undone, shown()]).toEqual([1, '']);
    // No toast, no undo.
    await key({ ctrlKey: true });
    expect(undone).toBe(1);
  });

  it('⌘Z on a Mac, where Ctrl+Z is not undo', async () => {
    mount(true);
    expect(button().getAttribute('aria-keyshortcuts')).toBe('Meta+Z');
    await key({ ctrlKey: true });
    expect(undone).toBe(0);
    await key({ metaKey: true, key: 'Z' });
    expect(undone).toBe(1);
    expect(isUndoKey(new KeyboardEvent('keydown', { key: 'y', metaKey: true }), true)).toBe(false);
  });
});
