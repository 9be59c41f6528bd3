import { TwofoldError } from '../errors';

export type CrossSiteErrorCode =
  /** No pending request has this id (never made, already picked, or replaced by a newer one for that frame). */
  | 'unknown-request'
  /** The request is older than its time to live. */
  | 'expired'
  /** HOTP codes are never filled on another site: each one is spent for good (docs/architecture.md). */
  | 'hotp'
  /** The picked account is not in the vault (deleted meanwhile). */
  | 'unknown-account'
  /** The answer did not come from the picker page. */
  | 'wrong-sender'
  /** The requesting frame is not an http(s) page, so it has no site to name or remember. */
  | 'bad-origin';

/** Why a cross-site pick (docs/architecture.md "Cross-site choices") was refused. */
export class CrossSiteError extends TwofoldError<CrossSiteErrorCode> {}
