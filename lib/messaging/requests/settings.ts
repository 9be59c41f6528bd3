import type { Preferences } from '../../vault/settings';
import { type Ok, request } from '../define';
import { bool, int, obj, oneOf } from '../schema';

/** The user's preferences (lib/vault/settings.ts): never secret, stored encrypted with the vault. */
export const settingsRequests = {
  'settings-get': request<{ settings: Preferences }>()({
    from: ['extension-page'],
    doc: 'the settings',
    payload: obj({}),
  }),
  'settings-set': request<Ok>()({
    from: ['extension-page'],
    doc: 'stores the preferences the settings form edits (what the background records itself is kept)',
    payload: obj({
      settings: obj({
        autoLockMinutes: int(1, 1440),
        fillMode: oneOf('click', 'auto-single'),
        submitAfterFill: bool,
        clipboardClearSeconds: int(10, 120),
        backupReminder: bool,
      }),
    }),
  }),
} as const;
