import { NONCE_BYTES, open, seal } from './aead';

/*
 * When each account's code was last copied or filled (docs/vault-format.md "Usage"): what "Recently used" sorts by.
 * This browser only: never synced, never in a backup or export. Sealed under the vault key in `meta/"usage"` (which
 * accounts a person uses, and when, is theirs); not in the index, as an older copy only changes a sort.
 */

/** At most this many accounts are remembered; the least recently used go first. */
export const MAX_USAGE_ENTRIES = 5000;

/** Unix ms of the last use, by account id. */
export type Usage = Record<string, number>;

export interface SealedUsage {
  v: 2;
  nonce: Uint8Array;
  data: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const usageAad = (vaultId: string) => encoder.encode(JSON.stringify(['twofold-vault/v2/usage', vaultId]));

/** The record with `id` used at `at`, capped to the most recent {@link MAX_USAGE_ENTRIES}; the input is kept. */
export function withUse(usage: Usage, id: string, at: number): Usage {
  const entries = Object.entries({ ...usage, [id]: Math.max(at, usage[id] ?? 0) });
  if (entries.length <= MAX_USAGE_ENTRIES) return Object.fromEntries(entries);
  entries.sort((x, y) => y[1] - x[1]);
  return Object.fromEntries(entries.slice(0, MAX_USAGE_ENTRIES));
}

export async function sealUsage(
  vaultKey: Uint8Array,
  vaultId: string,
  usage: Usage,
  random: (n: number) => Uint8Array,
): Promise<SealedUsage> {
  const nonce = random(NONCE_BYTES);
  return { v: 2, nonce, data: await seal(vaultKey, nonce, encoder.encode(JSON.stringify(usage)), usageAad(vaultId)) };
}

/** Opens the stored record; anything missing or wrong is an empty record (it only ever orders a list). */
export async function openUsage(vaultKey: Uint8Array, vaultId: string, raw: unknown): Promise<Usage> {
  const r = raw as Partial<SealedUsage> | undefined;
  if (
    typeof r !== 'object' ||
    r === null ||
    r.v !== 2 ||
    !(r.nonce instanceof Uint8Array) ||
    r.nonce.length !== NONCE_BYTES ||
    !(r.data instanceof Uint8Array)
  )
    return {};
  try {
    const plain = await open(vaultKey, r.nonce, r.data, usageAad(vaultId), () => new Error('unreadable'));
    const parsed = JSON.parse(decoder.decode(plain)) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const usage: Usage = {};
    for (const [id, at] of Object.entries(parsed)) {
      if (id !== '__proto__' && Number.isSafeInteger(at) && (at as number) >= 0) usage[id] = at as number;
    }
    return usage;
  } catch {
    return {};
  }
}
