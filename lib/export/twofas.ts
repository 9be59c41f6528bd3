import en from '../../locales/en/exportmore.json';
import { encodeBase32 } from '../encoding/base32';
import { textsOf } from '../i18n/text';
import { STEAM_DIGITS, STEAM_PERIOD } from '../otp/types';
import type { Account } from '../vault/account-data';
import { groupIds } from './groups';
import type { ExportFile, ExportSkip } from './skipped';

/*
 * Writes a plain 2FAS backup (`.2fas`, schema 4) the way 2FAS Android writes one, so that 2FAS (and Aegis, Ente,
 * Proton Authenticator, which read the same file) imports it. Layout from twofas/2fas-android at commit
 * 6bbcc5c477fc8c8ffecb4a87dba92cbe4f86e8ed:
 * - data/services/.../domain/BackupContent.kt: {services, groups, updatedAt, schemaVersion: 4, appVersionCode,
 *   appVersionName, appOrigin}; a plain file has no `servicesEncrypted`/`reference`.
 * - data/services/.../domain/BackupService.kt: name, secret (base32), updatedAt, serviceTypeID, otp {link, label,
 *   account, issuer, digits, period, algorithm, counter, tokenType, source}, order {position}, badge, icon, groupId.
 * - data/services/.../mapper/ServiceMapper.kt (`asBackup`, `asDomain`): tokenType is the AuthType name (TOTP, HOTP,
 *   STEAM); counter is written for HOTP only; the account name is `otp.account`.
 * What 2FAS can hold (docs/import-export.md "Exports"):
 * - core/otp/.../OtpAuthenticator.kt computes codes of 5 to 8 digits only (`keyModulus`): another length would
 *   make 2FAS's import check (`checkServiceValid` → the code generator) fail for the WHOLE file, so such an
 *   account is left out and listed.
 * - Service.hotpCounter is a Kotlin Int: an HOTP counter above 2^31 − 1 cannot be carried.
 * - The HOTP code 2FAS shows is the one at `counter` (ServiceCodeGenerator.kt), which is Twofold's next counter.
 * - data/services/.../domain/BackupGroup.kt: {id, name, isExpanded, updatedAt}; a service's `groupId` names its
 *   group, so Twofold's group is carried.
 * - Notes, pinning, sites and recovery codes have no field in BackupService and are not carried.
 */

const text = textsOf(en);

/** 2FAS's own code generator has a modulus for these lengths only (OtpAuthenticator.keyModulus). */
const TWOFAS_DIGITS = [5, 6, 7, 8];
/** Service.hotpCounter is a 32-bit signed Int. */
const MAX_COUNTER = 2n ** 31n - 1n;

export function twofasLimitation(a: Account): ExportSkip['reason'] | undefined {
  const o = a.otp;
  if (o.kind === 'steam') return undefined;
  if (!TWOFAS_DIGITS.includes(o.digits)) return text('exportmore_twofas_digits', o.digits);
  if (o.kind === 'hotp' && o.counter > MAX_COUNTER) return text('exportmore_twofas_counter', `${o.counter}`);
  return undefined;
}

function otpOf(a: Account) {
  const o = a.otp;
  const common = {
    link: null,
    label: o.account || null,
    account: o.account || null,
    issuer: o.issuer || null,
  };
  if (o.kind === 'steam')
    return {
      ...common,
      digits: STEAM_DIGITS,
      period: STEAM_PERIOD,
      algorithm: 'SHA1',
      counter: null,
      tokenType: 'STEAM',
      source: 'Manual',
    };
  if (o.kind === 'totp')
    return {
      ...common,
      digits: o.digits,
      period: o.period,
      algorithm: o.algorithm,
      counter: null,
      tokenType: 'TOTP',
      source: 'Manual',
    };
  return {
    ...common,
    digits: o.digits,
    period: null,
    algorithm: o.algorithm,
    counter: Number(o.counter),
    tokenType: 'HOTP',
    source: 'Manual',
  };
}

/** Writes `accounts` as a plain `.2fas` file; what 2FAS cannot hold is left out and listed in `skipped`. */
export function writeTwofasBackup(
  accounts: readonly Account[],
  now: number,
  random: (n: number) => Uint8Array,
): ExportFile {
  const skipped: ExportSkip[] = [];
  const kept = accounts.filter((a) => twofasLimitation(a) === undefined);
  const groups = groupIds(kept, random);
  const services: unknown[] = [];
  for (const a of accounts) {
    const reason = twofasLimitation(a);
    if (reason) {
      skipped.push({ account: a, reason });
      continue;
    }
    services.push({
      // 2FAS shows `name` as the service's title, which must not be empty: the issuer, else the account name.
      name: a.otp.issuer || a.otp.account || '?',
      secret: encodeBase32(a.otp.secret),
      updatedAt: a.updatedAt,
      serviceTypeID: null,
      otp: otpOf(a),
      order: { position: services.length },
      badge: null,
      // No icon: 2FAS then picks one from the service name, as for its own older backups (BackupRepositoryImpl.kt).
      icon: null,
      groupId: a.group ? groups.get(a.group) : null,
    });
  }
  const file = {
    services,
    // BackupGroup.kt: id, name, isExpanded, updatedAt.
    groups: [...groups].map(([name, id]) => ({ id, name, isExpanded: true, updatedAt: now })),
    updatedAt: now,
    schemaVersion: 4,
    appVersionCode: 0,
    appVersionName: '',
    appOrigin: 'android',
  };
  // A field without a value is left out, as 2FAS's own files do (its Json omits nulls): a JSON null would reach
  // Aegis's 2FAS importer (beemdevelopment/Aegis TwoFASImporter.java, commit 59d5c640d6a2d0d16f243dbdd735758eed65bc63)
  // through Android's org.json `optString`, which turns it into the text "null" (an account named "null").
  return { text: `${JSON.stringify(file, (_key, value) => (value === null ? undefined : value))}\n`, skipped };
}
