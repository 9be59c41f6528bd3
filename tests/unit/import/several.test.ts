import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { detectFormat, importerChoices, readAs } from '../../../lib/import/registry';
import { type ImportReply, runImportMany } from '../../../lib/import/run';
import { importSeveral } from '../../../lib/import/several';
import { ImportError, type Importer } from '../../../lib/import/types';
import { english } from './other-formats';

/*
 * Several files chosen together and choosing the app (lib/import/several.ts, lib/import/registry.ts readAs). The
 * sibling flow is tested with a small fake importer put first in the registry: a "manifest" naming account files.
 */
vi.mock('../../../lib/import/importers', async (original) => {
  const real = (await original()) as { IMPORTERS: Importer[] };
  const { text } = await import('../../../lib/import/text');
  const { entryFromUri } = await import('../../../lib/import/entry');
  const manifestImporter: Importer = {
    id: 'uri-list',
    app: text('import_plain', 'Fake manifest'),
    carries: ['algorithm', 'digits', 'period', 'counter'],
    detect: (file) =>
      typeof file.json === 'object' && file.json !== null && 'accountFiles' in file.json
        ? { encrypted: false, usesSiblings: true }
        : false,
    async read(file, _detection, options) {
      const names = (file.json as { accountFiles: string[] }).accountFiles;
      const found = (options.siblings ?? []).filter((s) => names.includes(s.name));
      if (found.length < names.length)
        throw new ImportError('damaged', text('import_plain', 'an account file is missing'));
      return {
        entries: found.map((s) => entryFromUri(s.text ?? '')),
        problems: [],
        consumed: found.map((s) => s.name),
      };
    },
  };

  return { IMPORTERS: [manifestImporter, ...real.IMPORTERS] };
});

const enc = new TextEncoder();
const file = (name: string, content: string) => ({ name, bytes: enc.encode(content) });
const link = (issuer: string, secret: string) => `otpauth://totp/${issuer}:me?secret=${secret}&issuer=${issuer}`;
const ANDOTP_OLD = join(__dirname, '../../fixtures/import/andotp/otp_accounts_old.json.aes');

describe('several files at once, a manifest with its account files', () => {
  const manifest = file('manifest.json', JSON.stringify({ accountFiles: ['a.maFile', 'b.maFile'] }));
  const a = file('a.maFile', link('Alpha', 'JBSWY3DPEHPK3PXP'));
  const b = file('b.maFile', link('Beta', 'GEZDGNBVGY3TQOJQ'));
  const list = file('list.txt', `${link('Gamma', 'MFRGGZDFMZTWQ2LK')}\n`);

  it('reads the manifest first with the others as siblings; consumed files are not imported again', async () => {
    const out = await importSeveral([a, list, manifest, b]);
    expect(out.map((o) => ('usedBy' in o ? `${o.name} <- ${o.usedBy}` : o.name))).toEqual([
      'a.maFile <- manifest.json',
      'list.txt',
      'manifest.json',
      'b.maFile <- manifest.json',
    ]);
    const read = out.flatMap((o) => ('result' in o ? o.result.entries.map((e) => e.params.issuer) : []));
    expect(read).toEqual(['Gamma', 'Alpha', 'Beta']);
  });

  it('gives one review of every file, each file named with its count, the same key twice imported once', async () => {
    const replies: ImportReply[] = [];
    const copy = file('copy.txt', link('Alpha', 'JBSWY3DPEHPK3PXP'));
    await runImportMany({ files: [manifest, a, b, list, copy] }, (r) => replies.push(r));
    const done = replies.at(-1);
    if (done?.kind !== 'done') throw new Error(JSON.stringify(done));
    expect(done.summary.items.map((i) => i.uri.split('?')[0])).toEqual([
      'otpauth://totp/Alpha:me',
      'otpauth://totp/Beta:me',
      'otpauth://totp/Gamma:me',
    ]);
    expect(done.summary.files?.map((f) => [f.name, f.count, f.usedBy ?? f.formatName?.english])).toEqual([
      ['a.maFile', 0, 'manifest.json'],
      ['b.maFile', 0, 'manifest.json'],
      ['manifest.json', 2, 'Fake manifest'],
      ['list.txt', 1, 'otpauth link list'],
      ['copy.txt', 0, 'otpauth link list'],
    ]);
    expect(english(done.summary.problems)).toEqual([
      'copy.txt: Alpha (me): the same key as Alpha (me) earlier in the file; imported once.',
    ]);
  });

  it('a manifest that fails imports nothing of itself; its files are then read on their own', async () => {
    const broken = file('manifest.json', JSON.stringify({ accountFiles: ['a.maFile', 'missing.maFile'] }));
    const out = await importSeveral([broken, a]);
    const [first, second] = out;
    expect(first && 'error' in first && first.error.message).toBe('an account file is missing');
    expect(second && 'result' in second && second.result.entries.map((e) => e.params.issuer)).toEqual(['Alpha']);
  });

  it('detection per file: the unknown one comes with the apps to choose from', async () => {
    const replies: ImportReply[] = [];
    await runImportMany({ files: [list, file('x.bin', '\u0001\u0002')], detectOnly: true }, (r) => replies.push(r));
    const d = replies[0];
    if (d?.kind !== 'detected-files') throw new Error('no detection');
    expect(d.files[0]?.summary?.format).toBe('uri-list');
    expect(d.files[1]?.failure?.english).toMatch(/does not recognise/);
    expect(d.files[1]?.choices?.map((c) => c.id)).toContain('andotp');
  });

  it('fails whole only when no file could be read', async () => {
    const replies: ImportReply[] = [];
    await runImportMany({ files: [file('x.bin', '\u0001'), file('y.bin', '\u0002')] }, (r) => replies.push(r));
    expect(replies.at(-1)).toMatchObject({ kind: 'failed', code: 'unknown-format' });
  });
});

