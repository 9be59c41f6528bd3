import QRCode from 'qrcode';
import { tn } from '../lib/i18n/translate';

/**
 * A QR code as SVG rectangles (no canvas, no innerHTML), with a quiet zone of 4 modules (ISO/IEC 18004
 * §7.3.7). `label` is its text alternative: a screen reader must not read out a secret.
 */
export function QrCode({ text, label, size = 220, id }: { text: string; label: string; size?: number; id?: string }) {
  let modules: ReturnType<typeof QRCode.create>['modules'];
  try {
    ({ modules } = QRCode.create(text, { errorCorrectionLevel: 'M' }));
  } catch {
    // More than a QR code holds (an account with a very long name or secret): say so instead of failing the page.
    return (
      <p class="error" role="alert" id={id}>
        {tn('options_qr_too_long', text.length)}
      </p>
    );
  }
  const n = modules.size;
  const quiet = 4;
  let d = '';
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) if (modules.get(y, x)) d += `M${x + quiet} ${y + quiet}h1v1h-1z`;
  const box = n + 2 * quiet;
  return (
    <svg
      id={id}
      class="qr"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${box} ${box}`}
      shape-rendering="crispEdges"
    >
      <rect width={box} height={box} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
