// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BackupPanel } from '../../../components/BackupPanel';
import { backupReminder } from '../../../lib/backup/reminder';
import { setTranslator } from '../../../lib/i18n/translate';
import type { Account } from '../../../lib/vault/account-data';
import { catalogTranslator } from '../i18n/english';

const root = document.createElement('div');
document.body.append(root);
beforeAll(() => setTranslator(catalogTranslator('en')));
afterEach(() => render(null, root));

const account = (createdAt: number) => ({ createdAt, updatedAt: createdAt }) as Account;
async function statusLine(accounts: Account[], lastBackupAt: number | undefined): Promise<string> {
  const status = backupReminder(accounts, lastBackupAt, true);
  await act(() =>
    render(
      h(BackupPanel, {
        status,
        onBackup: async () => ({ fileName: '', accounts: 0, created: 0 }),
        onSaved: async () => {},
      }),
      root,
    ),
  );
  return root.querySelector('#backup-status')?.textContent ?? '';
}

describe('the backup panel’s status line says something true', () => {
  it('an empty vault never backed up: nothing to back up yet', async () => {
    expect(await statusLine([], undefined)).toBe(
      'Nothing to back up yet: your vault has no accounts. Add some, then make a backup here.',
    );
  });

  it('accounts never backed up: never, and how many are not in a backup', async () => {
    const line = await statusLine([account(5)], undefined);
    expect(line).toMatch(/never/i);
    expect(line).not.toMatch(/Nothing to back up/);
  });

  it('an empty vault that was backed up once: the date of that backup', async () => {
    const line = await statusLine([], 1_700_000_000_000);
    expect(line).not.toMatch(/Nothing to back up|never/i);
  });
});
