// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../../platform/content-runtime', () => ({
  extensionUrl: (path: string) => `chrome-extension://test${path}`,
  sendRequest: async (req: { type: string }) => (req.type === 'offer-open' ? { offer: 'token' } : {}),
}));

const { Offer } = await import('../../../entrypoints/content/offers');

/*
 * Where Offer.place puts the frame (on segmented boxes it must not sit inside the first box, hiding its digit).
 * happy-dom lays nothing out, so each field's box is given; the viewport is happy-dom's 1024×768.
 */
type Box = { x: number; y: number; width: number; height: number };

function fieldsAt(boxes: Box[], host: Element = document.body): HTMLInputElement[] {
  return boxes.map((b) => {
    const input = document.createElement('input');
    input.getBoundingClientRect = () => new DOMRect(b.x, b.y, b.width, b.height);
    host.append(input);
    return input;
  });
}

async function offerOn(fields: HTMLInputElement[]) {
  const offer = await Offer.create(document, {
    kind: 'totp',
    fields,
    confidence: 1,
    reasons: [],
  });
  if (!offer) throw new Error('no offer');
  return offer;
}

/** The frame's box as its style says (left/top in document pixels; happy-dom does not scroll). */
function frameBox(frame: HTMLIFrameElement): Box & { display: string } {
  const s = frame.style;
  return {
    x: Number.parseFloat(s.left),
    y: Number.parseFloat(s.top),
    width: Number.parseFloat(s.width),
    height: Number.parseFloat(s.height),
    display: s.display,
  };
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Six 40×48 boxes 8 px apart, starting at `left`. */
const six = (left: number, top = 200): Box[] =>
  Array.from({ length: 6 }, (_, i) => ({ x: left + i * 48, y: top, width: 40, height: 48 }));

afterEach(() => {
  document.body.replaceChildren();
});

describe('Offer.place', () => {
  it('keeps a single field’s button at its right end, inside it', async () => {
    const [field] = fieldsAt([{ x: 100, y: 100, width: 200, height: 30 }]);
    const offer = await offerOn([field as HTMLInputElement]);
    const b = frameBox(offer.frame);
    expect(b).toMatchObject({ width: 26, height: 26, display: 'block' });
    expect(b.x + b.width).toBe(298);
    expect(b.y).toBe(102);
  });

  it('puts the button right of segmented boxes, vertically centred, over none of them', async () => {
    const boxes = six(100);
    const offer = await offerOn(fieldsAt(boxes));
    const b = frameBox(offer.frame);
    for (const box of boxes) expect(overlaps(b, box)).toBe(false);
    const last = boxes.at(-1) as Box;
    expect(b.x).toBeGreaterThanOrEqual(last.x + last.width);
    expect(b.y + b.height / 2).toBe(last.y + last.height / 2);
  });

  it('puts it left of the group when the right has no room', async () => {
    const boxes = six(1024 - 6 * 48 + 8 - 2);
    const offer = await offerOn(fieldsAt(boxes));
    const b = frameBox(offer.frame);
    for (const box of boxes) expect(overlaps(b, box)).toBe(false);
    expect(b.x + b.width).toBeLessThanOrEqual((boxes[0] as Box).x);
    expect(b.x).toBeGreaterThanOrEqual(0);
  });

  it('puts it below the group when neither side has room', async () => {
    const boxes = Array.from({ length: 6 }, (_, i) => ({ x: 2 + i * 170, y: 200, width: 168, height: 48 }));
    const offer = await offerOn(fieldsAt(boxes));
    const b = frameBox(offer.frame);
    for (const box of boxes) expect(overlaps(b, box)).toBe(false);
    expect(b.y).toBeGreaterThanOrEqual(248);
    expect(b.x + b.width).toBeLessThanOrEqual(1024);
  });

  it('parks an offer out of sight while its field is hidden, and brings it back on update', async () => {
    const fields = fieldsAt([{ x: 100, y: 100, width: 200, height: 30 }]);
    const offer = await offerOn(fields);
    offer.park();
    expect(frameBox(offer.frame).display).toBe('none');
    expect(offer.frame.isConnected).toBe(true);
    offer.update({ kind: 'totp', fields, confidence: 1, reasons: [] });
    expect(frameBox(offer.frame).display).toBe('block');
  });

  it('puts the frame inside the field’s dialog, positioned from the dialog’s box', async () => {
    const dialog = document.createElement('dialog');
    document.body.append(dialog);
    dialog.getBoundingClientRect = () => new DOMRect(300, 150, 400, 300);
    const [field] = fieldsAt([{ x: 320, y: 200, width: 200, height: 30 }], dialog);
    const offer = await offerOn([field as HTMLInputElement]);
    expect(offer.frame.parentElement).toBe(dialog);
    const b = frameBox(offer.frame);
    // The button's viewport position is the same as in the body: the field's right end (518 - 26), less the dialog's.
    expect(b.x).toBe(320 + 200 - 2 - 26 - 300);
    expect(b.y).toBe(202 - 150);
  });
});
