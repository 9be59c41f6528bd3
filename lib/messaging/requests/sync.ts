import type { Text } from '../../i18n/text';
import { type Ok, request } from '../define';
import { password } from '../fields';
import { bool, obj, oneOf, optional, str } from '../schema';

/** Where sync stores its files: a WebDAV folder, or the browser's own sync storage (docs/sync-format.md). */
export type SyncEngineKind = 'webdav' | 'storage-sync';

/**
 * What the status line shows (docs/sync-format.md "When it syncs"): `waiting-unlock` while locked, `offline` when
 * the last round could not reach the server, `failed` for every other failure (its `message` says which).
 */
export type SyncPhase = 'off' | 'waiting-unlock' | 'syncing' | 'synced' | 'offline' | 'failed';

export interface SyncStatusView {
  phase: SyncPhase;
  engine?: SyncEngineKind;
  /** The WebDAV folder URL and user (never the password), for Settings. */
  url?: string;
  user?: string;
  deviceName?: string;
  /** The last round that completed, ms since the epoch. */
  lastSyncAt?: number;
  /** Local changes not yet written to the engine. */
  waiting: number;
  /** The failure, for `failed` and `offline`. */
  message?: Text | string;
  /** When the next automatic try runs (back-off), ms since the epoch. */
  retryAt?: number;
  /** Things to know that are not failures: a clock ahead, accounts folded into one, an unreadable file, quota use. */
  notices: (Text | string)[];
  /** The synced devices, from the state (this one flagged). */
  devices: { name: string; self: boolean }[];
}

/** What a folder or the browser's sync area holds before sync is turned on. */
export type SyncProbe = { kind: 'empty' } | { kind: 'existing'; created: number; devices: number };

/** What joining will do, shown before anything is written (docs/sync-format.md "Joining a second device"). */
export interface SyncJoinPreview {
  /** Accounts that come from the other browsers. */
  added: number;
  /** Accounts this browser has too, combined field by field. */
  combined: number;
  /** Accounts only this browser has, which it will send. */
  kept: number;
  devices: string[];
}

/** The engine settings as a form sends them; the WebDAV password is the server's, never the master password. */
const engine = obj({
  kind: oneOf('webdav', 'storage-sync'),
  url: optional(str(2048, 1)),
  user: optional(str(256)),
  password: optional(str(1024)),
});

/** Sync: every message comes from an extension page (the options page or the popup), never from a site. */
export const syncRequests = {
  'sync-status': request<{ status: SyncStatusView }>()({
    from: ['extension-page'],
    doc: 'the status line: phase, last sync, waiting changes, the failure message, notices, devices',
    payload: obj({}),
  }),
  'sync-probe': request<{ probe: SyncProbe }>()({
    from: ['extension-page'],
    doc: 'reads the WebDAV folder or browser sync area before sync is turned on: empty, or a sync to join',
    payload: obj({ engine }),
  }),
  'sync-start': request<Ok>()({
    from: ['extension-page'],
    doc: 'turns sync on as the first device (new sync key, its slot under the master password, first upload)',
    payload: obj({ engine, masterPassword: password, deviceName: str(64, 1) }),
  }),
  'sync-join-preview': request<{ preview: SyncJoinPreview }>()({
    from: ['extension-page'],
    doc: 'opens an existing sync with the master password of one of its browsers and says what joining will do; writes nothing',
    payload: obj({
      engine,
      remotePassword: password,
      masterPassword: password,
      deviceName: str(64, 1),
    }),
  }),
  'sync-join': request<Ok>()({
    from: ['extension-page'],
    doc: 'joins the sync the last preview opened: one vault transaction, then this browser’s first file',
    payload: obj({}),
  }),
  'sync-now': request<{ status: SyncStatusView }>()({
    from: ['extension-page'],
    doc: 'runs a round now (back-off waived) and answers the status after it',
    payload: obj({}),
  }),
  'sync-off': request<Ok>()({
    from: ['extension-page'],
    doc: 'turns sync off on this browser (the vault stays); optionally removes this browser’s files from the server',
    payload: obj({ removeFiles: bool }),
  }),
} as const;
