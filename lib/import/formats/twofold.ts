import { BackupError, readBackup, readBackupHeader } from '../../backup/format';
import { announceKdf, needPassword } from '../crypto';
import { scryptCost } from './aegis-slots';
import { isObject } from '../entry';
import { type Detection, type Importer, ImportError } from '../types';

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
  app: 'Twofold backup',
  detect(file): Detection | false {
    if (!isObject(file.json) || file.json.format !== 'twofold-backup') return false;
    const kdf = isObject(file.json.kdf) ? file.json.kdf : {};
    const n = (v: unknown, d: number) => (Number.isSafeInteger(v) ? (v as number) : d);
    return { encrypted: true, kdf: scryptCost(n(kdf.N, 2 ** 17), n(kdf.r, 8), n(kdf.p, 1)) };
  },
  async read(file, _detection, options) {
    const password = needPassword(options, 'This Twofold backup');
    try {
      const { kdf } = readBackupHeader(file.text ?? '');
      announceKdf(scryptCost(kdf.N, kdf.r, kdf.p), options);
      const { accounts } = await readBackup(file.text ?? '', password);
      return {
        entries: accounts.map((a) => ({ params: a.otp, notes: a.notes, groups: [], pinned: a.pinned, warnings: [] })),
        problems: [],
        notices: ['This is a Twofold backup: Restore keeps its sites and recovery codes too.'],
      };
    } catch (e) {
      if (e instanceof BackupError) throw new ImportError(CODES[e.code] ?? 'damaged', e.message, { cause: e });
      throw e;
    }
  },
};
