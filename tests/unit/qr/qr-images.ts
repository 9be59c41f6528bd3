import QRCode from 'qrcode';

/*
 * QR pictures for tests, made at test time with the `qrcode` generator (the source of these fixtures):
 * encoded PNGs, and raw RGBA canvases with several codes placed where a test wants them.
 */

export async function qrPng(text: string, width = 240): Promise<Uint8Array> {
  return new Uint8Array(await QRCode.toBuffer(text, { width, margin: 2, errorCorrectionLevel: 'M' }));
}

export interface Canvas {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export function blankCanvas(width: number, height: number, shade = 255): Canvas {
  const data = new Uint8ClampedArray(width * height * 4).fill(shade);
  return { data, width, height };
}

/** Draws `text` as a QR code at (x, y), `scale` pixels per module, dark modules in `ink` on `paper`. */
export function drawQr(c: Canvas, text: string, x: number, y: number, scale: number, ink = 0, paper = 255): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  for (let my = -quiet; my < n + quiet; my++) {
    for (let mx = -quiet; mx < n + quiet; mx++) {
      const dark = my >= 0 && mx >= 0 && my < n && mx < n && qr.modules.get(my, mx);
      const v = dark ? ink : paper;
      for (let py = 0; py < scale; py++) {
        for (let px = 0; px < scale; px++) {
          const cx = x + (mx + quiet) * scale + px;
          const cy = y + (my + quiet) * scale + py;
          if (cx < 0 || cy < 0 || cx >= c.width || cy >= c.height) continue;
          const i = (cy * c.width + cx) * 4;
          c.data[i] = v;
          c.data[i + 1] = v;
          c.data[i + 2] = v;
          c.data[i + 3] = 255;
        }
      }
    }
  }
}
