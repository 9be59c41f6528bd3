import sodium from 'libsodium-wrappers';
import { beforeAll, describe, expect, it } from 'vitest';
import { SecretStreamError, SecretStreamPull, TAG_FINAL, TAG_PUSH, TAG_REKEY } from '../../../lib/import/secretstream';

/*
 * Our secretstream pull against libsodium itself (libsodium-wrappers, the reference Ente's apps call through their
 * bindings): libsodium pushes, we pull. Every plaintext length 0..300 covers each residue mod 16 many times; the
 * padding libsodium applies after the ciphertext depends on that residue (docs/import-formats.md "Ente Auth").
 */

const TAG_MESSAGE = 0;

beforeAll(async () => {
  await sodium.ready;
});

/** Deterministic bytes for the plaintexts (the key and header come from libsodium's own generator). */
function bytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

function sealWithLibsodium(messages: { message: Uint8Array; tag: number; ad?: Uint8Array }[]) {
  const key = sodium.crypto_secretstream_xchacha20poly1305_keygen();
  const { state, header } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
  const sealed = messages.map(({ message, tag, ad }) =>
    sodium.crypto_secretstream_xchacha20poly1305_push(state, message, ad ?? null, tag),
  );
  return { key, header, sealed };
}

function errorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof SecretStreamError ? e.code : `other: ${String(e)}`;
  }
  return 'accepted';
}

describe('secretstream pull against libsodium push', () => {
  it('reads a single message of every length 0..300 and a few large ones, with its tag', () => {
    const lengths = [...Array.from({ length: 301 }, (_, i) => i), 1000, 4093, 65_536 + 7, 1_000_003];
    for (const length of lengths) {
      const message = bytes(length, length);
      const tag = length % 2 === 0 ? TAG_FINAL : TAG_MESSAGE;
      const { key, header, sealed } = sealWithLibsodium([{ message, tag }]);
      const got = new SecretStreamPull(key, header).pull(sealed[0] as Uint8Array);
      expect({ length, equal: Buffer.from(got.message).equals(Buffer.from(message)), tag: got.tag }).toEqual({
        length,
        equal: true,
        tag,
      });
    }
  });

  it('reads a stream of many messages with additional data, TAG_PUSH, TAG_REKEY and TAG_FINAL in order', () => {
    const plan = Array.from({ length: 40 }, (_, i) => ({
      message: bytes((i * 37) % 129, i + 1000),
      tag: i === 39 ? TAG_FINAL : i % 7 === 3 ? TAG_REKEY : i % 5 === 1 ? TAG_PUSH : TAG_MESSAGE,
      ad: i % 3 === 0 ? bytes(i % 23, i) : undefined,
    }));
    const { key, header, sealed } = sealWithLibsodium(plan);
    const pull = new SecretStreamPull(key, header);
    plan.forEach((step, i) => {
      const got = pull.pull(sealed[i] as Uint8Array, step.ad);
      expect(Buffer.from(got.message).equals(Buffer.from(step.message))).toBe(true);
      expect(got.tag).toBe(step.tag);
    });
  });

  it('refuses any changed byte, a message out of order and wrong additional data', () => {
    const message = bytes(45, 3); // 45 mod 16 = 13: a length the RFC padding gets wrong
    const { key, header, sealed } = sealWithLibsodium([
      { message, tag: TAG_MESSAGE, ad: bytes(5, 9) },
      { message, tag: TAG_FINAL },
    ]);
    const first = sealed[0] as Uint8Array;
    for (let i = 0; i < first.length; i++) {
      const changed = first.slice();
      changed[i] = (changed[i] as number) ^ 0x01;
      expect([i, errorCode(() => new SecretStreamPull(key, header).pull(changed, bytes(5, 9)))]).toEqual([i, 'forged']);
    }
    expect(errorCode(() => new SecretStreamPull(key, header).pull(first, bytes(5, 10)))).toBe('forged');
    expect(errorCode(() => new SecretStreamPull(key, header).pull(sealed[1] as Uint8Array))).toBe('forged');
    const changedHeader = header.slice();
    changedHeader[23] = (changedHeader[23] as number) ^ 0x80;
    expect(errorCode(() => new SecretStreamPull(key, changedHeader).pull(first, bytes(5, 9)))).toBe('forged');
  });
});
