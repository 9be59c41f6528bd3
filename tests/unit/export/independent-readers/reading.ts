import { createHmac } from 'node:crypto';

/*
 * What an independent reader makes of one account in an exported file, and the codes the consuming app computes
 * from it. Written from the apps' own documentation and source (cited in each reader), never with Twofold's lib/:
 * a misreading shared by Twofold's writer and Twofold's importer would otherwise go unseen.
 */

export type ReadAlgorithm = 'SHA1' | 'SHA256' | 'SHA512';

export interface Reading {
  type: 'totp' | 'hotp' | 'steam';
  secret: Uint8Array;
  algorithm: ReadAlgorithm;
  digits: number;
  period: number;
  /** HOTP: the counter of the code the app shows now. */
  counter: bigint;
  issuer: string;
  name: string;
  note?: string;
  favorite?: boolean;
  sites?: string[];
}

/** RFC 4648 §6 base32, upper or lower case, padding and spaces ignored; a character outside it throws. */
export function base32Decode(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.toUpperCase().replace(/[=\s]/g, '');
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

/** RFC 4226 §5.3 dynamic truncation: the 31-bit number every app (and Steam) starts from. */
export function truncated(secret: Uint8Array, algorithm: ReadAlgorithm, counter: bigint): number {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(counter);
  const hash = createHmac(algorithm.replace('SHA', 'sha'), secret).update(msg).digest();
  const offset = (hash[hash.length - 1] as number) & 0x0f;
  return hash.readUInt32BE(offset) & 0x7fffffff;
}

/** Steam Guard's five characters, as Aegis's OTP.java, 2FAS's ServiceCodeGenerator and Bitwarden's totp.rs do. */
export function steamChars(full: number): string {
  const alphabet = '23456789BCDFGHJKMNPQRTVWXY';
  let n = full;
  let s = '';
  for (let i = 0; i < 5; i++) {
    s += alphabet[n % alphabet.length];
    n = Math.floor(n / alphabet.length);
  }
  return s;
}

/**
 * The code the app shows for `r` at Unix time `t` (TOTP, Steam) or `step` codes after the current one (HOTP).
 * Digits above 9 take the whole 31-bit number (10^10 exceeds it), as RFC 4226's modulo does.
 */
export function appCode(r: Reading, t: number, step = 0): string {
  if (r.type === 'hotp') {
    const n = truncated(r.secret, r.algorithm, r.counter + BigInt(step));
    return String(n % 10 ** r.digits).padStart(r.digits, '0');
  }
  const counter = BigInt(Math.floor(t / r.period));
  const n = truncated(r.secret, r.algorithm, counter);
  if (r.type === 'steam') return steamChars(n);
  return String(n % 10 ** r.digits).padStart(r.digits, '0');
}
