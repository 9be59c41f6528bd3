import { base32Decode, type ReadAlgorithm, type Reading } from './reading';

/*
 * A plain 2FAS backup read the way 2FAS Android reads it (twofas/2fas-android, commit
 * 6bbcc5c477fc8c8ffecb4a87dba92cbe4f86e8ed):
 * - data/services/.../domain/BackupContent.kt and BackupService.kt: the fields and which of them may be missing;
 *   feature/backup/.../BackupImportViewModel.kt refuses a schemaVersion above 4; `reference` marks an encrypted file.
 * - data/services/.../mapper/ServiceMapper.kt `BackupService.asDomain`: type from otp.tokenType (TOTP when missing
 *   or unknown), account from otp.account else otp.label, algorithm by name (null when unknown).
 * - data/services/.../otp/ServiceCodeGenerator.kt: period 30, digits 6, SHA1 when missing; an HOTP code is the one
 *   at otp.counter (1 when missing); Steam uses the service's own period.
 * - core/otp/.../OtpAuthenticator.kt: codes of 5 to 8 digits only; another length fails the import check
 *   (BackupRepositoryImpl "Throw if one of the services is invalid"), which fails the whole file.
 */

interface TwofasService {
  name: string;
  secret: string;
  otp: {
    account?: string | null;
    label?: string | null;
    issuer?: string | null;
    digits?: number | null;
    period?: number | null;
    algorithm?: string | null;
    counter?: number | null;
    tokenType?: string | null;
  };
}

const ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'];

export function readTwofas(text: string): Reading[] {
  const content = JSON.parse(text) as { schemaVersion?: number; reference?: string | null; services?: TwofasService[] };
  if ((content.schemaVersion ?? 4) > 4) throw new Error('made by a newer 2FAS');
  if (content.reference) throw new Error('encrypted');
  return (content.services ?? []).map((s) => {
    const token = s.otp.tokenType ?? 'TOTP';
    const type = token === 'HOTP' ? 'hotp' : token === 'STEAM' ? 'steam' : 'totp';
    const digits = s.otp.digits ?? 6;
    if (digits < 5 || digits > 8) throw new Error(`2FAS cannot make ${digits}-digit codes; the import fails`);
    const algorithm = s.otp.algorithm ?? 'SHA1';
    if (!ALGORITHMS.includes(algorithm)) throw new Error(`algorithm ${algorithm} not expected from Twofold`);
    return {
      type,
      secret: base32Decode(s.secret),
      algorithm: algorithm as ReadAlgorithm,
      digits,
      period: s.otp.period ?? 30,
      counter: BigInt(s.otp.counter ?? 1),
      issuer: s.otp.issuer ?? s.name,
      name: s.otp.account ?? s.otp.label ?? '',
    };
  });
}
