import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Account } from '../vault/account-data';
import { toAccountJson } from '../vault/account-data';
import type { PasswordSlot } from '../vault/slots';
import type { SyncState } from './state';

/*
 * Digests a sync round keeps in the replica record (docs/sync-format.md "On the device: the replica record"). The
 * account digest is shared with the vault (lib/vault/), which stamps an account whose digest no longer matches as a
 * local edit: both sides must hash exactly the same bytes, so it is the JSON a vault record encrypts
 * (lib/vault/account-data.ts `toAccountJson`; the id and `createdAt` are the record's clear fields and the digests'
 * keys).
 */

const encoder = new TextEncoder();

/** SHA-256 (hex) of the account's vault JSON. */
export function accountDigest(account: Account): string {
  return bytesToHex(sha256(encoder.encode(toAccountJson(account))));
}

/**
 * JSON with every object's keys sorted (bytes as arrays of numbers), so two equal values built in different orders,
 * such as a state and the same state read back through a codec, give the same text. Written out by hand: a
 * `JSON.stringify` replacer that rebuilds each object is several times slower on a 1,000-account state.
 */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (v instanceof Uint8Array) return `[${v.join(',')}]`;
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJson(x))).join(',')}]`;
  const o = v as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(o).sort()) {
    const x = o[k];
    if (x === undefined || typeof x === 'function') continue;
    parts.push(`${JSON.stringify(k)}:${canonicalJson(x)}`);
  }
  return `{${parts.join(',')}}`;
}

/*
 * The canonical text of each object under `state.accounts`, by object. A round digests its state two or three times
 * (the read-back of its own file, the write decision, the write) and one change touches one account, so an account
 * entry that is the same object as last time is not written out again. Safe because a state is never modified in
 * place: the join, the local edits, the fold and the collection all build new objects for what they change
 * (lib/sync/join.ts: "Inputs are never modified").
 */
const entryText = new WeakMap<object, string>();

function entryJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return canonicalJson(v);
  let text = entryText.get(v);
  if (text === undefined) {
    text = canonicalJson(v);
    entryText.set(v, text);
  }
  return text;
}

/** `canonicalJson` of a state, each account entry's text kept by object. */
function stateJson(state: SyncState): string {
  const o = state as unknown as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(o).sort()) {
    const x = o[k];
    if (x === undefined || typeof x === 'function') continue;
    let text: string;
    if (k === 'accounts' && x !== null && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Uint8Array)) {
      const accounts = x as Record<string, unknown>;
      const entries: string[] = [];
      for (const id of Object.keys(accounts).sort()) {
        const e = accounts[id];
        if (e === undefined || typeof e === 'function') continue;
        entries.push(`${JSON.stringify(id)}:${entryJson(e)}`);
      }
      text = `{${entries.join(',')}}`;
    } else text = canonicalJson(x);
    parts.push(`${JSON.stringify(k)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * What a device file carries besides its generation: the state it seals and the slots it copies. A round compares
 * this with the digest of its last write to skip a PUT that would say nothing new. The text hashed is exactly
 * `canonicalJson({ state, slots })` (keys sorted: "slots" before "state").
 */
export function writeDigest(state: SyncState, slots: readonly PasswordSlot[]): string {
  return bytesToHex(sha256(encoder.encode(`{"slots":${canonicalJson(slots)},"state":${stateJson(state)}}`)));
}
