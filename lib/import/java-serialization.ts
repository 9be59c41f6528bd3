import type { Sub, Text } from '../i18n/text';
import { text } from './text';
import { ImportError } from './types';

/*
 * A minimal, defensive reader of Java Object Serialization streams (Java Object Serialization
 * Specification, chapter 6 "Object Serialization Stream Protocol"), enough for FreeOTP 2.x backups,
 * which are `ObjectOutputStream.writeObject(sharedPreferences.getAll())`: a java.util.HashMap of String
 * to String (docs/import-formats.md "FreeOTP"; freeotp-android TokenPersistence.copyBackupToExternal).
 *
 * Read: TC_OBJECT of serializable classes (fields only; java.util.HashMap's writeObject data: capacity,
 * size, then key/value pairs), TC_CLASSDESC, TC_STRING, TC_LONGSTRING, TC_REFERENCE, TC_NULL,
 * TC_BLOCKDATA(LONG), TC_ENDBLOCKDATA. Anything else (arrays, enums, proxies, other custom writeObject
 * data) is refused. Every length is checked against the bytes left and nesting is bounded, so a
 * hostile or damaged file ends in ImportError('damaged'), never a crash or a hang.
 */

const MAGIC = 0xaced;
const VERSION = 5;
const BASE_HANDLE = 0x7e0000;
const TC = {
  NULL: 0x70,
  REFERENCE: 0x71,
  CLASSDESC: 0x72,
  OBJECT: 0x73,
  STRING: 0x74,
  ARRAY: 0x75,
  CLASS: 0x76,
  BLOCKDATA: 0x77,
  ENDBLOCKDATA: 0x78,
  RESET: 0x79,
  BLOCKDATALONG: 0x7a,
  EXCEPTION: 0x7b,
  LONGSTRING: 0x7c,
  PROXYCLASSDESC: 0x7d,
  ENUM: 0x7e,
} as const;
const SC_WRITE_METHOD = 0x01;
const SC_SERIALIZABLE = 0x02;
const SC_EXTERNALIZABLE = 0x04;
const MAX_DEPTH = 16;
const PRIMITIVE_SIZES: Record<string, number> = { B: 1, C: 2, D: 8, F: 4, I: 4, J: 8, S: 2, Z: 1 };
/** Field type codes of object fields (a class, an array), whose type name follows as a string. */
const OBJECT_TYPES = new Set(['L', '[']);

interface ClassDesc {
  name: string;
  flags: number;
  fields: Array<{ type: string; name: string }>;
  superDesc: ClassDesc | null;
}

/** An object of a class other than String and HashMap: its class name only (its fields were skipped). */
export interface JavaObject {
  className: string;
}

export type JavaValue = string | null | JavaObject | Map<string | null | JavaObject, JavaValue>;

function damaged(why: Text): ImportError {
  return new ImportError('damaged', text('import_java_damaged', why));
}

/** Where in the stream a read was cut short ("cut short in a class name"), made once rather than on every read. */
const IN = {
  object: text('import_java_in_object'),
  string: text('import_java_in_string'),
  longString: text('import_java_in_long_string'),
  objectReference: text('import_java_in_object_reference'),
  classDescription: text('import_java_in_class_description'),
  classReference: text('import_java_in_class_reference'),
  className: text('import_java_in_class_name'),
  serialVersion: text('import_java_in_serial_version'),
  classFlags: text('import_java_in_class_flags'),
  fieldCount: text('import_java_in_field_count'),
  fieldType: text('import_java_in_field_type'),
  fieldName: text('import_java_in_field_name'),
  blockData: text('import_java_in_block_data'),
  blockSize: text('import_java_in_block_size'),
  header: text('import_java_in_header'),
  mapEnd: text('import_java_in_map_end'),
};

class StreamReader {
  private pos = 0;
  private readonly view: DataView;
  /** Objects in the order they were given handles (§6.4: handles are assigned from 0x7E0000 on). */
  private readonly handles: unknown[] = [];

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get atEnd(): boolean {
    return this.pos >= this.bytes.length;
  }

  private need(n: number, what: Text): void {
    if (n < 0 || this.pos + n > this.bytes.length) throw damaged(text('import_java_cut_short', what));
  }

  u8(what: Text): number {
    this.need(1, what);
    return this.view.getUint8(this.pos++);
  }

  u16(what: Text): number {
    this.need(2, what);
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }

  i32(what: Text): number {
    this.need(4, what);
    const v = this.view.getInt32(this.pos);
    this.pos += 4;
    return v;
  }

  take(n: number, what: Text): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  private peek(): number | undefined {
    return this.bytes[this.pos];
  }

  private assign(value: unknown): number {
    this.handles.push(value);
    return this.handles.length - 1;
  }

  private utf(what: Text): string {
    return decodeModifiedUtf8(this.take(this.u16(what), what), what);
  }

  private longUtf(what: Text): string {
    this.need(8, what);
    const high = this.view.getUint32(this.pos);
    const low = this.view.getUint32(this.pos + 4);
    this.pos += 8;
    // Anything past 2^32 bytes cannot be in a file we accepted (32 MiB limit); need() rejects it.
    if (high !== 0) throw damaged(text('import_java_cut_short', what));
    return decodeModifiedUtf8(this.take(low, what), what);
  }

