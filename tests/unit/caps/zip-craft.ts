import { deflateRawSync } from 'node:zlib';

/*
 * Hand-made ZIP files for the caps tests (APPNOTE.TXT §4.3.7 local header, §4.3.12 central directory, §4.3.16
 * end record): each entry's bytes are deflated once and the declared sizes may lie, so a bomb that declares
 * little and inflates much is a few kilobytes here, never gigabytes.
 */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface CraftedEntry {
  name: string;
  content: Uint8Array;
  /** The uncompressed size the headers declare (the truth by default). */
  declaredSize?: number;
}

export function craftZip(entries: readonly CraftedEntry[]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  // Identical contents are deflated once: sixty 4 MiB entries stay a few kilobytes to make.
  const deflated = new Map<Uint8Array, { data: Buffer; crc: number }>();
  for (const e of entries) {
    let packed = deflated.get(e.content);
    if (!packed) {
      packed = { data: deflateRawSync(e.content), crc: crc32(e.content) };
      deflated.set(e.content, packed);
    }
    const name = Buffer.from(e.name, 'utf8');
    const size = e.declaredSize ?? e.content.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.crc, 14);
    local.writeUInt32LE(packed.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, packed.data);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(packed.crc, 16);
    dir.writeUInt32LE(packed.data.length, 20);
    dir.writeUInt32LE(size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += local.length + name.length + packed.data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, dirBytes, end]));
}
