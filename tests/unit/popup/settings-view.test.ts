// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsView } from '../../../components/SettingsView';
import { DEFAULT_PREFERENCES, type Preferences } from '../../../lib/vault/settings';

const root = document.createElement('div');
document.body.append(root);
afterEach(() => render(null, root));

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));

describe('the Settings view shows what the background stored (issue 16)', () => {
  it('saves each change from the stored settings: a failed change is not carried into the next save', async () => {
    const stored: Preferences = { ...DEFAULT_PREFERENCES, autoLockMinutes: 15, backupReminder: true };
    const sent: Preferences[] = [];
    const answers: { resolve(): void; reject(e: unknown): void }[] = [];
    const save = (s: Preferences) => {
      sent.push(s);
      return new Promise<void>((resolve, reject) => answers.push({ resolve, reject }));
    };
    await act(() =>
      render(
        h(SettingsView, {
          load: async () => stored,
          save,
          changePassword: async () => ({ keysStillUnlock: false }),
          onBack() {},
        }),
        root,
      ),
    );
    await settle();
    const autoLock = root.querySelector<HTMLSelectElement>('#auto-lock') as HTMLSelectElement;
    expect(autoLock.disabled).toBe(false);

    // Two changes in a row; the first save fails.
    await act(() => {
      autoLock.value = '60';
      autoLock.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const reminder = root.querySelector<HTMLInputElement>('#backup-reminder') as HTMLInputElement;
    await act(() => {
      reminder.checked = false;
      reminder.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settle();
    expect(sent).toHaveLength(1);
    await act(() => answers[0]?.reject(new Error('storage refused')));
    await settle();
    expect(autoLock.value).toBe('15');
    expect(root.querySelector('#settings-status')?.textContent).toContain('storage refused');

    // The second save starts from what is stored: the failed auto-lock change is not in it.
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ autoLockMinutes: 15, backupReminder: false });
    await act(() => answers[1]?.resolve());
    await settle();
    expect(reminder.checked).toBe(false);
    expect(autoLock.value).toBe('15');
  });
});
