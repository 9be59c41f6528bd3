import { argon2id as argon2idJs } from '@noble/hashes/argon2.js';
import { argon2id as argon2idWasm } from 'hash-wasm';

/*
 * Argon2id for the vault's password slots (docs/vault-format.md "Primitives"). hash-wasm runs the RFC 9106
 * algorithm compiled to WebAssembly, several times faster than JavaScript at 64 MiB and more (docs/vault-format.md
 * "Why these KDF parameters (measured)"). @noble/hashes' pure-JS Argon2id computes the same bytes and is kept only
 * for a context where WebAssembly cannot run: no `WebAssembly` global, or compiling refused (a Content Security
 * Policy without 'wasm-unsafe-eval' makes `WebAssembly.compile` throw a CompileError in Chromium, and an error in
 * Firefox; https://www.w3.org/TR/CSP3/#wasm-integration). Which one runs is decided at the first derivation and
 * remembered for the life of the context: a refusal does not go away, and retrying it would cost every unlock.
 */

/** The cost of one derivation, as a slot stores it (docs/vault-format.md "Key slot"). */
export interface Argon2idCost {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** One Argon2id v1.3 derivation (RFC 9106 §3.1); `secret` is K, the optional secret value. */
export interface Argon2idInput extends Argon2idCost {
  password: Uint8Array;
  salt: Uint8Array;
  hashLength: number;
  secret?: Uint8Array;
}

export type Argon2idImpl = (input: Argon2idInput) => Promise<Uint8Array>;
export type Argon2idBackend = 'wasm' | 'js';

type Buf = Uint8Array<ArrayBuffer>;
const buf = (b: Uint8Array): Buf => b as Buf;

/** @noble/hashes (pure JavaScript), the fallback. */
export const jsArgon2id: Argon2idImpl = async (i) =>
  argon2idJs(i.password, i.salt, {
    m: i.memoryKiB,
    t: i.iterations,
    p: i.parallelism,
    version: 0x13,
    dkLen: i.hashLength,
    ...(i.secret ? { key: i.secret } : {}),
  });

/**
 * hash-wasm (WebAssembly). Its version is fixed at 0x13, the only one a slot may name. hash-wasm refuses an empty
 * password ("Password must be specified", lib/argon2.ts validateOptions) although RFC 9106 §3.1 allows P of length 0;
 * that one input goes to the JavaScript implementation, so an empty password is answered like any wrong one.
 */
export const wasmArgon2id: Argon2idImpl = (i) =>
  i.password.length === 0
    ? jsArgon2id(i)
    : argon2idWasm({
        password: buf(i.password),
        salt: buf(i.salt),
        ...(i.secret ? { secret: buf(i.secret) } : {}),
        iterations: i.iterations,
        memorySize: i.memoryKiB,
        parallelism: i.parallelism,
        hashLength: i.hashLength,
        outputType: 'binary',
      });

/**
 * Whether an error means "WebAssembly cannot run here" rather than "this derivation failed": a CompileError
 * (Chromium's CSP refusal, or a module this engine cannot compile), an EvalError (a CSP refusal reported as
 * eval), or hash-wasm's own "WebAssembly is not supported" (no global). An out-of-memory RangeError is not one:
 * JavaScript would need the same memory.
 */
export function isWasmRefusal(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const { name, message } = e as { name?: unknown; message?: unknown };
  if (name === 'CompileError' || name === 'EvalError' || name === 'LinkError') return true;
  return typeof message === 'string' && /WebAssembly is not supported|wasm-unsafe-eval|blocked by CSP/i.test(message);
}

/** An Argon2id that tries WebAssembly first, falls back to JavaScript once refused, and remembers the choice. */
export interface Argon2id {
  derive(input: Argon2idInput): Promise<Uint8Array>;
  /** The implementation chosen, or undefined before the first derivation. */
  backend(): Argon2idBackend | undefined;
}

export function createArgon2id(
  impls: { wasm: Argon2idImpl; js: Argon2idImpl } = { wasm: wasmArgon2id, js: jsArgon2id },
  hasWebAssembly: () => boolean = () => typeof WebAssembly === 'object',
): Argon2id {
  let chosen: Argon2idBackend | undefined;
  return {
    backend: () => chosen,
    async derive(input) {
      if (chosen === undefined && !hasWebAssembly()) chosen = 'js';
      if (chosen === 'js') return impls.js(input);
      try {
        const out = await impls.wasm(input);
        chosen = 'wasm';
        return out;
      } catch (e) {
        if (chosen === 'wasm' || !isWasmRefusal(e)) throw e;
        chosen = 'js';
        return impls.js(input);
      }
    },
  };
}

/** The vault's Argon2id in this context (service worker, background page, extension page or test). */
export const vaultArgon2id = createArgon2id();

/** KEK = Argon2id(password bytes, salt, cost), 32 bytes (docs/vault-format.md "Key slot"). */
export function argon2idKek(
  passwordBytes: Uint8Array,
  params: Argon2idCost & { salt: Uint8Array },
  argon2: Argon2id = vaultArgon2id,
): Promise<Uint8Array> {
  return argon2.derive({
    password: passwordBytes,
    salt: params.salt,
    memoryKiB: params.memoryKiB,
    iterations: params.iterations,
    parallelism: params.parallelism,
    hashLength: 32,
  });
}
