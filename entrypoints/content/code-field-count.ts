import type { Detection } from '../../lib/detect/types';

/**
 * How many fields of a scan take an authenticator code (the badge's count, `otp-fields-seen`): authenticator fields,
 * and fields that take either a code or a recovery code ("dual", docs/detection.md). Recovery-only, SMS or e-mail
 * and YubiKey fields do not count: no authenticator code goes there.
 */
export function codeFieldCount(found: readonly Pick<Detection, 'kind'>[]): number {
  return found.filter((d) => d.kind === 'totp' || d.kind === 'dual').length;
}
