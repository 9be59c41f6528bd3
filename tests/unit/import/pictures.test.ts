import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePictures, importPictures, MAX_PICTURES, type PictureTexts } from '../../../lib/import/pictures';
import { importFile } from '../../../lib/import/registry';
import { ImportError } from '../../../lib/import/types';
import { nodeQrReader } from '../../../scripts/node-qr-decoder';
import { english } from './other-formats';

/*
 * Pictures of QR codes (lib/import/pictures.ts) on the fixtures of tests/fixtures/import/pictures (made by its
 * make.mjs with `qrcode`, `pngjs` and `otpauth`): the expected accounts come from that folder's expected.json.
 */
const DIR = join(__dirname, '../../fixtures/import/pictures');
const load = (name: string) => ({ name, bytes: new Uint8Array(readFileSync(join(DIR, name))) });
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as {
  files: { path: string; entries: { secret_hex: string; issuer: string; name: string }[] }[];
};
const ALL = expected.files[0]?.entries ?? [];
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const secrets = (r: ReturnType<typeof importPictures>) => r.entries.map((e) => hex(e.params.secret)).sort();
const read = nodeQrReader();

async function picturesOf(...names: string[]) {
  return importPictures(await decodePictures(names.map(load), read));
}

describe('pictures of Google Authenticator transfer codes', () => {
  it('gathers the three codes of one export from three screenshots into one import, with nothing missing', async () => {
    const r = await picturesOf('ga-part3.png', 'ga-part1.png', 'ga-part2.png');
    expect(ALL).toHaveLength(5);
    expect(secrets(r)).toEqual(ALL.map((e) => e.secret_hex).sort());
    expect(r.entries.map((e) => e.params.issuer).sort()).toEqual(ALL.map((e) => e.issuer).sort());
    expect(r.format).toBe('google-authenticator');
    expect(r.problems).toEqual([]);
    expect(r.notices).toEqual([]);
  });

  it('reads a photo (turned, blurred, noisy) and a picture holding two codes', async () => {
    const photo = await picturesOf('ga-part1-photo.png');
    expect(photo.entries.map((e) => e.params.issuer)).toEqual(['GitHub', 'Example Bank']);
    const r = await picturesOf('ga-part1-photo.png', 'ga-parts2-3.png');
    expect(secrets(r)).toEqual(ALL.map((e) => e.secret_hex).sort());
    expect(r.notices).toEqual([]);
  });

  it('names the missing code of the export, and reads a code seen in two pictures once', async () => {
    const r = await picturesOf('ga-part1.png', 'ga-part1-photo.png', 'ga-part3.png');
    expect(r.entries.map((e) => e.params.issuer)).toEqual(['GitHub', 'Example Bank', 'VPN']);
    expect(english(r.notices)).toEqual([
      'ga-part1-photo.png: QR code 1 is part 1 of 3 of an export already read from another picture; read once.',
      'This Google Authenticator export is incomplete: 2 of 3 codes scanned; still to scan: 2. Import the other codes too.',
    ]);
    expect(r.problems).toEqual([]);
  });

  it('names a picture without a QR code and a QR code that is not a key, and imports the rest', async () => {
    const r = await picturesOf('no-qr.png', 'otpauth.png', 'not-a-key.png');
    expect(r.entries.map((e) => [e.params.issuer, e.params.account, 'digits' in e.params && e.params.digits])).toEqual([
      ['Forum', 'bob', 8],
    ]);
    expect(r.format).toBe('uri-list');
    expect(r.problems.map((p) => `${p.label.english}: ${p.message.english}`)).toEqual([
      'no-qr.png: No QR code found in this picture.',
      'not-a-key.png: QR code 1 is not a two-factor link (otpauth:// or otpauth-migration://).',
    ]);
  });

  it('names a file that is not a picture and goes on with the others', async () => {
    const r = importPictures(
      await decodePictures(
        [{ name: 'notes.pdf', bytes: new TextEncoder().encode('%PDF-1.7') }, load('otpauth.png')],
        read,
      ),
    );
    expect(r.entries).toHaveLength(1);
    expect(r.problems.map((p) => p.label.english)).toEqual(['notes.pdf']);
    expect(r.problems[0]?.message.english).toMatch(/not a picture/);
  });

  it('refuses more pictures than one import takes, before decoding any', async () => {
    const many = Array.from({ length: MAX_PICTURES + 1 }, (_, i) => ({ name: `${i}.png`, texts: [] }));
    expect(() => importPictures(many)).toThrow(ImportError);
    await expect(
      decodePictures(
        many.map((p) => ({ ...p, bytes: new Uint8Array() })),
        read,
      ),
    ).rejects.toMatchObject({
      code: 'too-large',
    });
  });

  it('never throws anything but an ImportError, and imports only what is a link, for any texts (fuzz)', () => {
    const link = fc.constantFrom(
      'otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP',
      'otpauth://hotp/X?secret=GEZDGNBVGY3TQOJQ&counter=3',
      'otpauth-migration://offline?data=CioKFJ5n6tnCZpyMr0oLrHLslTAYHegMEgVhbGljZRoDVlBOIAEoATABOAcQARgDIAIosvIZ',
      'otpauth-migration://offline?data=%%%',
      'otpauth://totp/Broken?secret=',
    );
    const picture: fc.Arbitrary<PictureTexts> = fc.record({
      name: fc.string({ maxLength: 12 }),
      texts: fc.array(fc.oneof(link, fc.string({ maxLength: 40 })), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(fc.array(picture, { maxLength: 6 }), (pictures) => {
        try {
          const r = importPictures(pictures);
          const links = pictures
            .flatMap((p) => ('texts' in p ? p.texts : []))
            .filter((t) => /^(otpauth|otpauth-migration|steam):/i.test(t));
          if (links.length === 0) expect(r.entries).toEqual([]);
        } catch (e) {
          if (!(e instanceof ImportError)) throw e;
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('zbarimg output (QR-Code: lines)', () => {
  it('imports the links after QR-Code: and lists another barcode by its line', async () => {
    const r = await importFile('zbarimg.txt', load('zbarimg.txt').bytes);
    expect(r.format).toBe('uri-list');
    expect(r.entries.map((e) => e.params.issuer).sort()).toEqual([...ALL.map((e) => e.issuer), 'Forum'].sort());
    expect(r.problems.map((p) => `${p.label.english}: ${p.message.english}`)).toEqual([
      'Line 4: a barcode of another kind (EAN-13), not a QR code: nothing to import from it.',
    ]);
    expect(r.notices).toEqual([]);
  });

  it('reads a zbarimg list of transfer codes only as a Google Authenticator export', async () => {
    const lines = readFileSync(join(DIR, 'zbarimg.txt'), 'utf8').split('\n').slice(0, 2).join('\n');
    const r = await importFile('codes.txt', new TextEncoder().encode(lines));
    expect(r.format).toBe('google-authenticator');
    expect(r.entries).toHaveLength(4);
    expect(r.notices?.[0]?.english).toMatch(/still to scan: 3/);
  });
});
