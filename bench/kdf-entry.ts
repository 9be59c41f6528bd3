// Bundled by bench/kdf-chromium.ts and run inside Chromium to time the vault KDF candidates there: the vault's
// WebAssembly Argon2id (hash-wasm, lib/vault/kdf.ts) at several costs, and the pure-JS fallback at the old default.
import { type Argon2idImpl, jsArgon2id, wasmArgon2id } from '../lib/vault/kdf';

const password = new TextEncoder().encode('correct horse battery staple');
const salt = new Uint8Array(16).fill(7);

const run = (impl: Argon2idImpl, memoryKiB: number, iterations: number, parallelism: number) => () =>
  impl({ password, salt, memoryKiB, iterations, parallelism, hashLength: 32 });

export const candidates: Record<string, () => Promise<Uint8Array>> = {
  'argon2id wasm m=64MiB t=3 p=4': run(wasmArgon2id, 65536, 3, 4),
  'argon2id wasm m=96MiB t=3 p=4': run(wasmArgon2id, 98304, 3, 4),
  'argon2id wasm m=128MiB t=2 p=4': run(wasmArgon2id, 131072, 2, 4),
  'argon2id wasm m=128MiB t=3 p=4': run(wasmArgon2id, 131072, 3, 4),
  'argon2id wasm m=192MiB t=2 p=4': run(wasmArgon2id, 196608, 2, 4),
  'argon2id wasm m=256MiB t=2 p=4': run(wasmArgon2id, 262144, 2, 4),
  'argon2id pure JS (noble) m=64MiB t=3 p=4': run(jsArgon2id, 65536, 3, 4),
};

(globalThis as unknown as { kdfBench: (name: string) => Promise<number> }).kdfBench = async (name: string) => {
  const fn = candidates[name];
  if (!fn) throw new Error(`unknown KDF ${name}`);
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

(globalThis as unknown as { kdfNames: string[] }).kdfNames = Object.keys(candidates);
