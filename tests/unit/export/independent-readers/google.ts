import type { ReadAlgorithm, Reading } from './reading';

/*
 * Google Authenticator's transfer codes (`otpauth-migration://offline?data=BASE64`): a protobuf MigrationPayload as
 * Aegis documents it (beemdevelopment/Aegis app/src/main/proto/google_auth.proto, commit
 * 59d5c640d6a2d0d16f243dbdd735758eed65bc63): field 1 repeated OtpParameters {1 secret bytes, 2 name, 3 issuer,
 * 4 algorithm (1 SHA1, 2 SHA256, 3 SHA512, 4 MD5), 5 digits (1 six, 2 eight), 6 type (1 HOTP, 2 TOTP),
 * 7 counter}, 2 version, 3 batch_size, 4 batch_index, 5 batch_id. There is no period: every code is 30 s.
 * The protobuf wire format (protobuf.dev/programming-guides/encoding) is decoded here by hand.
 */

class Wire {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  get done() {
    return this.pos >= this.buf.length;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.buf[this.pos++];
      if (b === undefined) throw new Error('cut varint');
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  }
  bytes(): Uint8Array {
    const n = Number(this.varint());
    const out = this.buf.subarray(this.pos, this.pos + n);
    if (out.length !== n) throw new Error('cut bytes');
    this.pos += n;
    return out;
  }
}

export interface GoogleBatch {
  version: number;
  size: number;
  index: number;
  id: number;
  entries: Reading[];
}

function entry(bytes: Uint8Array): Reading {
  const w = new Wire(bytes);
  const f: Record<number, bigint | Uint8Array> = {};
  while (!w.done) {
    const tag = Number(w.varint());
    const field = tag >> 3;
    f[field] = (tag & 7) === 2 ? w.bytes() : w.varint();
  }
  const str = (v: unknown) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : '');
  const algorithm = (['SHA1', 'SHA1', 'SHA256', 'SHA512'] as const)[Number(f[4] ?? 0n)];
  if (!algorithm) throw new Error(`algorithm ${f[4]}`);
  const issuer = str(f[3]);
  let name = str(f[2]);
  // Google writes the label as the name; its "Issuer:" prefix is the issuer again.
  if (issuer && name.startsWith(`${issuer}:`)) name = name.slice(issuer.length + 1);
  return {
    type: Number(f[6] ?? 2n) === 1 ? 'hotp' : 'totp',
    secret: f[1] instanceof Uint8Array ? Uint8Array.from(f[1]) : new Uint8Array(),
    algorithm: algorithm as ReadAlgorithm,
    digits: Number(f[5] ?? 1n) === 2 ? 8 : 6,
    period: 30,
    counter: typeof f[7] === 'bigint' ? f[7] : 0n,
    issuer,
    name,
  };
}

export function readGoogleMigration(uri: string): GoogleBatch {
  const url = new URL(uri);
  if (url.protocol !== 'otpauth-migration:') throw new Error('not a transfer code');
  const data = url.searchParams.get('data');
  if (!data) throw new Error('no data');
  const w = new Wire(new Uint8Array(Buffer.from(data, 'base64')));
  const out: GoogleBatch = { version: 0, size: 0, index: 0, id: 0, entries: [] };
  while (!w.done) {
    const tag = Number(w.varint());
    const field = tag >> 3;
    if (field === 1) out.entries.push(entry(w.bytes()));
    else {
      const v = Number(BigInt.asIntN(32, w.varint()));
      if (field === 2) out.version = v;
      else if (field === 3) out.size = v;
      else if (field === 4) out.index = v;
      else if (field === 5) out.id = v;
    }
  }
  return out;
}
