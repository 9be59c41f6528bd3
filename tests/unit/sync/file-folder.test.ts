import { describe, expect, it } from 'vitest';
import { SyncError } from '../../../lib/sync/errors';
import { FOLDER_FILE, makeFolderFile, parseFolderFile } from '../../../lib/sync/folder-file';

const f = { version: 1, syncId: '0f8c4a4e-1111-4222-8333-444455556666', created: 1_796_000_000_000 };
const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

function failure(run: () => unknown): SyncError {
  try {
    run();
  } catch (e) {
    if (e instanceof SyncError) return e;
    throw e;
  }
  throw new Error('did not fail');
}

describe('sync.json', () => {
  it('is named sync.json and round-trips', () => {
    expect(FOLDER_FILE).toBe('sync.json');
    expect(parseFolderFile(makeFolderFile(f))).toEqual(f);
    expect(JSON.parse(new TextDecoder().decode(makeFolderFile(f)))).toEqual({ format: 'twofold-sync', ...f });
  });

  it('ignores unknown fields', () => {
    expect(parseFolderFile(enc({ format: 'twofold-sync', ...f, note: 'from a later minor version', x: [1] }))).toEqual(
      f,
    );
  });

  it('a version above 1 is a newer Twofold, named; its other fields are not read', () => {
    const e = failure(() => parseFolderFile(enc({ format: 'twofold-sync', version: 2, layout: 'something new' })));
    expect(e.code).toBe('newer-version');
    expect(e.message).toMatch(/upgraded by a newer Twofold \(folder format 2\)/);
  });

  it('refuses what is not Twofold’s sync.json, naming the field', () => {
    const cases: [unknown, string, RegExp][] = [
      ['{"format":', 'malformed-file', /not Twofold's/],
      ['[1]', 'malformed-file', /not Twofold's/],
      [{ ...f, format: 'twofold-backup' }, 'malformed-file', /not Twofold's/],
      [{ ...f }, 'malformed-file', /not Twofold's/],
      [{ format: 'twofold-sync', ...f, version: 0 }, 'malformed-file', /“version”/],
      [{ format: 'twofold-sync', ...f, version: '1' }, 'malformed-file', /“version”/],
      [{ format: 'twofold-sync', ...f, syncId: '' }, 'malformed-file', /“syncId”/],
      [{ format: 'twofold-sync', ...f, syncId: '../x' }, 'malformed-file', /“syncId”/],
      [{ format: 'twofold-sync', ...f, created: -1 }, 'malformed-file', /“created”/],
      [{ format: 'twofold-sync', ...f, note: 'x'.repeat(70_000) }, 'too-large', /KiB/],
    ];
    for (const [raw, code, message] of cases) {
      const e = failure(() => parseFolderFile(enc(raw)));
      expect(e.code, JSON.stringify(raw).slice(0, 60)).toBe(code);
      expect(e.message).toMatch(message);
    }
    expect(failure(() => parseFolderFile(Uint8Array.from([0xff, 0xfe]))).code).toBe('malformed-file');
  });

  it('refuses to write a folder file no reader would read', () => {
    expect(failure(() => makeFolderFile({ ...f, syncId: 'a b' })).code).toBe('malformed-file');
  });
});
