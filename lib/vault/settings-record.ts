import integrity from '../../locales/en/integrity.json';
import { textsOf } from '../i18n/text';
import { NONCE_BYTES, open, seal } from './aead';
import { VaultError } from './errors';
import { type SettingsRecord, validateSettings } from './settings';

/** The settings as stored in `settings/"settings"` (docs/vault-format.md "Settings"). */
export interface SealedSettings {
  v: 2;
  version: number;
  nonce: Uint8Array;
  data: Uint8Array;
}

const itext = textsOf(integrity);
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const settingsAad = (vaultId: string, version: number) =>
  encoder.encode(JSON.stringify(['twofold-vault/v2/settings', vaultId, version]));

export const settingsReset = (cause?: unknown) =>
  new VaultError('settings-reset', itext('integrity_settings_reset'), { recordId: 'settings', cause });

export async function sealSettings(
  vaultKey: Uint8Array,
  vaultId: string,
  version: number,
  settings: SettingsRecord,
  random: (n: number) => Uint8Array,
): Promise<SealedSettings> {
  const nonce = random(NONCE_BYTES);
  const data = await seal(vaultKey, nonce, encoder.encode(JSON.stringify(settings)), settingsAad(vaultId, version));
  return { v: 2, version, nonce, data };
}

/**
 * Opens the stored settings. `expected` is the index's version (undefined when the index could not be
 * read: then any authentic version is taken). Unreadable, rolled back or out of step: VaultError
 * ('settings-reset'); values out of range come back as defaults with their 'bad-setting' problems.
 */
export async function openSettings(
  vaultKey: Uint8Array,
  vaultId: string,
  raw: unknown,
  expected: number | undefined,
): Promise<{ settings: SettingsRecord; version: number; problems: VaultError[] }> {
  const r = raw as Partial<SealedSettings> | undefined;
  if (
    typeof r !== 'object' ||
    r === null ||
    r.v !== 2 ||
    !Number.isSafeInteger(r.version) ||
    !(r.nonce instanceof Uint8Array) ||
    r.nonce.length !== NONCE_BYTES ||
    !(r.data instanceof Uint8Array)
  )
    throw settingsReset();
  const version = r.version as number;
  const plain = await open(vaultKey, r.nonce, r.data, settingsAad(vaultId, version), () => settingsReset());
  if (expected !== undefined && version !== expected) throw settingsReset();
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(plain));
  } catch (cause) {
    throw settingsReset(cause);
  }
  return { ...validateSettings(parsed), version };
}
