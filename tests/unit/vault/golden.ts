import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeBase32 } from '../../../lib/encoding/base32';
import type { Account, PreviousKey } from '../../../lib/vault/account-data';
import type { Dump } from './idb-dump';

/**
 * Golden vaults (tests/fixtures/vault/): the IndexedDB of each format version as Twofold wrote it. Every
 * later Twofold must open every one of them with its password and show the same accounts and settings;
 * never regenerate an existing file, add one for a new format version instead.
 */
export interface Golden {
  password: string;
  expect: { accounts: Record<string, unknown>[]; settings: Record<string, unknown> };
  database: Dump;
}

export const GOLDEN_DIR = join(__dirname, '../../fixtures/vault');
/**
 * Settings added after a golden file was written, with the value every older vault reads them as (their
 * default): the files themselves are never regenerated.
 */
const LATER_SETTINGS = {
  clipboardClearSeconds: 30,
  siteOverrides: { never: [], fields: {} },
  backupNoticeHiddenUntil: 0,
  listView: { sort: 'custom', collapsed: [] },
};

export function loadGolden(file: string): Golden {
  const golden = JSON.parse(readFileSync(join(GOLDEN_DIR, file), 'utf8')) as Golden;
  golden.expect.settings = { ...LATER_SETTINGS, ...golden.expect.settings };
  return golden;
}

/** An account as the golden files list it: what a person sees, without ids and times. */
export function goldenView(a: Account): Record<string, unknown> {
  const o = a.otp;
  return {
    kind: o.kind,
    issuer: o.issuer,
    account: o.account,
    secret: encodeBase32(o.secret),
    sites: a.sites,
    notes: a.notes,
    recoveryCodes: a.recoveryCodes,
    pinned: a.pinned,
    ...(o.kind === 'totp' ? { algorithm: o.algorithm, digits: o.digits, period: o.period } : {}),
    ...(o.kind === 'hotp' ? { algorithm: o.algorithm, digits: o.digits, counter: o.counter.toString() } : {}),
  };
}

/** A previous key (docs/vault-format.md "Previous keys") as v2-history.json lists it: its key fields. */
export function previousKeyView(h: PreviousKey): Record<string, unknown> {
  const o = h.otp;
  return {
    kind: o.kind,
    issuer: o.issuer,
    account: o.account,
    secret: encodeBase32(o.secret),
    ...(o.kind === 'totp' ? { algorithm: o.algorithm, digits: o.digits, period: o.period } : {}),
    ...(o.kind === 'hotp' ? { algorithm: o.algorithm, digits: o.digits, counter: o.counter.toString() } : {}),
  };
}
