import { describe, expect, it } from 'vitest';
import { hasOtpText } from '../../../lib/enrol/scan';
import { imageFormat } from '../../../lib/qr/image-format';
import { QR_FAST_OPTIONS, QR_READER_OPTIONS, QrReadError, type ReadBarcodes, readQrTexts } from '../../../lib/qr/read';
import { nodeQrReader } from '../../../scripts/node-qr-decoder';
import { blankCanvas, drawQr, qrPng } from './qr-images';

const read = nodeQrReader();
const KEY = 'otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example';
const APP = 'https://apps.example.com/download';

describe('readQrTexts (zxing-wasm, the options the extension uses)', () => {
  it('reads an otpauth code from a PNG', async () => {
    expect(await readQrTexts(read, await qrPng(KEY))).toEqual([KEY]);
  });

  it('reads every code in an image, in reading order', async () => {
    const c = blankCanvas(900, 400);
    drawQr(c, APP, 40, 40, 5);
    drawQr(c, KEY, 480, 40, 5);
    expect(await readQrTexts(read, c)).toEqual([APP, KEY]);
    const swapped = blankCanvas(900, 400);
    drawQr(swapped, KEY, 40, 40, 5);
    drawQr(swapped, APP, 480, 40, 5);
    expect(await readQrTexts(read, swapped)).toEqual([KEY, APP]);
  });

  it('reads a light-on-dark (inverted) code, as dark themes draw them', async () => {
    const c = blankCanvas(400, 400, 32);
    drawQr(c, KEY, 40, 40, 6, 230, 32);
    expect(await readQrTexts(read, c)).toEqual([KEY]);
  });

  it('gives each text once when a page shows the same code twice', async () => {
    const c = blankCanvas(900, 400);
    drawQr(c, KEY, 40, 40, 5);
    drawQr(c, KEY, 480, 40, 5);
    expect(await readQrTexts(read, c)).toEqual([KEY]);
  });

  it('finds nothing, without an error, in a picture with no code', async () => {
    expect(await readQrTexts(read, blankCanvas(320, 200))).toEqual([]);
  });

  it('stops after the cheap pass when it found what the caller needs, and searches harder when not', async () => {
    const calls: unknown[] = [];
    const spy: ReadBarcodes = async (image, options) => {
      calls.push(options);
      return read(image, options);
    };
    const plain = blankCanvas(400, 400);
    drawQr(plain, KEY, 40, 40, 6);
    expect(await readQrTexts(spy, plain, hasOtpText)).toEqual([KEY]);
    expect(calls).toEqual([QR_FAST_OPTIONS]);

    // A light-on-dark key beside a normal decoy: the cheap pass sees only the decoy, the full pass both.
    calls.length = 0;
    const mixed = blankCanvas(900, 400, 32);
    drawQr(mixed, APP, 40, 40, 5);
    drawQr(mixed, KEY, 480, 40, 5, 230, 32);
    expect(await readQrTexts(spy, mixed, hasOtpText)).toEqual([APP, KEY]);
    expect(calls).toEqual([QR_FAST_OPTIONS, QR_READER_OPTIONS]);
  });

  it('refuses an empty file with a typed error', async () => {
    await expect(readQrTexts(read, new Uint8Array())).rejects.toThrow(QrReadError);
  });

  it('wraps a decoder failure in a typed error', async () => {
    const failing = async () => {
      throw new Error('out of memory');
    };
    await expect(readQrTexts(failing, new Uint8Array([1]))).rejects.toMatchObject({ code: 'unreadable-image' });
  });
});

describe('imageFormat', () => {
  it('tells picture formats by their signature', async () => {
    expect(imageFormat(await qrPng(KEY))).toBe('png');
    expect(imageFormat(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]))).toBe('jpeg');
    expect(imageFormat(new TextEncoder().encode('GIF89a......'))).toBe('gif');
    expect(imageFormat(new TextEncoder().encode('BM............'))).toBe('bmp');
    expect(imageFormat(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(imageFormat(new Uint8Array([0, 0, 0, 0x20, ...new TextEncoder().encode('ftypavif')]))).toBe('avif');
    expect(
      imageFormat(new TextEncoder().encode('  <?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>')),
    ).toBe('svg');
  });

  it('names what it reads when a file is not a picture', () => {
    expect(() => imageFormat(new TextEncoder().encode('%PDF-1.7'))).toThrow(
      /not a picture Twofold can read \(PNG, JPEG/,
    );
    expect(() => imageFormat(new Uint8Array())).toThrow(QrReadError);
  });
});
