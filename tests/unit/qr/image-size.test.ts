import { describe, expect, it } from 'vitest';
import { dataUrlBytes } from '../../../lib/qr/data-url';
import { imageSize } from '../../../lib/qr/image-size';
import { qrPng } from './qr-images';

/** A JPEG header: SOI, an APP0 segment, then SOF0 with the frame size (ITU T.81 §B.2.2). */
function jpegHeader(width: number, height: number): Uint8Array {
  const app0 = [0xff, 0xe0, 0x00, 0x10, ...new TextEncoder().encode('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof0 = [
    0xff,
    0xc0,
    0x00,
    0x11,
    8,
    height >> 8,
    height & 255,
    width >> 8,
    width & 255,
    3,
    1,
    0x22,
    0,
    2,
    0x11,
    1,
    3,
    0x11,
    1,
  ];
  return new Uint8Array([0xff, 0xd8, ...app0, ...sof0]);
}

describe('imageSize', () => {
  it('reads a PNG size from IHDR', async () => {
    expect(imageSize(await qrPng('x', 333))).toEqual({ width: 333, height: 333 });
  });

  it('reads a JPEG size from its frame header, past other segments', () => {
    expect(imageSize(jpegHeader(1920, 1080))).toEqual({ width: 1920, height: 1080 });
    expect(imageSize(jpegHeader(5120, 2880))).toEqual({ width: 5120, height: 2880 });
  });

  it('refuses anything else with a typed error', () => {
    expect(() => imageSize(new Uint8Array([1, 2, 3]))).toThrow(/size of which can be read/);
    expect(() => imageSize(new Uint8Array([0xff, 0xd8, 0x00]))).toThrow(/PNG or JPEG/);
  });
});

describe('dataUrlBytes', () => {
  it('decodes base64 data URLs, wrapped or percent-encoded', () => {
    expect([...dataUrlBytes('data:image/png;base64,AAEC')]).toEqual([0, 1, 2]);
    expect([...dataUrlBytes('data:image/png;base64,AA%3D%3D')]).toEqual([0]);
    expect([...dataUrlBytes('data:image/png;base64,AA\n==')]).toEqual([0]);
    expect([...dataUrlBytes('data:image/png;base64,AA')]).toEqual([0]);
  });

  it('decodes percent-encoded text data URLs (inline SVG)', () => {
    expect(new TextDecoder().decode(dataUrlBytes('data:image/svg+xml,%3Csvg%2F%3E'))).toBe('<svg/>');
  });

  it('refuses a damaged or non-data URL with a clear message', () => {
    expect(() => dataUrlBytes('https://example.com/qr.png')).toThrow(/not a data: URL/);
    expect(() => dataUrlBytes('data:image/png;base64,%E0%A4%A')).toThrow(/damaged/);
  });
});
