// Bundled by bench/kdf-chromium.ts and run inside Chromium to time the vault KDF candidates there.
import { argon2id } from '@noble/hashes/argon2.js';
import { scrypt } from '@noble/hashes/scrypt.js';

const password = new TextEncoder().encode('correct horse battery staple');
const salt = new Uint8Array(16).fill(7);

export const candidates: Record<string, () => Uint8Array> = {
  'argon2id m=64MiB t=3 p=4': () => argon2id(password, salt, { m: 65536, t: 3, p: 4, dkLen: 32 }),
  'argon2id m=64MiB t=3 p=1': () => argon2id(password, salt, { m: 65536, t: 3, p: 1, dkLen: 32 }),
  'scrypt N=2^17 r=8 p=1': () => scrypt(password, salt, { N: 2 ** 17, r: 8, p: 1, dkLen: 32 }),
};

(globalThis as unknown as { kdfBench: (name: string) => number }).kdfBench = (name: string) => {
  const fn = candidates[name];
  if (!fn) throw new Error(`unknown KDF ${name}`);
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};
