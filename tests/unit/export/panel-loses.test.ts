// @vitest-environment happy-dom
import { type ComponentChild, h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExportPanel } from '../../../components/ExportPanel';
import { writeBitwardenJson } from '../../../lib/export/bitwarden';
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
const choose = async (host: HTMLElement, format: string) => {
  (host.querySelector(`input[name="export-format"][value="${format}"]`) as HTMLInputElement).click();
  await flush();
};

beforeEach(() => setTranslator(catalogTranslator('en')));
afterEach(() => document.body.replaceChildren());

const hotp = sampleAccount({
  id: 'h',
  otp: {
    kind: 'hotp',
    secret: new Uint8Array(20).fill(1),
    issuer: 'Bank',
    account: 'bob',
    algorithm: 'SHA1',
    digits: 6,
    counter: 3n,
  },
});
const totp = sampleAccount({ id: 't' });

describe('the export panel says what a format cannot carry', () => {
  it('before writing, for every format that loses something, and lists the accounts left out after', async () => {
    const host = mount(
      h(ExportPanel, {
        accounts: [
          { id: 't', name: 'Example' },
          { id: 'h', name: 'Bank' },
        ],
        onFile: async () => {
          // What the background answers: the writer's own list of what it left out.
          const { skipped } = writeBitwardenJson([totp, hotp], () => new Uint8Array(16));
          return {
            fileName: 'bitwarden.json',
            skipped: skipped.map((s) => ({ name: s.account.otp.issuer, reason: s.reason })),
          };
        },
        onMigration: async () => ({ uris: [], skipped: [] }),
        onSheet: async () => [],
        onPrint: () => undefined,
      }),
    );
    const loses = () => host.querySelector('#export-format-loses')?.textContent ?? '';
    const said: Record<string, string> = {};
    for (const format of ['aegis-encrypted', 'aegis-plain', 'twofas', 'bitwarden', 'uri-list', 'google']) {
      await choose(host, format);
      said[format] = loses();
    }
    expect(said.twofas).toMatch(/no notes, pins, sites or recovery codes.*5 to 8 digits/);
    expect(said.bitwarden).toMatch(/time-based codes only: HOTP/);
    expect(said['aegis-plain']).toMatch(/no sites or recovery codes/);
    expect(said['uri-list']).toMatch(/no notes, pins, sites or recovery codes/);
    expect(said.google).toMatch(/Steam accounts/);
    await choose(host, 'sheet');
    expect(host.querySelector('#export-format-loses')).toBeNull();

    await choose(host, 'bitwarden');
    (host.querySelector('#export-understood') as HTMLInputElement).click();
    const master = host.querySelector('#export-master') as HTMLInputElement;
    master.value = 'master';
    master.dispatchEvent(new Event('input'));
    await flush();
    (host.querySelector('#export-form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    await flush();
    await flush();
    expect(host.querySelector('#export-result')?.textContent).toBe('Saved bitwarden.json with 1 account.');
    expect(host.querySelector('#export-left-out')?.textContent).toBe(
      'Left out of the file:Bank: Bitwarden makes time-based codes only; export this HOTP account to Aegis or 2FAS instead.',
    );
    await choose(host, 'twofas');
    expect(host.querySelector('#export-left-out')).toBeNull();
  });
});
