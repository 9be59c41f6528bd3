import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeModifiedUtf8, looksLikeJavaHashMap, readJavaHashMap } from '../../../lib/import/java-serialization';
import { ImportError } from '../../../lib/import/types';
// The fixtures' independent stream writer (written from the serialization specification).
import { modifiedUtf8, serializeHashMap } from '../../fixtures/import/freeotp2/java-stream.mjs';
import { mutate } from './other-formats';

function damaged(bytes: Uint8Array): string {
  try {
    readJavaHashMap(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    expect((e as ImportError).code).toBe('damaged');
    return (e as Error).message;
  }
  throw new Error('expected the stream to be refused');
}

describe('Java serialization: HashMap<String,String>', () => {
  it('reads the entries in stream order', () => {
    const map = readJavaHashMap(
      serializeHashMap([
        ['masterKey', '{"a":1}'],
        ['uuid-token', '{"label":"x"}'],
      ]),
    );
    expect([...map]).toEqual([
      ['masterKey', '{"a":1}'],
      ['uuid-token', '{"label":"x"}'],
    ]);
  });

  it('reads an empty map', () => {
    expect(readJavaHashMap(serializeHashMap([])).size).toBe(0);
  });

  it('follows references to strings written before (TC_REFERENCE)', () => {
    const bytes = serializeHashMap([
      ['a', 'same'],
      ['b', 'same'],
      ['same', 'a'],
    ]);
    expect([...readJavaHashMap(bytes)]).toEqual([
      ['a', 'same'],
      ['b', 'same'],
      ['same', 'a'],
    ]);
    // The writer really used references (0x71) rather than writing the strings again.
    expect(bytes.filter((b) => b === 0x71).length).toBeGreaterThanOrEqual(2);
  });

  it('reads strings longer than 65535 bytes (TC_LONGSTRING)', () => {
    const long = 'x'.repeat(70_000);
    const bytes = serializeHashMap([['k', long]]);
    expect(bytes.includes(0x7c)).toBe(true);
    expect(readJavaHashMap(bytes).get('k')).toBe(long);
  });

  it('decodes modified UTF-8: NUL as C0 80, emoji as surrogate pairs', () => {
    const s = 'a\u0000é€🔑';
    expect(Array.from(modifiedUtf8('\u0000'))).toEqual([0xc0, 0x80]);
    expect(decodeModifiedUtf8(modifiedUtf8(s), 'test')).toBe(s);
    expect(readJavaHashMap(serializeHashMap([[s, s]])).get(s)).toBe(s);
  });

  it('keeps null values and other objects (java.lang.Boolean) by class name', () => {
    const map = readJavaHashMap(
      serializeHashMap([
        ['n', null],
        ['flag', { boolean: true }],
        ['flag2', { boolean: false }],
        ['s', 'v'],
      ]),
    );
    expect(map.get('n')).toBeNull();
    expect(map.get('flag')).toEqual({ className: 'java.lang.Boolean' });
    expect(map.get('flag2')).toEqual({ className: 'java.lang.Boolean' });
    expect(map.get('s')).toBe('v');
  });

  it('recognises the stream cheaply', () => {
    expect(looksLikeJavaHashMap(serializeHashMap([]))).toBe(true);
    expect(looksLikeJavaHashMap(new TextEncoder().encode('{"tokens":[]}'))).toBe(false);
    expect(looksLikeJavaHashMap(new Uint8Array([0xac, 0xed, 0, 5]))).toBe(false);
  });

  it('refuses damaged streams with a reason', () => {
    const good = serializeHashMap([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(damaged(good.slice(0, good.length - 1))).toMatch(/cut short|end of the map/);
    expect(damaged(good.slice(0, 30))).toMatch(/cut short/);
    expect(damaged(new Uint8Array([0xca, 0xfe, 0xba, 0xbe]))).toMatch(/magic/);
    expect(damaged(new Uint8Array([0xac, 0xed, 0, 6, 0x70]))).toMatch(/version 6/);
    expect(damaged(new Uint8Array([0xac, 0xed, 0, 5, 0x74, 0, 1, 0x41]))).toMatch(/HashMap/);
    expect(damaged(new Uint8Array([...good, 0x70]))).toMatch(/extra data/);
    // A reference to a handle that does not exist yet.
    expect(damaged(new Uint8Array([0xac, 0xed, 0, 5, 0x71, 0, 0x7e, 0, 9]))).toMatch(/not read yet/);
    // An array (TC_ARRAY) is not something a preferences map holds.
    expect(damaged(new Uint8Array([0xac, 0xed, 0, 5, 0x75]))).toMatch(/unsupported content/);
    // Bad modified UTF-8 (a lone continuation byte).
    expect(damaged(new Uint8Array([0xac, 0xed, 0, 5, 0x74, 0, 1, 0x80]))).toMatch(/text encoding/);
  });

  it('refuses a map that claims more entries than the file could hold', () => {
    const bytes = serializeHashMap([['a', 'b']]);
    // The size int is the last 4 bytes of the 8-byte block after TC_BLOCKDATA 08.
    const at = bytes.findIndex((b, i) => b === 0x77 && bytes[i + 1] === 8) + 6;
    bytes.set([0x7f, 0xff, 0xff, 0xff], at);
    expect(damaged(bytes)).toMatch(/claiming/);
  });

  it('throws nothing but a damaged ImportError on any mutation of a stream', () => {
    const good = serializeHashMap([
      ['masterKey', '{"mAlgorithm":"PBKDF2withHmacSHA512"}'],
      ['u', 'v'],
      ['u-token', 'v'],
      ['flag', { boolean: true }],
    ]);
    const edit = fc.record({
      kind: fc.integer({ min: 0, max: 2 }),
      at: fc.nat(),
      value: fc.integer({ min: 0, max: 255 }),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        try {
          readJavaHashMap(mutate(good, edits));
        } catch (e) {
          expect(e).toBeInstanceOf(ImportError);
          expect((e as ImportError).code).toBe('damaged');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('throws nothing but ImportError on random bytes after the magic number', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (tail) => {
        try {
          readJavaHashMap(new Uint8Array([0xac, 0xed, 0, 5, ...tail]));
        } catch (e) {
          expect(e).toBeInstanceOf(ImportError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