  /** `content` (§6.4.2) that must be an object, a string, null or a reference. */
  readObject(depth = 0): JavaValue {
    if (depth > MAX_DEPTH) throw damaged(text('import_java_nested_objects'));
    const tag = this.u8(IN.object);
    switch (tag) {
      case TC.NULL:
        return null;
      case TC.REFERENCE: {
        const value = this.reference('object');
        if (value === null || typeof value === 'string' || value instanceof Map || isJavaObject(value)) return value;
        throw damaged(text('import_java_reference_to_class'));
      }
      case TC.STRING: {
        const s = this.utf(IN.string);
        this.assign(s);
        return s;
      }
      case TC.LONGSTRING: {
        const s = this.longUtf(IN.longString);
        this.assign(s);
        return s;
      }
      case TC.OBJECT:
        return this.newObject(depth);
      case TC.RESET:
        throw damaged(text('import_java_reset'));
      default:
        throw damaged(text('import_java_unsupported_content', `0x${tag.toString(16)}`, this.pos - 1));
    }
  }

  private reference(kind: 'object' | 'class'): unknown {
    const handle = this.i32(kind === 'object' ? IN.objectReference : IN.classReference) - BASE_HANDLE;
    if (handle < 0 || handle >= this.handles.length)
      throw damaged(
        text(kind === 'object' ? 'import_java_object_reference_unread' : 'import_java_class_reference_unread'),
      );
    return this.handles[handle];
  }

  /** `classDesc` (§6.4.2): a new description, a reference to one, or null. */
  private classDesc(depth: number): ClassDesc | null {
    if (depth > MAX_DEPTH) throw damaged(text('import_java_nested_classes'));
    const tag = this.u8(IN.classDescription);
    if (tag === TC.NULL) return null;
    if (tag === TC.REFERENCE) {
      const desc = this.reference('class');
      if (!isClassDesc(desc)) throw damaged(text('import_java_reference_to_object'));
      return desc;
    }
    if (tag !== TC.CLASSDESC) throw damaged(text('import_java_unsupported_class_description', `0x${tag.toString(16)}`));
    const name = this.utf(IN.className);
    this.take(8, IN.serialVersion);
    const desc: ClassDesc = { name, flags: 0, fields: [], superDesc: null };
    // The handle is assigned before the description's own strings (ObjectInputStream.readNonProxyDesc).
    this.assign(desc);
    desc.flags = this.u8(IN.classFlags);
    const count = this.u16(IN.fieldCount);
    for (let i = 0; i < count; i++) {
      const type = String.fromCharCode(this.u8(IN.fieldType));
      const fieldName = this.utf(IN.fieldName);
      if (OBJECT_TYPES.has(type)) {
        const className = this.readObject(depth + 1);
        if (typeof className !== 'string') throw damaged(text('import_java_field_type_not_string'));
      } else if (!(type in PRIMITIVE_SIZES)) throw damaged(text('import_java_unknown_field_type', type));
      desc.fields.push({ type, name: fieldName });
    }
    this.skipAnnotation(depth);
    desc.superDesc = this.classDesc(depth + 1);
    return desc;
  }

  /** `classAnnotation` / `objectAnnotation`: block data and objects up to TC_ENDBLOCKDATA. */
  private skipAnnotation(depth: number): void {
    for (;;) {
      const tag = this.peek();
      if (tag === undefined) throw damaged(text('import_java_block_cut_short'));
      if (tag === TC.ENDBLOCKDATA) {
        this.pos++;
        return;
      }
      if (tag === TC.BLOCKDATA || tag === TC.BLOCKDATALONG) this.blockData();
      else this.readObject(depth + 1);
    }
  }

  /** One TC_BLOCKDATA / TC_BLOCKDATALONG segment's bytes. */
  private blockData(): Uint8Array {
    const tag = this.u8(IN.blockData);
    const size = tag === TC.BLOCKDATA ? this.u8(IN.blockSize) : this.i32(IN.blockSize);
    return this.take(size, IN.blockData);
  }

