import { Poly1305 } from '@noble/ciphers/_poly1305.js';
import { chacha20, hchacha } from '@noble/ciphers/chacha.js';
import { u8, u32 } from '@noble/ciphers/utils.js';
import { bytesEqual } from '../encoding/bytes';
import { TwofoldError } from '../errors';

/*
 * The decrypting ("pull") half of libsodium's crypto_secretstream_xchacha20poly1305, which Ente Auth's
 * encrypted export uses (docs/import-formats.md "Ente Auth"). Written line for line after libsodium
 * src/libsodium/crypto_secretstream/xchacha20poly1305/secretstream_xchacha20poly1305.c (init_pull, pull,
 * rekey) on @noble/ciphers' HChaCha20, ChaCha20-IETF and Poly1305. No library offers the construction
 * itself: it is XChaCha20-Poly1305 with a 64-byte "tag block" and a nonce that changes per message.
 */

export const SECRETSTREAM_HEADER_BYTES = 24;
/** The tag byte and the 16-byte MAC each message adds. */
export const SECRETSTREAM_ABYTES = 17;
export const TAG_PUSH = 0x01;
export const TAG_REKEY = 0x02;
export const TAG_FINAL = TAG_PUSH | TAG_REKEY;

export class SecretStreamError extends TwofoldError<'bad-key' | 'too-short' | 'forged'> {}

const KEY_BYTES = 32;
const INONCE_BYTES = 8;
const COUNTER_BYTES = 4;
// "expand 32-byte k", the ChaCha constants HChaCha20 mixes with the key (RFC 8439 §2.3).
const SIGMA = u32(new TextEncoder().encode('expand 32-byte k'));

/** HChaCha20(key, 16-byte input) → 32-byte subkey (draft-irtf-cfrg-xchacha §2.2). */
function hchacha20(key: Uint8Array, input: Uint8Array): Uint8Array {
  const out = new Uint32Array(8);
  // noble takes native-endian word views of little-endian bytes (copies, so alignment never matters).
  hchacha(SIGMA, u32(key.slice()), u32(input.slice()), out);
  return u8(out).slice();
}

function le64(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
  return out;
}

/** Padding of the additional data to the next multiple of 16 bytes, as libsodium's first `_pad0` update. */
const pad16 = (length: number): Uint8Array => new Uint8Array((16 - (length % 16)) % 16);

/**
 * The zeros libsodium feeds Poly1305 after the ciphertext: `(0x10 - sizeof block + mlen) & 0xf` bytes, which is
 * mlen mod 16, not the RFC 8439 padding of the 64 + mlen bytes MAC'd so far (libsodium's own comment there says
 * "should have been (0x10 - (sizeof block + mlen)) & 0xf"). The two agree only when mlen mod 16 is 0 or 8, so a
 * reader that pads the RFC way rejects most real streams as forged. Source: jedisct1/libsodium
 * src/libsodium/crypto_secretstream/xchacha20poly1305/secretstream_xchacha20poly1305.c at commit
 * 7014b204b6fbd448c7b653aa69762581d8c463ab, crypto_secretstream_xchacha20poly1305_push and _pull.
 */
const messagePad = (mlen: number): Uint8Array => new Uint8Array(mlen % 16);

/** One reading state: call {@link pull} for each message of the stream, in order. */
export class SecretStreamPull {
  private key: Uint8Array;
  /** counter (4 bytes, little-endian) ‖ inonce (8 bytes): the ChaCha20-IETF nonce of the next message. */
  private readonly nonce = new Uint8Array(COUNTER_BYTES + INONCE_BYTES);

  /** crypto_secretstream_xchacha20poly1305_init_pull. */
  constructor(key: Uint8Array, header: Uint8Array) {
    if (key.length !== KEY_BYTES)
      throw new SecretStreamError('bad-key', `A secretstream key has 32 bytes, not ${key.length}.`); // i18n-ignore: internal, the Ente importer reports it
    if (header.length !== SECRETSTREAM_HEADER_BYTES)
      throw new SecretStreamError('too-short', `A secretstream header has 24 bytes, not ${header.length}.`); // i18n-ignore: internal, the Ente importer reports it
    this.key = hchacha20(key, header.subarray(0, 16));
    this.resetCounter();
    this.nonce.set(header.subarray(16, 24), COUNTER_BYTES);
  }

  private resetCounter(): void {
    this.nonce.fill(0, 0, COUNTER_BYTES);
    this.nonce[0] = 1;
  }

  /**
   * crypto_secretstream_xchacha20poly1305_pull: checks the MAC, then decrypts. A wrong key and a changed
   * message are indistinguishable (both throw `forged`).
   */
  pull(sealed: Uint8Array, ad: Uint8Array = new Uint8Array(0)): { message: Uint8Array; tag: number } {
    if (sealed.length < SECRETSTREAM_ABYTES)
      throw new SecretStreamError('too-short', `A secretstream message has at least 17 bytes, not ${sealed.length}.`); // i18n-ignore: internal, the Ente importer reports it
    const mlen = sealed.length - SECRETSTREAM_ABYTES;

    // Block 0 of the keystream is the Poly1305 key.
    const polyKey = chacha20(this.key, this.nonce, new Uint8Array(64)).subarray(0, 32);
    const mac = new Poly1305(polyKey);
    mac.update(ad).update(pad16(ad.length));

    // The tag travels as the first byte of a 64-byte block encrypted with keystream block 1; the MAC
    // covers that whole block with its first byte as sent.
    const sentTag = sealed[0] as number;
    const block = new Uint8Array(64);
    block[0] = sentTag;
    chacha20(this.key, this.nonce, block, block, 1);
    const tag = block[0] as number;
    block[0] = sentTag;
    mac.update(block);

    const ciphertext = sealed.subarray(1, 1 + mlen);
    mac.update(ciphertext).update(messagePad(mlen));
    mac.update(le64(ad.length)).update(le64(64 + mlen));
    const expected = mac.digest();
    if (!bytesEqual(expected, sealed.subarray(1 + mlen)))
      throw new SecretStreamError('forged', 'The secretstream message failed authentication.'); // i18n-ignore: internal, the Ente importer reports it

    const message = chacha20(this.key, this.nonce, ciphertext, new Uint8Array(mlen), 2);

    // Next message: inonce ^= first 8 MAC bytes, counter += 1; rekey on TAG_REKEY or counter wrap.
    for (let i = 0; i < INONCE_BYTES; i++)
      this.nonce[COUNTER_BYTES + i] = (this.nonce[COUNTER_BYTES + i] as number) ^ (expected[i] as number);
    let carry = 1;
    for (let i = 0; i < COUNTER_BYTES; i++) {
      carry += this.nonce[i] as number;
      this.nonce[i] = carry & 0xff;
      carry >>= 8;
    }
    const counterWrapped = this.nonce.subarray(0, COUNTER_BYTES).every((b) => b === 0);
    if ((tag & TAG_REKEY) !== 0 || counterWrapped) this.rekey();
    return { message, tag };
  }

  /** crypto_secretstream_xchacha20poly1305_rekey. */
  rekey(): void {
    const next = new Uint8Array(KEY_BYTES + INONCE_BYTES);
    next.set(this.key);
    next.set(this.nonce.subarray(COUNTER_BYTES), KEY_BYTES);
    chacha20(this.key, this.nonce, next, next);
    this.key = next.slice(0, KEY_BYTES);
    this.nonce.set(next.subarray(KEY_BYTES), COUNTER_BYTES);
    this.resetCounter();
  }
}
