// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CrossSitePicker, PICK_DELAY_MS } from '../../../components/CrossSitePicker';
import { setTranslator } from '../../../lib/i18n/translate';
import { catalogTranslator } from '../i18n/english';

const ACCOUNTS = [
  { id: 'a1', issuer: 'GitHub', account: 'alice', letter: 'G' },
  { id: 'a2', issuer: 'Mail', account: 'bob', letter: 'M' },
];

function mount() {
  const onPick = vi.fn();
  const host = document.createElement('div');
  document.body.append(host);
  act(() => {
    render(
      h(CrossSitePicker, {
        phase: 'ready',
        site: 'example.com',
        origin: 'https://example.com',
        accounts: ACCOUNTS,
        onPick,
        onCancel: () => {},
      }),
      host,
    );
  });
  const search = document.getElementById('picker-search') as HTMLInputElement;
  const press = (key: string, init: KeyboardEventInit = {}) =>
    act(() => {
      search.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
    });
  const wait = (ms: number) =>
    act(() => {
      vi.advanceTimersByTime(ms);
    });
  return { onPick, press, wait };
}

beforeEach(() => {
  vi.useFakeTimers();
  setTranslator(catalogTranslator('en'));
});
afterEach(() => {
  act(() => render(null, document.body));
  document.body.replaceChildren();
  vi.useRealTimers();
});

describe('the cross-site picker takes no pick it was not meant to get (review finding 6)', () => {
  it('preselects no account: Enter right away picks nothing, however long the window was open', () => {
    const { onPick, press, wait } = mount();
    expect(document.querySelectorAll('[role=option][aria-selected=true]')).toHaveLength(0);
    wait(PICK_DELAY_MS * 3);
    press('Enter');
    expect(onPick).not.toHaveBeenCalled();
    expect((document.getElementById('picker-use') as HTMLButtonElement).disabled).toBe(true);
  });

  it('ignores picks for a moment after the window is shown, and key repeats always', () => {
    const { onPick, press, wait } = mount();
    press('ArrowDown');
    press('Enter');
    expect(onPick).not.toHaveBeenCalled();
    expect((document.getElementById('picker-use') as HTMLButtonElement).disabled).toBe(true);
    wait(PICK_DELAY_MS);
    press('Enter', { repeat: true });
    expect(onPick).not.toHaveBeenCalled();
    press('Enter');
    expect(onPick).toHaveBeenCalledWith('a1', false);
  });

  it('ignores picks for a moment after the window regains focus', () => {
    const { onPick, press, wait } = mount();
    press('ArrowDown');
    wait(PICK_DELAY_MS);
    act(() => {
      window.dispatchEvent(new Event('focus'));
    });
    press('Enter');
    expect(onPick).not.toHaveBeenCalled();
    (document.getElementById('picker-use') as HTMLButtonElement).click();
    expect(onPick).not.toHaveBeenCalled();
    wait(PICK_DELAY_MS);
    (document.getElementById('picker-use') as HTMLButtonElement).click();
    expect(onPick).toHaveBeenCalledWith('a1', false);
  });
});
