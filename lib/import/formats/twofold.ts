import { BackupError, readBackup, readBackupHeader } from '../../backup/format';
import { CARRIES_ALL } from '../../otp/carried';
import { announceKdf, needPassword } from '../crypto';
import { isObject } from '../entry';
import { text, textOf } from '../text';
import { type Detection, ImportError, type Importer } from '../types';
import { scryptCost } from './aegis-slots';

/*
 * Twofold's own backup (docs/backup-format.md) read as an import, so "Import" accepts every file a user
 * may have; the options page steers it to Restore, which also keeps sites and recovery codes.
 */

const CODES: Record<string, ImportError['code']> = {
  'wrong-password': 'wrong-password',
  'newer-version': 'newer-version',
  'not-a-backup': 'damaged',
  damaged: 'damaged',
  'bad-entry': 'damaged',
};

export const twofoldImporter: Importer = {
  id: 'twofold',
  app: text('import_app_twofold'),
  carries: CARRIES_ALL,
  detect(file): Detection | false {
    if (!isObject(file.json) || file.json.format !== 'twofold-backup') return false;
    const kdf = isObject(file.json.kdf) ? file.json.kdf : {};
    const n = (v: unknown, d: number) => (Number.isSafeInteger(v) ? (v as number) : d);
    return { encrypted: true, kdf: scryptCost(n(kdf.N, 2 ** 17), n(kdf.r, 8), n(kdf.p, 1)) };
  },
  async read(file, _detection, options) {
    const password = needPassword(options, text('import_kind_twofold'));
    try {
      const { kdf } = readBackupHeader(file.text ?? '');
      announceKdf(scryptCost(kdf.N, kdf.r, kdf.p), options);
      const { accounts } = await readBackup(file.text ?? '', password);
      return {
        entries: accounts.map((a) => ({
          params: a.otp,
          notes: a.notes,
          groups: a.group ? [a.group] : [],
          pinned: a.pinned,
          warnings: [],
        })),
        problems: [],
        notices: [text('import_twofold_notice')],
      };
    } catch (e) {
      // The other codes are the caps' (lib/limits.ts), the same in both.
      if (e instanceof BackupError)
        throw new ImportError(CODES[e.code] ?? (e.code as ImportError['code']), textOf(e), { cause: e });
      throw e;
    }
  },
};
