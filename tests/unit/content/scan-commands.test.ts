// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ProtocolError } from '../../../lib/messaging/errors';

const sent: Record<string, unknown>[] = [];
let refusal: Error | undefined;
vi.mock('../../../platform/content-runtime', () => ({
  sendRequest: async (req: Record<string, unknown>) => {
    sent.push(req);
    if (refusal) throw refusal;
    return { ok: true };
  },
}));

const failures: { ask: string; error: unknown }[] = [];
const box = { rect: { x: 1, y: 2, width: 30, height: 40 }, viewport: { width: 800, height: 600 } };
let selection: typeof box | undefined;
let image: HTMLImageElement | undefined;
const scan = {
  selectRegion: async () => selection,
  readPicturesIn: async () => ['cGljdHVyZQ=='],
  findImage: () => image,
  readImage: async () => ({ image: 'aW1hZ2U=' }),
  showFailure: (_doc: Document, ask: string, error: unknown) => failures.push({ ask, error }),
};
vi.mock('../../../entrypoints/content/load-autofill', () => ({ loadPageScan: async () => scan }));

const { readImageHere, selectRegionHere } = await import('../../../entrypoints/content/scan-commands');

beforeEach(() => {
  sent.length = 0;
  failures.length = 0;
  refusal = undefined;
  selection = box;
  image = document.createElement('img');
});

describe('a region selection', () => {
  it('sends the box and the pictures under it; nothing is shown when the background takes it', async () => {
    await selectRegionHere(document);
    expect(sent).toEqual([{ type: 'region-selected', ...box, images: ['cGljdHVyZQ=='] }]);
    expect(failures).toEqual([]);
  });

  it('the background’s refusal is shown in the page, with its reason', async () => {
    refusal = new ProtocolError('forbidden', 'No region was asked for on this page.');
    await selectRegionHere(document);
    expect(failures).toEqual([{ ask: 'region', error: refusal }]);
  });

  it('Escape (no box) sends nothing and shows nothing', async () => {
    selection = undefined;
    await selectRegionHere(document);
    expect(sent).toEqual([]);
    expect(failures).toEqual([]);
  });
});

describe('an image read ("Add to Twofold")', () => {
  it('sends the image as read; nothing is shown when the background takes it', async () => {
    await readImageHere(document, 'https://example.com/qr.png', undefined);
    expect(sent).toEqual([{ type: 'image-picked', image: 'aW1hZ2U=' }]);
    expect(failures).toEqual([]);
  });

  it('an image not found asks the background to scan the tab instead', async () => {
    image = undefined;
    await readImageHere(document, 'https://example.com/qr.png', undefined);
    expect(sent).toEqual([{ type: 'image-picked' }]);
  });

  it('the background’s refusal is shown in the page, with its reason', async () => {
    refusal = new ProtocolError('forbidden', 'No image was asked for on this page.');
    await readImageHere(document, 'https://example.com/qr.png', undefined);
    expect(failures).toEqual([{ ask: 'image', error: refusal }]);
  });
});
