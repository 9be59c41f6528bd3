// @vitest-environment happy-dom
import { h, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { RestorePanel } from '../../../components/RestorePanel';
import { setTranslator } from '../../../lib/i18n/translate';
import { catalogTranslator } from '../i18n/english';

afterEach(() => {
  document.body.replaceChildren();
  setTranslator(catalogTranslator('en'));
});

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('restore panel: a Preview clicked while the chosen file is still being read', () => {
  it('waits for the file instead of saying that none was chosen', async () => {
    setTranslator(catalogTranslator('en'));
    const previews: { text: string; password: string }[] = [];
    const host = document.createElement('div');
    document.body.append(host);
    render(
      h(RestorePanel, {
        onPreview: async (text: string, password: string) => {
          previews.push({ text, password });
          throw new Error('stop here');
        },
        onApply: async () => {
          throw new Error('not called');
        },
      }),
      host,
    );
    await wait(0);
    const input = host.querySelector<HTMLInputElement>('#restore-file');
    const password = host.querySelector<HTMLInputElement>('#restore-password');
    const form = input?.closest('form');
    if (!input || !password || !form) throw new Error('the restore form is not drawn');
    // A file whose text arrives later, as a large file's does.
    const slowFile = { name: 'backup.json', text: () => wait(30).then(() => '{"format":"twofold-backup"}') };
    Object.defineProperty(input, 'files', { value: [slowFile], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    password.value = 'backup password';
    password.dispatchEvent(new Event('input', { bubbles: true }));
    await wait(0);
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await wait(80);
    expect(host.textContent).not.toContain('Choose a Twofold backup file first.');
    expect(previews).toEqual([{ text: '{"format":"twofold-backup"}', password: 'backup password' }]);
  });
});
