import { base32Decode, type ReadAlgorithm, type Reading } from './reading';

/*
 * An otpauth link list read line by line as Google's Key Uri Format describes a link
 * (github.com/google/google-authenticator/wiki/Key-Uri-Format): otpauth://TYPE/LABEL?PARAMETERS, the label
 * "Issuer:Account" percent-encoded, `issuer` winning over the label's prefix, defaults SHA1 / 6 digits / 30 s, HOTP
 * with `counter`. The `steam` type is Aegis's reading (beemdevelopment/Aegis
 * app/src/main/java/com/beemdevelopment/aegis/otp/GoogleAuthInfo.java, commit
 * 59d5c640d6a2d0d16f243dbdd735758eed65bc63): Steam Guard, SHA1, 5 characters, 30 s.
 */
export function readUriList(text: string): Reading[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const url = new URL(line.trim());
      if (url.protocol !== 'otpauth:') throw new Error(`not an otpauth link: ${url.protocol}`);
      const type = url.host;
      if (type !== 'totp' && type !== 'hotp' && type !== 'steam') throw new Error(`type ${type}`);
      const label = decodeURIComponent(url.pathname.replace(/^\//, ''));
      const colon = label.indexOf(':');
      const prefix = colon >= 0 ? label.slice(0, colon) : '';
      const name = colon >= 0 ? label.slice(colon + 1) : label;
      const q = url.searchParams;
      const secret = q.get('secret');
      if (!secret) throw new Error('no secret');
      return {
        type,
        secret: base32Decode(secret),
        algorithm: (type === 'steam' ? 'SHA1' : (q.get('algorithm') ?? 'SHA1').toUpperCase()) as ReadAlgorithm,
        digits: type === 'steam' ? 5 : Number(q.get('digits') ?? 6),
        period: type === 'steam' ? 30 : Number(q.get('period') ?? 30),
        counter: BigInt(q.get('counter') ?? 0),
        issuer: q.get('issuer') ?? prefix,
        name: name.trim(),
      };
    });
}