  /** `n` bytes of primitive data written by a writeObject method, possibly over several blocks. */
  private blockBytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const tag = this.peek();
      if (tag !== TC.BLOCKDATA && tag !== TC.BLOCKDATALONG) throw damaged(text('import_java_map_no_size'));
      const block = this.blockData();
      const used = Math.min(block.length, n - filled);
      out.set(block.subarray(0, used), filled);
      filled += used;
      // Extra bytes in the block would belong to a writeObject we do not know; a HashMap writes none.
      if (used < block.length) throw damaged(text('import_java_map_size_extra'));
    }
    return out;
  }

  private newObject(depth: number): JavaValue {
    const desc = this.classDesc(depth + 1);
    if (!desc) throw damaged(text('import_java_no_class'));
    const chain: ClassDesc[] = [];
    for (let d: ClassDesc | null = desc; d; d = d.superDesc) {
      if (chain.length > MAX_DEPTH) throw damaged(text('import_java_deep_hierarchy'));
      if (d.flags & SC_EXTERNALIZABLE || !(d.flags & SC_SERIALIZABLE))
        throw damaged(text('import_java_not_serializable', d.name));
      chain.unshift(d);
    }
    const isMap = desc.name === 'java.util.HashMap';
    const result: JavaValue = isMap ? new Map() : { className: desc.name };
    this.assign(result);
    // classdata (§6.4.2): each class from the top of the hierarchy down, its fields then its writeObject data.
    for (const d of chain) {
      for (const field of d.fields) {
        const size = PRIMITIVE_SIZES[field.type];
        if (size !== undefined) this.take(size, text('import_java_in_field', field.name));
        else this.readObject(depth + 1);
      }
      if (!(d.flags & SC_WRITE_METHOD)) continue;
      if (d === desc && isMap) this.mapEntries(result as Map<string | null | JavaObject, JavaValue>, depth);
      else this.skipAnnotation(depth);
    }
    return result;
  }

  /** HashMap.writeObject: int capacity, int size (in block data), then size × (key, value), then end. */
  private mapEntries(map: Map<string | null | JavaObject, JavaValue>, depth: number): void {
    const sizes = new DataView(this.blockBytes(8).buffer);
    const size = sizes.getInt32(4);
    // Each pair takes at least two bytes (two TC_NULLs), so a larger size is a lie.
    if (size < 0 || size * 2 > this.bytes.length - this.pos) throw damaged(text('import_java_map_claims', size));
    for (let i = 0; i < size; i++) {
      const key = this.readObject(depth + 1);
      if (key instanceof Map) throw damaged(text('import_java_map_key'));
      map.set(key, this.readObject(depth + 1));
    }
    if (this.u8(IN.mapEnd) !== TC.ENDBLOCKDATA) throw damaged(text('import_java_after_entries'));
  }

  header(): void {
    if (this.bytes.length < 4 || this.u16(IN.header) !== MAGIC) throw damaged(text('import_java_no_magic'));
    const version = this.u16(IN.header);
    if (version !== VERSION) throw damaged(text('import_java_version', version));
  }
}

function isClassDesc(v: unknown): v is ClassDesc {
  return typeof v === 'object' && v !== null && 'fields' in v && 'flags' in v;
}

function isJavaObject(v: unknown): v is JavaObject {
  return typeof v === 'object' && v !== null && 'className' in v && !('fields' in v);
}

/**
 * Java's "modified UTF-8" (DataInput.readUTF): NUL as C0 80, characters above U+FFFF as two 3-byte
 * surrogates, no 4-byte forms. Malformed sequences are damage, not replacement characters.
 */
export function decodeModifiedUtf8(bytes: Uint8Array, what: Sub): string {
  const units: number[] = [];
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const a = bytes[i] as number;
    if (a < 0x80 && a !== 0) {
      units.push(a);
      i += 1;
    } else if ((a & 0xe0) === 0xc0) {
      const b = bytes[i + 1];
      if (b === undefined || (b & 0xc0) !== 0x80) throw damaged(text('import_java_bad_text', what));
      units.push(((a & 0x1f) << 6) | (b & 0x3f));
      i += 2;
    } else if ((a & 0xf0) === 0xe0) {
      const b = bytes[i + 1];
      const c = bytes[i + 2];
      if (b === undefined || c === undefined || (b & 0xc0) !== 0x80 || (c & 0xc0) !== 0x80)
        throw damaged(text('import_java_bad_text', what));
      units.push(((a & 0x0f) << 12) | ((b & 0x3f) << 6) | (c & 0x3f));
      i += 3;
    } else throw damaged(text('import_java_bad_text', what));
    // String.fromCharCode takes arguments; flush in chunks so a long string cannot overflow the stack.
    if (units.length >= 4096) out += String.fromCharCode(...units.splice(0));
  }
  return out + String.fromCharCode(...units);
}

/**
 * Reads a stream holding one java.util.HashMap (the top-level object) and returns its entries in
 * stream order. Keys and values are strings, null, nested maps, or {className} for other objects.
 */
export function readJavaHashMap(bytes: Uint8Array): Map<string | null | JavaObject, JavaValue> {
  const reader = new StreamReader(bytes);
  reader.header();
  const top = reader.readObject();
  if (!(top instanceof Map)) throw damaged(text('import_java_not_hashmap'));
  if (!reader.atEnd) throw damaged(text('import_java_after_map'));
  return top;
}

/** Cheap check for detection: the magic number and a first object of class java.util.HashMap. */
export function looksLikeJavaHashMap(bytes: Uint8Array): boolean {
  const name = 'java.util.HashMap';
  if (bytes.length < 9 + name.length) return false;
  const head = [0xac, 0xed, 0x00, 0x05, TC.OBJECT, TC.CLASSDESC, 0x00, name.length];
  if (!head.every((b, i) => bytes[i] === b)) return false;
  for (let i = 0; i < name.length; i++) if (bytes[8 + i] !== name.charCodeAt(i)) return false;
  return true;
}
