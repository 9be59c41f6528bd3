import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { type Account, toAccountJson } from '../vault/account-data';

/*
 * The digest a replica record keeps per account (docs/sync-format.md "On the device: the replica record"): SHA-256
 * (FIPS 180-4) in lower-case hex of the UTF-8 of the JSON the vault record stores for the account
 * (lib/vault/account-data.ts `toAccountJson`), so an edit made without the replica (an older Twofold after a
 * downgrade, a hand-edited profile) shows as a different digest at the next unlock.
 */

const encoder = new TextEncoder();

export function accountDigest(a: Account): string {
  return bytesToHex(sha256(encoder.encode(toAccountJson(a))));
}
