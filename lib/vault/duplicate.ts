import { bytesEqual } from '../encoding/bytes';
import type { OtpParams } from '../otp/types';
import type { Account } from './account-data';

/**
 * The stored account a new one would only duplicate: the same secret bytes under the same issuer and
 * account name. Such an add is refused: the menus would list two entries nobody can tell apart
 * (docs/architecture.md "Attacks and their defences", 13; docs/enrolment.md). Names are compared as
 * stored (trimmed by the add form). Another name for the same key stays allowed here: a person may
 * keep one key under two labels on purpose, while a scan or an import (lib/enrol/review.ts) offers
 * "update" for any same key instead.
 */
export function findDuplicate(params: OtpParams, existing: readonly Account[]): Account | undefined {
  return existing.find(
    (a) =>
      a.otp.issuer === params.issuer && a.otp.account === params.account && bytesEqual(a.otp.secret, params.secret),
  );
}
