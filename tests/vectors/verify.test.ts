/*
 * Re-checks every vector file against implementations that share no code with lib/ (tests/vectors/SOURCES.md
 * "How every value is checked"): node:crypto HMAC with hand-written truncation, the `otpauth` package the test
 * site verifies codes with, hash-wasm's Argon2id, and the hand-written base32, Steam, CRC and protobuf readers of
 * verify/reference.ts. The unit tests in tests/unit/ check lib/ against the same files; together a value is
 * confirmed twice. A vector edited by mistake fails here even if lib/ were changed to match it.
 */
import { readFileSync } from 'node:fs';
import { argon2id } from 'hash-wasm';
import { HOTP, Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import {
  asInt32,
  base32DecodeSecret,
  base32DecodeStrict,
  base32Encode,
  type HashName,
  hmac,
  hotp,
  protoFields,
  STEAM_ALPHABET,
  steam,
  stm32Crc,
  totpCounter,
  truncate,
} from './verify/reference';

// biome-ignore lint/suspicious/noExplicitAny: vector files are plain JSON, read field by field below
type Json = any;

function load(name: string): Json {
  return JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8'));
}

const hex = (b: Buffer) => b.toString('hex');
const fromHex = (h: string) => Buffer.from(h, 'hex');

describe('rfc4226-hotp.json (RFC 4226 Appendix D)', () => {
  const file = load('rfc4226-hotp.json');
  it('has the ten counts of the appendix', () =>
    expect(file.cases.map((c: Json) => c.counter)).toEqual([...Array(10).keys()]));
  for (const c of file.cases) {
    it(`count ${c.counter}`, () => {
      const key = fromHex(c.secretHex);
      expect(key.toString('ascii')).toBe('12345678901234567890');
      expect(base32Encode(key).replace(/=+$/, '')).toBe(c.secretBase32);
      const mac = hmac(c.algorithm, key, BigInt(c.counter));
      expect(hex(mac)).toBe(c.hmacHex);
      expect(truncate(mac).toString(16).padStart(8, '0')).toBe(c.truncatedHex);
      expect(truncate(mac)).toBe(c.truncatedDecimal);
      expect(hotp(c.algorithm, key, BigInt(c.counter), c.digits)).toBe(c.code);
      const lib = new HOTP({ secret: Secret.fromHex(c.secretHex), algorithm: c.algorithm, digits: c.digits });
      expect(lib.generate({ counter: c.counter })).toBe(c.code);
    });
  }
});

describe('rfc6238-totp.json (RFC 6238 Appendix B)', () => {
  const file = load('rfc6238-totp.json');
  it('has six times for each of the three algorithms', () => expect(file.cases).toHaveLength(18));
  for (const c of file.cases) {
    it(`${c.algorithm} at ${c.time}`, () => {
      const key = fromHex(c.secretHex);
      expect(key.toString('ascii')).toBe(c.secretAscii);
      expect(base32Encode(key).replace(/=+$/, '')).toBe(c.secretBase32);
      expect(new Date(c.time * 1000).toISOString().replace('T', ' ').slice(0, 19)).toBe(c.utcTime);
      const counter = totpCounter(c.time, c.period, c.t0);
      expect(counter.toString(16).padStart(16, '0')).toBe(c.counterHex);
      expect(hotp(c.algorithm, key, counter, c.digits)).toBe(c.code);
      const lib = new TOTP({
        secret: Secret.fromHex(c.secretHex),
        algorithm: c.algorithm,
        digits: c.digits,
        period: c.period,
      });
      expect(lib.generate({ timestamp: c.time * 1000 })).toBe(c.code);
    });
  }
});

describe('steam.json (Steam Guard codes from KeePassXC, steampy and Bitwarden tests)', () => {
  const file = load('steam.json');
  it('names the Steam alphabet', () => expect(file.alphabet).toBe(STEAM_ALPHABET));
  for (const c of file.cases) {
    it(`${c.code} at ${c.time}`, () => {
      const key = c.secretBase32 ? base32DecodeStrict(c.secretBase32) : Buffer.from(c.secretBase64, 'base64');
      expect(key && hex(key)).toBe(c.secretHex);
      if (c.uri) expect(c.uri).toBe(`steam://${c.secretBase32}`);
      expect(totpCounter(c.time, 30).toString(16).padStart(16, '0')).toBe(c.counterHex);
      expect(steam(fromHex(c.secretHex), c.time)).toBe(c.code);
    });
  }
});

describe('bitwarden-totp.json (Bitwarden sdk-internal totp.rs tests)', () => {
  const file = load('bitwarden-totp.json');
  for (const c of file.cases) {
    it(c.name, () => {
      let secretText = c.key as string;
      let period = 30;
      let algorithm: HashName = 'SHA1';
      let digits = 6;
      if (/^otpauth:\/\//i.test(c.key)) {
        const params = new URL(c.key).searchParams;
        secretText = params.get('secret') ?? '';
        period = Number(params.get('period') ?? 30);
        algorithm = (params.get('algorithm')?.toUpperCase() as HashName | undefined) ?? 'SHA1';
        digits = Number(params.get('digits') ?? 6);
      }
      expect(secretText).toBe(c.secretBase32);
      expect([algorithm, digits, period]).toEqual([c.algorithm, c.digits, c.period]);
      const key = base32DecodeSecret(secretText);
      expect(key && hex(key)).toBe(c.secretHex);
      expect(hotp(algorithm, fromHex(c.secretHex), totpCounter(c.time, period), digits)).toBe(c.code);
    });
  }
});

describe('base32.json (RFC 4648 §10 and the secret policy of docs/otpauth-policy.md)', () => {
  const file = load('base32.json');
  for (const c of file.cases) {
    it(`RFC 4648 "${c.decodedAscii}"`, () => {
      expect(Buffer.from(c.decodedAscii, 'ascii').toString('hex')).toBe(c.decodedHex);
      expect(base32Encode(Buffer.from(c.decodedAscii, 'ascii'))).toBe(c.encoded);
      expect(hex(base32DecodeStrict(c.encoded) as Buffer)).toBe(c.decodedHex);
    });
  }
  for (const c of file.normalisation) {
    it(`accepts ${JSON.stringify(c.input)} (${c.note})`, () => {
      expect(hex(base32DecodeSecret(c.input) as Buffer)).toBe(c.hex);
    });
  }
  for (const c of file.invalid) {
    it(`refuses ${JSON.stringify(c.input)} (${c.reason})`, () => {
      expect(base32DecodeSecret(c.input)).toBeUndefined();
      if (c.reason === 'character') {
        const chars = [...c.input];
        expect(chars[c.position - 1]).toBe(c.character);
        // The named character is the first one outside the alphabet and the separators.
        const first = chars.findIndex((ch) => !/[A-Za-z2-7\s=-]/.test(ch));
        expect(first + 1).toBe(c.position);
      } else {
        expect(c.input.replace(/[\s=-]/g, '')).toBe('');
      }
    });
  }
});

describe('google-key-uri.json (google-authenticator wiki "Key-Uri-Format")', () => {
  const file = load('google-key-uri.json');
  for (const c of file.cases) {
    it(c.name, () => {
      const url = new URL(c.uri);
      expect(url.host).toBe(c.type);
      const label = decodeURIComponent(url.pathname.slice(1));
      const colon = label.indexOf(':');
      expect(label.slice(0, colon)).toBe(c.issuer);
      expect(label.slice(colon + 1).trimStart()).toBe(c.account);
      expect(url.searchParams.get('issuer')).toBe(c.issuer);
      expect(url.searchParams.get('secret')).toBe(c.secretBase32);
      expect(hex(base32DecodeStrict(c.secretBase32) as Buffer)).toBe(c.secretHex);
      expect(url.searchParams.get('algorithm') ?? 'SHA1').toBe(c.algorithm);
      expect(Number(url.searchParams.get('digits') ?? 6)).toBe(c.digits);
      expect(Number(url.searchParams.get('period') ?? 30)).toBe(c.period);
    });
  }
  it('the wiki example key is "Hello!" DE AD BE EF', () => {
    expect(hex(base32DecodeStrict('JBSWY3DPEHPK3PXP') as Buffer)).toBe(
      `${Buffer.from('Hello!').toString('hex')}deadbeef`,
    );
  });
  for (const l of file.labels) {
    it(`label ${l.label}`, () => {
      const label = decodeURIComponent(l.label);
      const colon = label.indexOf(':');
      expect([label.slice(0, colon), label.slice(colon + 1).trimStart()]).toEqual([l.issuer, l.account]);
    });
  }
});

describe('otpauth-edge-cases.json (the secret bytes of every accepted case)', () => {
  const file = load('otpauth-edge-cases.json');
  for (const c of file.cases.filter((x: Json) => x.expect)) {
    it(`policy ${c.policy}: ${c.note}`, () => {
      const uri = (c.uri as string).trim().replace(/#.*$/, '');
      const raw = uri.startsWith('steam://') ? uri.slice('steam://'.length) : /[?&]secret=([^&]*)/i.exec(uri)?.[1];
      const key = base32DecodeSecret(decodeURIComponent(raw ?? ''));
      expect(key && hex(key)).toBe(c.expect.secretHex);
    });
  }
});

describe('migration.json (Google Authenticator export payloads, read with a hand-written protobuf reader)', () => {
  const file = load('migration.json');
  const ALGORITHMS: Record<string, HashName | 'MD5'> = { 0: 'SHA1', 1: 'SHA1', 2: 'SHA256', 3: 'SHA512', 4: 'MD5' };
  const DIGITS: Record<string, number> = { 0: 6, 1: 6, 2: 8 };
  const field = (fields: ReturnType<typeof protoFields>, no: number) => fields.find((f) => f.no === no);
  const text = (f: ReturnType<typeof field>) => (f && 'bytes' in f ? f.bytes.toString('utf8') : '');
  const num = (f: ReturnType<typeof field>) => (f && 'varint' in f ? f.varint : 0n);

  for (const c of file.cases) {
    it(c.note, () => {
      // Percent-decoding only; a form decoder's spaces are base64's plus signs.
      const data = decodeURIComponent((/[?&]data=([^&]*)/.exec(c.uri) as RegExpExecArray)[1] as string).replace(
        / /g,
        '+',
      );
      const payload = protoFields(Buffer.from(data, 'base64'));
      expect({
        version: asInt32(num(field(payload, 2))),
        size: asInt32(num(field(payload, 3))),
        index: asInt32(num(field(payload, 4))),
        id: asInt32(num(field(payload, 5))),
      }).toEqual(c.batch);

      const entries = payload
        .filter((f) => f.no === 1 && 'bytes' in f)
        .map((f) => protoFields((f as { bytes: Buffer }).bytes));
      const accounts: Json[] = [];
      const refused = new Map<number, string>();
      for (const [index, e] of entries.entries()) {
        const secret = field(e, 1);
        const algorithm = ALGORITHMS[String(num(field(e, 4)))];
        const digits = DIGITS[String(num(field(e, 5)))];
        const kind = num(field(e, 6)) === 1n ? 'hotp' : 'totp';
        let name = text(field(e, 2));
        let issuer = text(field(e, 3));
        // docs/otpauth-policy.md "Google Authenticator exports": an "Issuer:" prefix supplies an empty issuer and is
        // dropped when it repeats the issuer field.
        const colon = name.indexOf(':');
        if (colon >= 0 && (issuer === '' || issuer === name.slice(0, colon))) {
          [issuer, name] = [name.slice(0, colon), name.slice(colon + 1)];
        }
        const problem =
          algorithm === 'MD5'
            ? 'MD5'
            : !secret || !('bytes' in secret) || secret.bytes.length === 0
              ? 'no secret'
              : digits === undefined
                ? 'code length'
                : undefined;
        if (problem || !secret || !('bytes' in secret)) {
          refused.set(index, problem ?? 'no secret');
          continue;
        }
        const account: Json = { kind, issuer, account: name, secretHex: hex(secret.bytes), algorithm, digits };
        if (kind === 'hotp') account.counter = String(num(field(e, 7)));
        else account.period = 30;
        accounts.push(account);
      }
      expect(accounts).toEqual(c.accounts);
      expect([...refused.keys()]).toEqual(c.errors.map((e: Json) => e.index));
      for (const e of c.errors) expect(e.message).toBe(refused.get(e.index));
    });
  }
});

describe('nitrokey-frames.json (libnitrokey request frames, checked with a CRC written from its description)', () => {
  const file = load('nitrokey-frames.json');
  it('the check value: 60 zero bytes', () => {
    expect(stm32Crc(fromHex(file.crcCheck.inputHex)).toString(16).padStart(8, '0')).toBe(file.crcCheck.crc);
    expect(file.crcCheck.crc).toBe('ef6eb7df');
  });
  for (const c of file.cases) {
    it(c.name, () => {
      const frame = fromHex(c.frameHex);
      expect(frame).toHaveLength(64);
      const crc = stm32Crc(frame.subarray(0, 60));
      expect(crc.toString(16).padStart(8, '0')).toBe(c.crc);
      expect(frame.readUInt32LE(60)).toBe(crc);
    });
  }
  for (const r of file.responses) {
    it(r.name, () => {
      const frame = fromHex(r.hex);
      const zeroed = Buffer.from(frame.subarray(0, 60));
      zeroed[0] = 0; // the device computes its CRC with the status byte taken as 0
      expect(stm32Crc(zeroed).toString(16).padStart(8, '0')).toBe(r.crc);
      expect(frame.readUInt32LE(60).toString(16).padStart(8, '0')).toBe(r.crc);
      expect(frame[0]).toBe(r.expect.deviceStatus);
      expect(frame[1]).toBe(r.expect.command);
      expect(frame.readUInt32LE(2).toString(16).padStart(8, '0')).toBe(r.expect.echoCrc);
      expect(frame[6]).toBe(r.expect.commandStatus);
      expect(frame.readUInt32LE(7)).toBe(r.expect.codeValue);
      expect(frame[11]).toBe(r.expect.config);
      expect(String(r.expect.codeValue).padStart(r.expect.config & 1 ? 8 : 6, '0')).toBe(r.expect.code);
      // The code is the RFC 6238 SHA-1 8-digit code at t = 1111111109 (the RFC's seed).
      expect(hotp('SHA1', Buffer.from('12345678901234567890'), totpCounter(1111111109, 30), 8)).toBe(r.expect.code);
    });
  }
  it('the echoed request CRC is the CRC of "GET_CODE 0x20, no PIN"', () => {
    const request = file.cases.find((c: Json) => c.name === 'GET_CODE 0x20, no PIN');
    expect(file.responses[0].expect.echoCrc).toBe(request.crc);
  });
});

describe('argon2id.json (phc-winner-argon2 test.c, recomputed with hash-wasm)', () => {
  const file = load('argon2id.json');
  for (const c of file.cases) {
    it(`m=${c.memoryKiB} KiB t=${c.iterations} p=${c.parallelism}`, async () => {
      const tag = await argon2id({
        password: c.password,
        salt: c.salt,
        memorySize: c.memoryKiB,
        iterations: c.iterations,
        parallelism: c.parallelism,
        hashLength: 32,
        outputType: 'hex',
      });
      expect(tag).toBe(c.tagHex);
    });
  }
});
