import en from '../../locales/en/syncservice.json';
import type { Text } from '../i18n/text';
import { textsOf } from '../i18n/text';
import type { SyncEngineKind, SyncPhase, SyncStatusView } from '../messaging/requests/sync';
import type { SyncErrorCode } from './errors';
import type { SyncRecord } from './record';
import type { SchedulerMemory, SchedulerPhase } from './scheduler';

const text = textsOf(en);

/*
 * The status line's facts (docs/sync-format.md "When it syncs", "Failures"): the scheduler's memory and the replica
 * record, turned into the `SyncStatusView` the popup and the options page render. Pure.
 */

/** 412, 409 and 423 are often passing (a proxy, another program's lock): named only after this many tries. */
const NAMED_AFTER = 3;

/** One message per failure, in the words of docs/sync-format.md "Failures". */
export function failureMessage(
  error: NonNullable<SchedulerMemory['error']>,
  failures: number,
  engine: SyncEngineKind | undefined,
  url: string | undefined,
): Text | string {
  const code = error.code as SyncErrorCode;
  switch (code) {
    case 'malformed-state':
      return text('syncservice_malformed_state');
    case 'malformed-file':
      return text('syncservice_malformed_file');
    case 'newer-version':
      return text('syncservice_newer_version');
    case 'too-large':
      return text('syncservice_too_large');
    case 'tampered':
      return text('syncservice_tampered');
    case 'wrong-password':
      return text('syncservice_wrong_password');
    case 'other-sync':
      return text('syncservice_other_sync');
    case 'offline':
      return text('syncservice_offline');
    case 'timeout':
      return text('syncservice_timeout');
    case 'auth':
      return text('syncservice_auth');
    case 'forbidden':
      return text('syncservice_forbidden');
    case 'not-found':
      return text('syncservice_not_found');
    case 'folder-missing':
      return text('syncservice_folder_missing', url ?? '');
    case 'conflict':
      return failures < NAMED_AFTER ? text('syncservice_retrying') : text('syncservice_conflict');
    case 'precondition':
      return failures < NAMED_AFTER ? text('syncservice_retrying') : text('syncservice_precondition');
    case 'locked':
      return failures < NAMED_AFTER ? text('syncservice_retrying') : text('syncservice_locked');
    case 'server':
      return text('syncservice_server', error.status ?? '5xx');
    case 'full':
      return engine === 'storage-sync' ? text('syncservice_full_storage') : text('syncservice_full_webdav');
    case 'rate-limited':
      return text('syncservice_rate_limited');
    case 'bad-response':
      return text('syncservice_bad_response');
    case 'origin-refused':
      return text('syncservice_origin_refused');
    case 'no-permission':
      return text('syncservice_no_permission');
    default:
      // Not a sync failure (the vault refused the write, a bug): its own words.
      return text('syncservice_failed', error.text ?? error.message);
  }
}

/** Failures that mean the server could not be reached: the status says "offline", with the changes waiting. */
const OFFLINE: readonly string[] = ['offline', 'timeout'] satisfies SyncErrorCode[];

export interface StatusInput {
  phase: SchedulerPhase;
  memory: SchedulerMemory;
  /** The replica record, when the vault is open and sync on. */
  record?: SyncRecord;
  /** The suggested name for this browser, shown in the form while sync is off. */
  suggestedName?: string;
}

/**
 * The view: `deviceName` is this browser's synced name while sync is on, and while it is off the suggestion for the
 * form (lib/sync/device-name.ts); the devices come from the replica state's `devices` (those that left are not
 * listed). While locked the record cannot be read (it is inside the vault): only what the scheduler remembers.
 */
export function statusView(input: StatusInput): SyncStatusView {
  const { memory, record } = input;
  const engine = record?.engine.kind ?? memory.engine;
  const base = { waiting: memory.waiting, notices: [] as (Text | string)[], devices: [] };
  if (input.phase === 'off' || !engine) return { phase: 'off', ...base, deviceName: input.suggestedName };
  const lastSyncAt = record?.lastSyncAt ?? memory.lastSyncAt;
  const view: SyncStatusView = { phase: phaseOf(input.phase, memory), engine, ...base, lastSyncAt };
  if (record) {
    if (record.engine.kind === 'webdav') {
      view.url = record.engine.url;
      view.user = record.engine.user;
    }
    view.deviceName = record.deviceName;
    view.devices = Object.entries(record.replica.state.devices)
      .filter(([, d]) => d.left === undefined)
      .map(([id, d]) => ({ name: d.name[0], self: id === record.device }))
      .sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
  }
  if (memory.error && view.phase !== 'syncing' && view.phase !== 'waiting-unlock')
    view.message = failureMessage(memory.error, memory.failures, engine, view.url);
  if (memory.retryAt !== undefined) view.retryAt = memory.retryAt;
  view.notices = [...memory.notices];
  return view;
}

function phaseOf(phase: SchedulerPhase, memory: SchedulerMemory): SyncPhase {
  if (phase === 'waiting-unlock' || phase === 'syncing') return phase;
  if (phase === 'off') return 'off';
  if (!memory.error) return 'synced';
  return OFFLINE.includes(memory.error.code) ? 'offline' : 'failed';
}
