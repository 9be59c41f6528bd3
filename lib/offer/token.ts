/** A random token of `bytes` bytes as URL-safe base64 without padding (fits a URL fragment as is). */
export function randomToken(random: (n: number) => Uint8Array, bytes = 18): string {
  let s = '';
  for (const b of random(bytes)) s += String.fromCharCode(b);
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
}
