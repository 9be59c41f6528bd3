import { createDecipheriv, scryptSync } from 'node:crypto';
import { base32Decode, type ReadAlgorithm, type Reading } from './reading';

/*
 * Aegis's vault file as its own documentation describes it (docs/vault.md in beemdevelopment/Aegis, commit
 * 59d5c640d6a2d0d16f243dbdd735758eed65bc63): {version: 1, header: {slots, params}, db}. A plain file has the db as an
 * object; an encrypted one has it as base64 AES-256-GCM ciphertext under the master key, which a password slot
 * (type 1) wraps with a scrypt-derived key (n, r, p, salt in the slot; nonce and tag in key_params). Entries:
 * type totp|hotp|steam, name, issuer, note, favorite, info {secret (base32), algo, digits, period | counter}.
 */

interface AegisEntry {
  type: string;
  name: string;
  issuer: string;
  note?: string;
  favorite?: boolean;
  info: { secret: string; algo: string; digits: number; period?: number; counter?: number | bigint };
}

function openDb(
  vault: { header: { slots: unknown[]; params: { nonce: string; tag: string } }; db: string },
  password: string,
): string {
  for (const raw of vault.header.slots) {
    const slot = raw as {
      type: number;
      key: string;
      key_params: { nonce: string; tag: string };
      n: number;
      r: number;
      p: number;
      salt: string;
    };
    if (slot.type !== 1) continue;
    const slotKey = scryptSync(Buffer.from(password, 'utf8'), Buffer.from(slot.salt, 'hex'), 32, {
      N: slot.n,
      r: slot.r,
      p: slot.p,
      maxmem: 256 * 1024 * 1024,
    });
    const unwrap = createDecipheriv('aes-256-gcm', slotKey, Buffer.from(slot.key_params.nonce, 'hex'));
    unwrap.setAuthTag(Buffer.from(slot.key_params.tag, 'hex'));
    const masterKey = Buffer.concat([unwrap.update(Buffer.from(slot.key, 'hex')), unwrap.final()]);
    const open = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(vault.header.params.nonce, 'hex'));
    open.setAuthTag(Buffer.from(vault.header.params.tag, 'hex'));
    return Buffer.concat([open.update(Buffer.from(vault.db, 'base64')), open.final()]).toString('utf8');
  }
  throw new Error('no password slot');
}

/** Counters are Java longs: read from the text as strings so that digits above 2^53 survive. */
const bigCounters = (json: string) => json.replace(/("counter":\s*)(\d+)/g, '$1"$2"');

export function readAegis(text: string, password?: string): Reading[] {
  const vault = JSON.parse(bigCounters(text));
  if (vault.version !== 1) throw new Error(`Aegis file version ${vault.version}`);
  const db: { entries: AegisEntry[] } =
    vault.header.slots === null ? vault.db : JSON.parse(bigCounters(openDb(vault, password ?? '')));
  return db.entries.map((e) => {
    if (e.type !== 'totp' && e.type !== 'hotp' && e.type !== 'steam') throw new Error(`Aegis type ${e.type}`);
    return {
      type: e.type,
      secret: base32Decode(e.info.secret),
      algorithm: e.info.algo as ReadAlgorithm,
      digits: e.info.digits,
      period: e.info.period ?? 30,
      counter: BigInt(e.info.counter ?? 0),
      issuer: e.issuer,
      name: e.name,
      note: e.note ?? '',
      favorite: e.favorite ?? false,
    };
  });
}
