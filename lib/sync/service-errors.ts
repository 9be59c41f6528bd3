import en from '../../locales/en/syncservice.json';
import { TwofoldError } from '../errors';
import { textsOf } from '../i18n/text';

export const text = textsOf(en);

/** Requests the sync service refuses for what the person did, not for what a server did (those are SyncErrors). */
export type SyncServiceErrorCode =
  /** `sync-join` without a preview kept (none asked, or the vault was locked since). */
  | 'no-preview'
  /** `sync-off` while sync is off. */
  | 'not-on';

export class SyncServiceError extends TwofoldError<SyncServiceErrorCode> {}
