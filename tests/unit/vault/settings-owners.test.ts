import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Each part of the settings record has one owner, the only module that writes it (docs/architecture.md "Who owns
 * which state"). This test reads the source and holds every writer to its owner, so a second writer is a
 * deliberate change of this list, not an accident of a new feature.
 */
const ROOT = join(__dirname, '../../..');
const SOURCE_DIRS = ['entrypoints', 'lib', 'components', 'platform'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [relative(ROOT, path)] : [];
  });
}

const files = SOURCE_DIRS.flatMap((d) => sourceFiles(join(ROOT, d)));
const callers = (call: string) => files.filter((f) => readFileSync(join(ROOT, f), 'utf8').includes(`.${call}(`));

describe('one owner per part of the settings record', () => {
  it('the backup time is written by the backup service only', () => {
    expect(callers('recordBackup')).toEqual(['entrypoints/background/backup.ts']);
  });

  it('key-slot sites are written by the hardware-key service only', () => {
    expect(callers('bindKeySlot')).toEqual(['entrypoints/background/keys.ts']);
  });

  it('site overrides are written by the site-override service only', () => {
    expect(callers('changeSiteOverride')).toEqual(['entrypoints/background/site-overrides.ts']);
  });

  it('the list view is written by the accounts handlers only, the backup notice by the backup service only', () => {
    expect(callers('setListView')).toEqual(['entrypoints/background/handlers/accounts.ts']);
    expect(callers('hideBackupNotice')).toEqual(['entrypoints/background/backup.ts']);
  });

  it('the preferences are written by one message handler only (settings-set)', () => {
    const writers = callers('savePreferences');
    expect(writers).toHaveLength(1);
    expect(readFileSync(join(ROOT, writers[0] as string), 'utf8')).toContain("'settings-set'");
  });

  it('the vault patch is applied by the session alone, and no whole record is written anywhere', () => {
    expect(callers('patchSettings')).toEqual(['lib/vault/session.ts']);
    expect(callers('saveSettings')).toEqual([]);
    expect(callers('updateSettings')).toEqual([]);
  });
});
