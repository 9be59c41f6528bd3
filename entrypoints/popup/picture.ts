import { base64 } from '@scure/base';
import { t } from '../../lib/i18n/translate';

/**
 * A picture file as the background's decoder takes it (base64 of its bytes). SVG is drawn to a PNG
 * here first: the service worker has no SVG renderer.
 */
export async function pictureForScan(file: Blob): Promise<string> {
  if (file.type === 'image/svg+xml') return base64.encode(await rasterise(file));
  return base64.encode(new Uint8Array(await file.arrayBuffer()));
}

async function rasterise(svg: Blob): Promise<Uint8Array> {
  const url = URL.createObjectURL(svg);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    // Drawn large: a QR code in an SVG has no pixel size of its own.
    const scale = Math.max(1, 1200 / Math.max(img.naturalWidth || 300, img.naturalHeight || 300));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round((img.naturalWidth || 300) * scale);
    canvas.height = Math.round((img.naturalHeight || 300) * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error(t('add_picture_no_canvas'));
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error(t('add_picture_not_converted'));
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}
