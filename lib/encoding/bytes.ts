/**
 * Whether two byte arrays are equal. Time depends only on the length, not on where they differ, so
 * comparing secrets (HMAC key cache, "is this key already in the vault") leaks nothing through timing.
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
