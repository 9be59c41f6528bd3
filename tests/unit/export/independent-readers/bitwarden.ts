import type { ReadAlgorithm, Reading } from './reading';

/*
 * An unencrypted Bitwarden JSON export read the way Bitwarden reads it:
 * - bitwarden/clients libs/common/src/models/export/cipher.export.ts and login.export.ts (commits
 *   b69a55c60421054141e44f9dc6ae83306b0905a7, 1e78820b8e9a80c36ddf9b56b59807047ed0021d): items with type 1 (login),
 *   name, notes, favorite, login {uris [{uri}], username, totp}; `encrypted: true` files are another format.
 * - bitwarden/sdk-internal crates/bitwarden-vault/src/totp.rs (commit ad579d983b9a2e1770df3627b0210a4269ef03d7):
 *   the key is lower-cased; `otpauth://` → query `algorithm` (sha1/sha256/sha512, else SHA-1), `digits` clamped to
 *   0..10 (else 6), `period` at least 1 (else 30), `secret`, always time-based; `steam://SECRET` → Steam, 5
 *   characters every 30 s; anything else is a bare base32 key with the defaults. Its base32 decoder drops every
 *   character outside the alphabet and any trailing bits short of a byte.
 */

function bitwardenBase32(s: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of s.toUpperCase()) {
    const i = alphabet.indexOf(ch);
    if (i >= 0) bits += i.toString(2).padStart(5, '0');
  }
  const out: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) out.push(Number.parseInt(bits.slice(i, i + 8), 2));
  return Uint8Array.from(out);
}

interface Key {
  type: 'totp' | 'steam';
  secret: Uint8Array;
  algorithm: ReadAlgorithm;
  digits: number;
  period: number;
}

export function parseBitwardenTotp(raw: string): Key {
  const key = raw.toLowerCase();
  if (key.startsWith('otpauth://')) {
    const q = new URLSearchParams(key.slice(key.indexOf('?') + 1));
    const algorithm = ({ sha1: 'SHA1', sha256: 'SHA256', sha512: 'SHA512' } as const)[
      (q.get('algorithm') ?? '') as 'sha1'
    ];
    const digits = /^\d+$/.test(q.get('digits') ?? '') ? Math.min(Number(q.get('digits')), 10) : 6;
    const period = /^\d+$/.test(q.get('period') ?? '') ? Math.max(Number(q.get('period')), 1) : 30;
    const secret = q.get('secret');
    if (secret === null) throw new Error('Missing secret');
    return { type: 'totp', secret: bitwardenBase32(secret), algorithm: algorithm ?? 'SHA1', digits, period };
  }
  if (key.startsWith('steam://'))
    return { type: 'steam', secret: bitwardenBase32(key.slice(8)), algorithm: 'SHA1', digits: 5, period: 30 };
  return { type: 'totp', secret: bitwardenBase32(key), algorithm: 'SHA1', digits: 6, period: 30 };
}

interface Item {
  type: number;
  name: string;
  notes: string | null;
  favorite: boolean;
  login?: { uris?: { uri: string }[] | null; username?: string | null; totp?: string | null } | null;
}

export function readBitwarden(text: string): Reading[] {
  const file = JSON.parse(text) as { encrypted?: boolean; items: Item[] };
  if (file.encrypted === true) throw new Error('encrypted export');
  return file.items
    .filter((i) => i.type === 1 && i.login?.totp)
    .map((i) => ({
      ...parseBitwardenTotp(i.login?.totp ?? ''),
      counter: 0n,
      issuer: i.name,
      name: i.login?.username ?? '',
      note: i.notes ?? '',
      favorite: i.favorite,
      sites: (i.login?.uris ?? []).map((u) => u.uri),
    }));
}
