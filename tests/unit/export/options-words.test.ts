// @vitest-environment happy-dom
import { type ComponentChild, h, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupPanel } from '../../../components/BackupPanel';
import { ExportPanel } from '../../../components/ExportPanel';
import { QrCode } from '../../../components/QrCode';
import { RecoverySheet } from '../../../components/RecoverySheet';
import { RestorePanel } from '../../../components/RestorePanel';
import { backupReminder } from '../../../lib/backup/reminder';
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

afterEach(() => {
  document.body.replaceChildren();
  setTranslator(catalogTranslator('en'));
});

const never = async () => {
  throw new Error('not called');
};

describe('options page words', () => {
  it('says when the last backup was and what is not backed up, in English as before and in German', () => {
    const status = backupReminder([sampleAccount(), sampleAccount()], undefined, true);
    setTranslator(catalogTranslator('en'));
    let host = mount(h(BackupPanel, { status, onBackup: never, onSaved: never }));
    expect(host.querySelector('#backup-status')?.textContent).toBe(
      'Last backup: never. 2 accounts not backed up yet: if this computer is lost, so are they.',
    );
    document.body.replaceChildren();
    setTranslator(catalogTranslator('de'));
    host = mount(h(BackupPanel, { status, onBackup: never, onSaved: never }));
    expect(host.querySelector('#backup-status')?.textContent).toBe(
      'Letzte Sicherung: noch nie. 2 Konten sind noch nicht gesichert: Geht dieser Computer verloren, sind sie auch verloren.',
    );
    expect(host.querySelector('#backup-save')?.textContent).toBe('Sicherung herunterladen');
  });

  it('emphasises "not encrypted" inside one translated sentence', async () => {
    const props = { accounts: [{ id: 'a', name: 'GitHub' }], onFile: never, onMigration: never, onSheet: never };
    for (const [lang, sentence, strong] of [
      [
        'en',
        'This file is not encrypted: anyone who gets it can make your codes. Import it right away and delete it; never email it or keep it in a synced folder.',
        'not encrypted',
      ],
      [
        'fr',
        'Ce fichier n’est pas chiffré\u00a0: quiconque l’obtient peut générer vos codes. Importez-le tout de suite, puis supprimez-le\u00a0; ne l’envoyez jamais par e-mail et ne le conservez pas dans un dossier synchronisé.',
        'pas chiffré',
      ],
    ] as const) {
      setTranslator(catalogTranslator(lang));
      const host = mount(h(ExportPanel, { ...props, onPrint: () => undefined }));
      (host.querySelector('input[value=uri-list]') as HTMLInputElement).click();
      await flush();
      const warning = host.querySelector('#export-warning p');
      expect(warning?.textContent).toBe(sentence);
      expect(warning?.querySelector('strong')?.textContent).toBe(strong);
      document.body.replaceChildren();
    }
  });

  it('prints the recovery sheet in the user’s language, with the account’s code parameters', () => {
    setTranslator(catalogTranslator('es'));
    const entries = sheetEntries([sampleAccount({ recoveryCodes: [] })]);
    const host = mount(h(RecoverySheet, { entries, printedAt: '1/2/2026' }));
    expect(host.querySelector('h2')?.textContent).toBe('Hoja de recuperación de Twofold');
    expect(host.querySelector('.sheet-entry .hint')?.textContent).toBe(
      'No hay códigos de recuperación sin usar guardados.',
    );
    expect(host.querySelector('.sheet-entry svg')?.getAttribute('aria-label')).toBe(`Código QR de ${entries[0]?.name}`);
    expect(host.textContent).not.toMatch(/options_|core_/);
  });

  it('names an account with neither issuer nor account name in the user’s language, on the sheet and in a restore', async () => {
    setTranslator(catalogTranslator('es'));
    const nameless = sampleAccount({ recoveryCodes: [] });
    nameless.otp = { ...nameless.otp, issuer: '', account: '' };
    let host = mount(h(RecoverySheet, { entries: sheetEntries([nameless]), printedAt: '1/2/2026' }));
    expect(host.querySelector('.sheet-entry h3')?.textContent).toBe('Cuenta sin nombre');
    expect(host.querySelector('.sheet-entry svg')?.getAttribute('aria-label')).toBe('Código QR de Cuenta sin nombre');
    document.body.replaceChildren();
    setTranslator(catalogTranslator('de'));
    const name = sheetEntries([nameless])[0]?.name ?? '';
    const preview = {
      created: 0,
      accounts: 1,
      items: [{ index: 0, name, status: 'new' as const, differences: [] }],
      onlyInVault: [name, 'GitHub'],
      onlyInVaultIds: ['a', 'b'],
    };
    host = mount(h(RestorePanel, { onPreview: async () => preview, onApply: never }));
    const file = host.querySelector('#restore-file') as HTMLInputElement;
    Object.defineProperty(file, 'files', { value: [new File(['{}'], 'backup.json')] });
    file.dispatchEvent(new Event('change'));
    await flush();
    const password = host.querySelector('#restore-password') as HTMLInputElement;
    password.value = 'pw';
    password.dispatchEvent(new Event('input'));
    await flush();
    (host.querySelector('#restore-form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    await flush();
    expect(host.querySelector('#restore-items strong')?.textContent).toBe('Unbenanntes Konto');
    (host.querySelector('#restore-replace') as HTMLInputElement).click();
    await flush();
    expect(host.querySelector('#restore-deletes')?.textContent).toContain('Unbenanntes Konto und GitHub');
    expect(host.textContent).not.toContain('[object Object]');
  });

  it('says a QR code cannot hold that much, counting the characters for the language', () => {
    setTranslator(catalogTranslator('en'));
    const host = mount(h(QrCode, { text: 'x'.repeat(8000), label: 'QR' }));
    expect(host.textContent).toBe(
      'This is too much for one QR code (8,000 characters). Use a file export for it instead.',
    );
  });
});
