// @vitest-environment happy-dom
import { type ComponentChild, h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupPanel } from '../../../components/BackupPanel';
import { ExportPanel } from '../../../components/ExportPanel';
import { sheetEntries } from '../../../lib/export/sheet';
import { setTranslator } from '../../../lib/i18n/translate';
import { catalogTranslator } from '../i18n/english';
import { sampleAccount } from '../vault/fixtures';

function mount(vnode: ComponentChild): HTMLElement {
  const host = document.createElement('div');
  document.body.append(host);
  render(vnode, host);
  return host;
}
const flush = () => new Promise((r) => setTimeout(r, 0));
const type = async (host: HTMLElement, selector: string, value: string) => {
  const input = host.querySelector(selector) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await flush();
};
const submit = async (host: HTMLElement, form: string) => {
  (host.querySelector(form) as HTMLFormElement).dispatchEvent(new Event('submit'));
  await flush();
};
const choose = async (host: HTMLElement, format: string) => {
  (host.querySelector(`input[name="export-format"][value="${format}"]`) as HTMLInputElement).click();
  await flush();
};

beforeEach(() => setTranslator(catalogTranslator('en')));
afterEach(() => document.body.replaceChildren());

describe('exports ask for the master password in the page (issue 14 finding 12)', () => {
  it('sends no export without it, sends it with every kind of export, and forgets it after each', async () => {
    const calls: string[] = [];
    const entries = sheetEntries([sampleAccount({ id: 'a' })]);
    const host = mount(
      h(ExportPanel, {
        accounts: [{ id: 'a', name: 'Example' }],
        onFile: async (format, _ids, _pw, master) => {
          calls.push(`${format}:${master}`);
          return { fileName: 'f', skipped: [] };
        },
        onMigration: async (_ids, master) => {
          calls.push(`google:${master}`);
          return { uris: ['otpauth-migration://offline?data=x'], skipped: [] };
        },
        onSheet: async (_ids, master) => {
          calls.push(`sheet:${master}`);
          return entries;
        },
        onPrint: () => undefined,
      }),
    );
    const label = host.querySelector('label[for="export-master"]')?.textContent;
    expect(label).toBe('Your master password (to confirm it is you)');
    for (const format of [
      'aegis-encrypted',
      'aegis-plain',
      'twofas',
      'bitwarden',
      'uri-list',
      'google',
      'qr',
      'sheet',
    ]) {
      await choose(host, format);
      if (format === 'aegis-encrypted') {
        await type(host, '#export-password', 'file password 1');
        await type(host, '#export-confirm', 'file password 1');
      }
      if (format === 'qr') {
        const one = host.querySelector('#export-one') as HTMLSelectElement;
        one.value = 'a';
        one.dispatchEvent(new Event('change'));
        await flush();
      }
      const understood = host.querySelector('#export-understood') as HTMLInputElement | null;
      if (understood && !understood.checked) understood.click();
      await flush();
      await submit(host, '#export-form');
      expect(host.querySelector('#export-result')?.textContent, format).toBe(
        'Type your master password to confirm this export.',
      );
      await type(host, '#export-master', `master for ${format}`);
      await submit(host, '#export-form');
      expect((host.querySelector('#export-master') as HTMLInputElement).value, format).toBe('');
    }
    expect(calls).toEqual([
      'aegis-encrypted:master for aegis-encrypted',
      'aegis-plain:master for aegis-plain',
      'twofas:master for twofas',
      'bitwarden:master for bitwarden',
      'uri-list:master for uri-list',
      'google:master for google',
      'sheet:master for qr',
      'sheet:master for sheet',
    ]);
  });

  it('asks for it before a backup under a new password', async () => {
    const sent: string[][] = [];
    const host = mount(
      h(BackupPanel, {
        status: undefined,
        onBackup: async (password, master) => {
          sent.push([password, master]);
          return { fileName: 'b.json', accounts: 1, created: 0 };
        },
        onSaved: async () => undefined,
      }),
    );
    await type(host, '#backup-password', 'backup password 1');
    await type(host, '#backup-confirm', 'backup password 1');
    await submit(host, '#backup-form');
    expect(host.querySelector('#backup-result')?.textContent).toBe('Type your master password to confirm this export.');
    expect(sent).toEqual([]);
    await type(host, '#backup-master', 'my master');
    await submit(host, '#backup-form');
    expect(sent).toEqual([['backup password 1', 'my master']]);
    expect((host.querySelector('#backup-master') as HTMLInputElement).value).toBe('');
  });
});
