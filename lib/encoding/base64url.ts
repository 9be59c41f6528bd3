/*
 * URL-safe base64 without padding (RFC 4648 §5), the form WebAuthn itself uses for credential ids
 * (W3C WebAuthn Level 3 §5.1 `id`), so bytes cross the message channel as JSON strings.
 */

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/** Bytes as base64url without padding. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
}

/**
 * The bytes of a base64url string without padding, or undefined when it is not one: another alphabet,
 * padding, a length no byte string has (4n + 1), or stray bits in the last character (so one byte string
 * has exactly one spelling).
 */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  if (!ALPHABET.test(text) || text.length % 4 === 1) return undefined;
  const padded = text.replaceAll('-', '+').replaceAll('_', '/') + '='.repeat((4 - (text.length % 4)) % 4);
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    return undefined;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return encodeBase64Url(bytes) === text ? bytes : undefined;
}
