import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecords, parseCsv } from '../../../lib/import/csv';
import { ImportError } from '../../../lib/import/types';

/** An RFC 4180 writer for the round-trip property: quote when needed, double inner quotes, CRLF. */
function writeCsv(rows: string[][]): string {
  const field = (f: string) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f);
  return rows.map((r) => r.map(field).join(',')).join('\r\n');
}

describe('parseCsv (RFC 4180)', () => {
  it('splits records and fields', () => {
    expect(parseCsv('a,b,c\r\n1,2,3\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('a\rb\r')).toEqual([['a'], ['b']]);
  });

  it('keeps commas, line breaks and doubled quotes inside quoted fields', () => {
    expect(parseCsv('"x, y","line 1\r\nline 2","say ""hi"""\n')).toEqual([['x, y', 'line 1\r\nline 2', 'say "hi"']]);
  });

  it('keeps empty fields, empty quoted fields and blank lines', () => {
    expect(parseCsv(',,\n""\n\nz')).toEqual([['', '', ''], [''], [''], ['z']]);
    expect(parseCsv('""')).toEqual([['']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('keeps a quote inside an unquoted field as it is', () => {
    expect(parseCsv('5" disk,x')).toEqual([['5" disk', 'x']]);
  });

  it('refuses a quoted field that is never closed, or text after a closing quote', () => {
    for (const bad of ['a,"open\nstill open', '"a"b,c']) {
      expect(() => parseCsv(bad)).toThrow(ImportError);
      try {
        parseCsv(bad);
      } catch (e) {
        expect((e as ImportError).code).toBe('damaged');
        expect((e as Error).message).toMatch(/line \d/);
      }
    }
  });

  it('round-trips any table written by an RFC 4180 writer', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', '🔑') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (rows) => {
        expect(parseCsv(writeCsv(rows))).toEqual(rows);
        expect(parseCsv(`${writeCsv(rows)}\r\n`)).toEqual(rows);
      }),
    );
  });

  it('throws nothing but ImportError on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r') }), (s) => {
        try {
          parseCsv(s);
        } catch (e) {
          expect(e).toBeInstanceOf(ImportError);
        }
      }),
    );
  });
});

describe('csvRecords', () => {
  it('keys records by the trimmed, lower-cased header and skips blank records', () => {
    const rows = parseCsv(' Name ,LOGIN_TOTP,__proto__\nx,y,z\n,,\nshort\n');
    const records = csvRecords(rows);
    expect(records).toHaveLength(2);
    expect(records[0]?.name).toBe('x');
    expect(records[0]?.login_totp).toBe('y');
    // A column named like an Object.prototype property is an ordinary column.
    expect(Object.getOwnPropertyDescriptor(records[0], '__proto__')?.value).toBe('z');
    expect(records[1]?.name).toBe('short');
    expect(records[1]?.login_totp).toBe('');
  });

  it('gives nothing for an empty table', () => {
    expect(csvRecords([])).toEqual([]);
  });
});
