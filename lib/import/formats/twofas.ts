import { CARRIES_ALL } from '../../otp/carried';
import { aesGcmOpen, announceKdf, fromBase64, needPassword, parseJson, pbkdf2, strictUtf8, utf8 } from '../crypto';
import { collectEntries, entryFrom, entryLabel, invalid, isObject, labelFor } from '../entry';
import { plain, text } from '../text';
import {
  type Detection,
  ImportError,
  type ImportedEntry,
  type Importer,
  type KdfCost,
  type SniffedFile,
} from '../types';

/*
 * 2FAS Authenticator backups (`.2fas`, docs/import-formats.md "2FAS"; twofas/2fas-android BackupContent.kt,
 * BackupService.kt, BackupKeyGeneratorPbkdf.kt, CipherAes.kt; Aegis TwoFASImporter.java). JSON with `services[]`,
 * `groups[]` and `schemaVersion` (1–4). Encrypted backups leave `services` empty and put base64(ciphertext‖tag) ":"
 * base64(salt) ":" base64(iv) in `servicesEncrypted`, sealed with AES-256-GCM under PBKDF2-HMAC-SHA256(password, salt,
 * 10 000, 256 bit); the plaintext is the services array.
 */

export const TWOFAS_SCHEMA = 4;
const PBKDF2_ITERATIONS = 10_000;
const KDF: KdfCost = { algorithm: 'pbkdf2', memoryBytes: 0, iterations: PBKDF2_ITERATIONS };
const WHAT = text('import_kind_twofas');

function backupOf(file: SniffedFile): Record<string, unknown> | undefined {
  const json = file.json;
  if (!isObject(json) || typeof json.schemaVersion !== 'number') return undefined;
  return Array.isArray(json.services) || typeof json.servicesEncrypted === 'string' ? json : undefined;
}

const isEncrypted = (b: Record<string, unknown>) =>
  typeof b.servicesEncrypted === 'string' && b.servicesEncrypted !== '';

async function decryptServices(sealedText: string, password: string): Promise<unknown[]> {
  const parts = sealedText.split(':');
  // Aegis accepts three or more parts and uses the first three; 2FAS writes exactly three.
  if (parts.length < 3) throw new ImportError('damaged', text('import_twofas_parts'));
  const sealed = fromBase64(parts[0], 'servicesEncrypted (data)');
  const salt = fromBase64(parts[1], 'servicesEncrypted (salt)');
  const iv = fromBase64(parts[2], 'servicesEncrypted (iv)');
  if (salt.length === 0 || iv.length === 0) throw new ImportError('damaged', text('import_twofas_salt_iv'));
  const key = await pbkdf2('SHA-256', utf8(password), salt, PBKDF2_ITERATIONS, 32);
  const opened = await aesGcmOpen(key, iv, sealed, WHAT);
  key.fill(0);
  const services = parseJson(strictUtf8(opened, WHAT), WHAT);
  if (!Array.isArray(services)) throw new ImportError('damaged', text('import_twofas_not_list'));
  return services;
}

/** Group id → name (BackupContent.groups). */
function groupNames(backup: Record<string, unknown>): Map<string, string> {
  const names = new Map<string, string>();
  if (Array.isArray(backup.groups))
    for (const g of backup.groups)
      if (isObject(g) && typeof g.id === 'string' && typeof g.name === 'string') names.set(g.id, g.name);
  return names;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** Service name is what 2FAS shows (Aegis: issuer = name, falling back to otp.issuer). */
function issuerOf(service: Record<string, unknown>, otp: Record<string, unknown>): string {
  return str(service.name) || str(otp.issuer);
}

/**
 * otp.account when the file has it (even empty: "NoIssuer" services carry account ""); older
 * exports without it have only the label, "Issuer:Account" or just the account.
 */
function accountOf(otp: Record<string, unknown>, issuer: string): string {
  if (typeof otp.account === 'string') return otp.account;
  const label = str(otp.label);
  const colon = label.indexOf(':');
  if (colon >= 0 && (issuer === '' || label.slice(0, colon).trim() === issuer)) return label.slice(colon + 1).trim();
  return label;
}

function convertService(s: unknown, schema: number, groups: Map<string, string>): ImportedEntry {
  if (!isObject(s)) throw invalid(text('import_twofas_service_not_object'));
  const otp = isObject(s.otp) ? s.otp : {};
  const issuer = issuerOf(s, otp);
  const group = typeof s.groupId === 'string' ? groups.get(s.groupId) : undefined;
  const common = {
    secret: typeof s.secret === 'string' ? s.secret : '',
    issuer,
    account: accountOf(otp, issuer),
    groups: group === undefined ? [] : [group],
  };
  // Schema 1 stored no code settings at all: every service was TOTP SHA-1 / 6 / 30 (Aegis's test reads it so).
  if (schema <= 1) return entryFrom({ kind: 'totp', ...common });
  // Schema 2 has no tokenType: TOTP (BackupService.kt defaults, Aegis TwoFASImporter).
  const kind = otp.tokenType === undefined || otp.tokenType === null ? 'totp' : String(otp.tokenType);
  return entryFrom({
    kind,
    ...common,
    algorithm: otp.algorithm,
    digits: otp.digits,
    period: otp.period,
    counter: otp.counter,
  });
}

export const twofasImporter: Importer = {
  id: '2fas',
  app: plain('2FAS'),
  carries: CARRIES_ALL, // tokenType TOTP, HOTP, STEAM with algorithm, digits, period, counter
  detect(file): Detection | false {
    const backup = backupOf(file);
    if (!backup) return false;
    const variant = text('import_variant_backup_schema', String(backup.schemaVersion));
    return isEncrypted(backup) ? { encrypted: true, kdf: KDF, variant } : { encrypted: false, variant };
  },
  async read(file, _detection, options) {
    const backup = backupOf(file);
    if (!backup) throw new ImportError('damaged', text('import_twofas_no_services'));
    const schema = backup.schemaVersion as number;
    if (!Number.isSafeInteger(schema) || schema < 1)
      throw new ImportError('damaged', text('import_twofas_bad_schema', String(schema)));
    if (schema > TWOFAS_SCHEMA)
      throw new ImportError('newer-version', text('import_twofas_newer', schema, TWOFAS_SCHEMA));
    let services: unknown[];
    if (isEncrypted(backup)) {
      const password = needPassword(options, WHAT);
      announceKdf(KDF, options);
      services = await decryptServices(backup.servicesEncrypted as string, password);
    } else if (Array.isArray(backup.services)) services = backup.services;
    else throw new ImportError('damaged', text('import_twofas_no_services'));
    const groups = groupNames(backup);
    options.onProgress?.({ stage: 'reading-entries', count: services.length });
    return collectEntries(
      services,
      (s, i) => {
        if (!isObject(s)) return entryLabel(i);
        const otp = isObject(s.otp) ? s.otp : {};
        const issuer = issuerOf(s, otp);
        return labelFor(issuer, accountOf(otp, issuer), i);
      },
      (s) => convertService(s, schema, groups),
    );
  },
};
