import { TwofoldError } from '../errors';

/** Failures of the sync core (docs/sync-format.md "Failures"). */
export type SyncErrorCode =
  /** A state fails a check after decryption: the whole file is refused, nothing of it is merged. */
  'malformed-state';

export class SyncError extends TwofoldError<SyncErrorCode> {}
