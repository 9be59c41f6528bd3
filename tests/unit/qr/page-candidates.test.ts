import { describe, expect, it } from 'vitest';
import {
  MAX_PICTURES,
  type PictureBox,
  pickCandidates,
  plausibleQr,
  readableSource,
} from '../../../lib/qr/page-candidates';

const ORIGIN = 'https://shop.example';

describe('readableSource: which images the page lets a canvas read', () => {
  it.each([
    ['data:image/png;base64,iVBOR', true],
    ['https://shop.example/qr.png', true],
    ['/enrol/qr.png', true],
    ['blob:https://shop.example/7f1c', true],
    ['https://cdn.example/qr.png', false],
    ['http://shop.example/qr.png', false],
    ['blob:https://evil.example/7f1c', false],
    ['data:text/html,<b>', false],
    ['', true],
  ])('%s → %s', (src, readable) => {
    // '' resolves to the page itself: an <img> without an address, never drawn, is read as nothing at all.
    expect(readableSource(src, ORIGIN)).toBe(readable);
  });
});

describe('plausibleQr: the size and shape of a QR code', () => {
  it.each([
    [{ kind: 'img', width: 240, height: 240 }, true],
    [{ kind: 'canvas', width: 160, height: 200 }, true],
    [{ kind: 'svg', width: 48, height: 48 }, true],
    [{ kind: 'img', width: 24, height: 24 }, false],
    [{ kind: 'img', width: 1200, height: 300 }, false],
    [{ kind: 'img', width: 2000, height: 2000 }, false],
    [{ kind: 'img', width: 0, height: 0 }, false],
  ] as [PictureBox, boolean][])('%o → %s', (box, ok) => {
    expect(plausibleQr(box)).toBe(ok);
  });
});

describe('pickCandidates', () => {
  it('keeps readable pictures of a QR code’s shape, most square then largest first', () => {
    const boxes: PictureBox[] = [
      { kind: 'img', width: 32, height: 32, src: '/icon.png' },
      { kind: 'img', width: 200, height: 160, src: '/photo.png' },
      { kind: 'img', width: 240, height: 240, src: 'https://cdn.example/qr.png' },
      { kind: 'svg', width: 180, height: 180 },
      { kind: 'img', width: 240, height: 240, src: 'data:image/png;base64,AAAA' },
      { kind: 'canvas', width: 900, height: 200 },
    ];
    expect(pickCandidates(boxes, ORIGIN)).toEqual([4, 3, 1]);
  });

  it('reads at most a handful per look', () => {
    const boxes: PictureBox[] = Array.from({ length: 20 }, (_, i) => ({
      kind: 'canvas',
      width: 100 + i,
      height: 100 + i,
    }));
    const picked = pickCandidates(boxes, ORIGIN);
    expect(picked).toHaveLength(MAX_PICTURES);
    expect(picked[0]).toBe(19);
  });
});
