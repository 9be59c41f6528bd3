import { collectEntries, entryFrom, entryLabel, invalid, isObject, labelFor } from '../entry';
import { plain, text } from '../text';
import type { Detection, Importer, SniffedFile } from '../types';

/*
 * LastPass Authenticator JSON export (docs/import-formats.md "Other apps"): {version, deviceName, localDeviceId,
 * accounts:[{issuerName, userName, secret (base32), timeStep, digits, algorithm, isFavorite, folderData:{folderId,
 * position}}], folders:[{id, name}]}. Time-based codes only.
 *
 * Folders: 0 "Other accounts" and 1 "Favorites" are the app's built-in ones (folder 1 mirrors isFavorite,
 * which becomes "pinned"); only folders the user made become groups.
 */

const BUILT_IN_FOLDERS = new Set([0, 1]);

function accountsOf(file: SniffedFile): unknown[] | false {
  const json = file.json;
  if (!isObject(json) || !Array.isArray(json.accounts)) return false;
  const accounts = json.accounts;
  const accountLike = accounts.some((a) => isObject(a) && 'secret' in a && ('issuerName' in a || 'timeStep' in a));
  const lastPassKeys = 'localDeviceId' in json || 'deviceSecret' in json || 'deviceName' in json;
  if (accounts.length === 0 ? !lastPassKeys : !accountLike) return false;
  return accounts;
}

function folderNames(file: SniffedFile): Map<unknown, string> {
  const names = new Map<unknown, string>();
  const json = file.json;
  if (isObject(json) && Array.isArray(json.folders))
    for (const f of json.folders)
      if (isObject(f) && typeof f.name === 'string' && !BUILT_IN_FOLDERS.has(f.id as number)) names.set(f.id, f.name);
  return names;
}

export const lastPassImporter: Importer = {
  id: 'lastpass',
  app: plain('LastPass Authenticator'),
  carries: ['algorithm', 'digits', 'period'], // TOTP only: no Steam type, no counter
  detect(file): Detection | false {
    return accountsOf(file) ? { encrypted: false } : false;
  },
  async read(file) {
    const accounts = accountsOf(file) || [];
    const folders = folderNames(file);
    return collectEntries(
      accounts,
      (a, i) => (isObject(a) ? labelFor(a.issuerName, a.userName, i) : entryLabel(i)),
      (a) => {
        if (!isObject(a)) throw invalid(text('import_lastpass_not_object'));
        if (typeof a.secret !== 'string') throw invalid(text('import_entry_no_secret'));
        const folder = isObject(a.folderData) ? folders.get(a.folderData.folderId) : undefined;
        return entryFrom({
          kind: 'totp',
          secret: a.secret,
          issuer: a.issuerName,
          account: a.userName,
          algorithm: a.algorithm,
          digits: a.digits,
          period: a.timeStep,
          pinned: a.isFavorite,
          groups: folder ? [folder] : [],
        });
      },
    );
  },
};
