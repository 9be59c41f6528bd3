import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { isText } from '../../../lib/i18n/text';
import { sniffFile } from '../../../lib/import/sniff';
import { ImportError, type Importer, type ReadOptions, type SniffedFile } from '../../../lib/import/types';

/*
 * Shared by the importer tests: fixture loading, reading a file through its importer, the typical
 * shape of each other format (a detector must say no to all but its own), and the check the property
 * tests make (anything thrown is an ImportError).
 */

const enc = new TextEncoder();
export const text = (s: string) => enc.encode(s);
export const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
export const ascii = (s: string) => hex(enc.encode(s));
export const jsonFile = (value: unknown, name = 'export.json') => sniffFile(name, text(JSON.stringify(value)));

export function fixtureFile(format: string, name: string): SniffedFile {
  return sniffFile(name, new Uint8Array(readFileSync(join(__dirname, '../../fixtures/import', format, name))));
}

export async function read(importer: Importer, file: SniffedFile, options: ReadOptions = {}) {
  const detection = importer.detect(file);
  if (!detection) throw new Error(`${file.name} was not detected as ${importer.id}`);
  return importer.read(file, detection, options);
}

export async function failure(p: Promise<unknown>): Promise<ImportError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ImportError);
    return e as ImportError;
  }
  throw new Error('expected an ImportError');
}

/** Typical small files of each format, keyed by the importer that should claim them. */
export const SHAPES: Record<string, SniffedFile> = {
  aegis: jsonFile({ version: 1, header: { slots: null, params: null }, db: { version: 2, entries: [] } }),
  '2fas': jsonFile({ services: [{ secret: 'JBSWY3DP', name: 'x' }], schemaVersion: 4 }),
  andotp: jsonFile([{ secret: 'JBSWY3DP', label: 'x', type: 'TOTP', digits: 6, period: 30 }]),
  authpro: jsonFile({ Authenticators: [{ Type: 2, Issuer: 'x', Secret: 'JBSWY3DP' }], Categories: [] }),
  ente: sniffFile('ente.txt', text('otpauth://totp/x?secret=JBSWY3DP\n')),
  'uri-list': sniffFile('list.txt', text('otpauth://totp/a?secret=JBSWY3DP\notpauth://totp/b?secret=JBSWY3DP\n')),
  binary: sniffFile('x.bin', new Uint8Array([0, 2, 0x2a, 0x55, 1, 2, 3, 0xff, 0xfe])),
  'generic-csv': sniffFile('x.csv', text('name,secret\nx,JBSWY3DP\n')),
  bitwarden: jsonFile({ encrypted: false, folders: [], items: [{ type: 1, name: 'x', login: { totp: 'JBSWY3DP' } }] }),
  'bitwarden-csv': sniffFile(
    'bw.csv',
    text('folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n'),
  ),
  proton: jsonFile({
    version: 1,
    entries: [
      { id: 'a', content: { uri: 'otpauth://totp/x?secret=JBSWY3DP', entry_type: 'Totp', name: 'x' }, note: null },
    ],
  }),
  lastpass: jsonFile({
    version: 3,
    localDeviceId: 'a',
    accounts: [{ issuerName: 'x', userName: 'y', secret: 'JBSWY3DP', timeStep: 30 }],
  }),
  'freeotp-plus': jsonFile({ tokenOrder: ['x'], tokens: [{ label: 'x', secret: [1, 2, 3], type: 'TOTP' }] }),
  freeotp2: sniffFile(
    'freeotp.bin',
    new Uint8Array([
      0xac,
      0xed,
      0,
      5,
      0x73,
      0x72,
      0,
      17,
      ...text('java.util.HashMap'),
      5,
      7,
      0xda,
      0xc1,
      0xc3,
      0x16,
      0x60,
      0xd1,
    ]),
  ),
};

/** Every shape but the importer's own is refused by its detector. */
export function expectRejectsOthers(importer: Importer, own: string[]): void {
  for (const [id, file] of Object.entries(SHAPES)) {
    if (own.includes(id)) expect(importer.detect(file), id).not.toBe(false);
    else expect(importer.detect(file), id).toBe(false);
  }
}

/** The property: detection never throws, and reading throws nothing but ImportError. */
export async function survives(importer: Importer, file: SniffedFile, options: ReadOptions = {}): Promise<void> {
  const detection = importer.detect(file);
  if (!detection) return;
  try {
    const result = await importer.read(file, detection, options);
    expect(Array.isArray(result.entries) && Array.isArray(result.problems)).toBe(true);
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
  }
}

/** Byte-level damage for property tests: flip, cut, or insert bytes. */
export function mutate(bytes: Uint8Array, edits: Array<{ kind: number; at: number; value: number }>): Uint8Array {
  let out = bytes.slice();
  for (const { kind, at, value } of edits) {
    const i = out.length === 0 ? 0 : at % out.length;
    if (kind === 0) out[i] = value;
    else if (kind === 1) out = out.slice(0, i);
    else out = new Uint8Array([...out.subarray(0, i), value, ...out.subarray(i)]);
  }
  return out;
}

/**
 * The value with every Text (lib/i18n/text.ts) replaced by its English, so importer results compare with plain
 * expectations: `expect(english(problems)).toEqual([{ index: 1, label: 'B', message: '…', unsupported: false }])`.
 */
export function english(value: unknown): unknown {
  if (isText(value)) return value.english;
  if (Array.isArray(value)) return value.map(english);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, english(v)]));
  return value;
}