describe('choosing the app when detection cannot tell', () => {
  const bytes = new Uint8Array(readFileSync(ANDOTP_OLD));

  it('lists every importer, sorted by the app’s name', () => {
    const apps = importerChoices().map((c) => c.app.english);
    expect(apps).toEqual([...apps].sort((x, y) => x.localeCompare(y, 'en', { sensitivity: 'base' })));
    expect(new Set(importerChoices().map((c) => c.id)).size).toBe(importerChoices().length);
  });

  it('reads an old andOTP file under another name, which detection cannot place, as andOTP', async () => {
    expect(() => detectFormat('backup.bin', bytes)).toThrow(expect.objectContaining({ code: 'unknown-format' }));
    const r = await readAs('andotp', 'backup.bin', bytes, { password: 'correct horse' });
    expect(r.format).toBe('andotp');
    expect(r.entries.length).toBeGreaterThan(0);
  });

  it('a wrong choice or a wrong password is that format’s own error, never a crash or a partial import', async () => {
    await expect(readAs('aegis', 'backup.bin', bytes, { password: 'correct horse' })).rejects.toMatchObject({
      code: 'damaged',
      message: expect.stringMatching(/^Twofold could not read this file as Aegis/),
    });
    await expect(readAs('andotp', 'backup.bin', bytes, { password: 'nope' })).rejects.toMatchObject({
      code: 'wrong-password',
    });
    for (const { id } of importerChoices())
      await readAs(id, 'backup.bin', bytes, { password: 'x', maxKdfMemory: 2 ** 26 }).then(
        (r) => expect(id === 'andotp' ? -1 : r.entries.length).toBe(0),
        (e) => expect(e).toBeInstanceOf(ImportError),
      );
    await expect(readAs('nope' as 'aegis', 'b.bin', bytes)).rejects.toMatchObject({ code: 'unknown-format' });
  });

  it('a reader that finds nothing of its shape in a file it does not recognise says the choice was wrong', async () => {
    const json = new TextEncoder().encode('{"foo":[{"a":1}]}');
    for (const id of ['duo', 'lastpass', 'freeotp-plus', 'uri-list', 'google-authenticator'] as const)
      await expect(readAs(id, 'x.json', json)).rejects.toMatchObject({
        code: 'damaged',
        message: expect.stringMatching(/^Twofold could not read this file as /),
      });
  });

  it('the worker protocol carries the choice', async () => {
    const replies: ImportReply[] = [];
    await runImportMany({ files: [{ name: 'backup.bin', bytes, as: 'andotp' }], password: 'correct horse' }, (r) =>
      replies.push(r),
    );
    const done = replies.at(-1);
    expect(done?.kind === 'done' && done.summary.items.length).toBeGreaterThan(0);
    const wrong: ImportReply[] = [];
    await runImportMany({ files: [{ name: 'backup.bin', bytes, as: 'aegis' }], password: 'correct horse' }, (r) =>
      wrong.push(r),
    );
    expect(wrong.at(-1)).toMatchObject({ kind: 'failed', message: expect.stringMatching(/as Aegis/) });
  });
});

describe('one review of several files', () => {
  it('holds at most what one file may: files that add up past the entry cap are refused, not reviewed', async () => {
    const list = (from: number) =>
      new TextEncoder().encode(
        Array.from({ length: 6_000 }, (_, i) => {
          const n = (from + i).toString(16).padStart(8, '0');
          return `otpauth://totp/A:${n}?secret=${base32Of(n)}`;
        }).join('\n'),
      );
    const replies: ImportReply[] = [];
    await runImportMany(
      {
        files: [
          { name: 'a.txt', bytes: list(0) },
          { name: 'b.txt', bytes: list(10_000) },
        ],
      },
      (r) => replies.push(r),
    );
    expect(replies.at(-1)).toMatchObject({ kind: 'failed', code: 'too-many-entries' });
  });
});

/** Base32 of eight hex digits' bytes as text, padded to a 16-byte key: distinct keys for distinct n. */
function base32Of(hex: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = new TextEncoder().encode(`${hex}${hex}`);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

describe('pictures without a QR reader', () => {
  it('names each picture as not read instead of dropping it', async () => {
    const replies: ImportReply[] = [];
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    await runImportMany(
      {
        files: [{ name: 'list.txt', bytes: new TextEncoder().encode('otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\n') }],
        pictureFiles: [{ name: 'shot.png', bytes: png }],
      },
      (r) => replies.push(r),
    );
    const done = replies.at(-1);
    expect(done?.kind).toBe('done');
    const problems = done?.kind === 'done' ? done.summary.problems.map((p) => p.english) : [];
    expect(problems.some((p) => p.includes('shot.png') && p.includes('QR code reader could not start'))).toBe(true);
  });
});
