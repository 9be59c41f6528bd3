import { t } from '../../lib/i18n/translate';
import { closedHost, showOnTop } from './top-layer';

/** A box the user dragged, in CSS pixels of the viewport, with the viewport's size. */
export interface Selection {
  rect: { x: number; y: number; width: number; height: number };
  viewport: { width: number; height: number };
}

const CSS = `
  :host { all: initial; }
  .layer { position: fixed; inset: 0; cursor: crosshair; background: rgba(0, 0, 0, .35); z-index: 2147483647; }
  .banner { position: fixed; top: 16px; left: 50%; transform: translateX(-50%); background: #1f2328; color: #fff;
    font: 600 14px/1.4 system-ui, sans-serif; padding: 10px 16px; border-radius: 8px; pointer-events: none; }
  .box { position: fixed; outline: 2px dashed #fff; box-shadow: 0 0 0 1px #000; background: rgba(255, 255, 255, .15); display: none; }
`;

const nextFrame = (win: Window) => new Promise<void>((resolve) => win.requestAnimationFrame(() => resolve()));

/** The overlay gives up a little before the background stops honouring the selection (ASK_TTL_MS, 2 min). */
const GIVE_UP_MS = 110_000;

/**
 * Lets the user drag a box around a QR code that the whole-page scan missed. Esc cancels; Enter takes
 * the whole visible page; after almost two minutes it gives up. The overlay lives in a closed shadow root and is gone from the screen
 * (two frames later) before the answer is given, so the capture that follows does not include it.
 */
export function selectRegion(doc: Document): Promise<Selection | undefined> {
  const win = doc.defaultView as Window;
  const { host, root } = closedHost(doc, 'twofold-region', CSS);
  const layer = doc.createElement('div');
  layer.className = 'layer';
  layer.tabIndex = -1;
  layer.setAttribute('role', 'application');
  layer.setAttribute('aria-label', t('content_region_label'));
  const banner = doc.createElement('div');
  banner.className = 'banner';
  banner.textContent = t('content_region_banner');
  const box = doc.createElement('div');
  box.className = 'box';
  layer.append(banner, box);
  root.append(layer);
  // Above a QR code in a modal <dialog> too, as many sites show enrolment.
  showOnTop(doc, host);
  layer.focus();

  return new Promise((resolve) => {
    let start: { x: number; y: number } | undefined;
    let current = { x: 0, y: 0, width: 0, height: 0 };
    const timer = win.setTimeout(() => void finish(undefined), GIVE_UP_MS);
    const finish = async (selection: Selection | undefined) => {
      win.clearTimeout(timer);
      win.removeEventListener('keydown', onKey, true);
      host.remove();
      await nextFrame(win);
      await nextFrame(win);
      resolve(selection);
    };
    const viewport = () => ({ width: win.innerWidth, height: win.innerHeight });
    // Only the user's own keys and pointer count: a page's synthetic events could otherwise pick the box.
    const onKey = (e: KeyboardEvent) => {
      if (!e.isTrusted) return;
      if (e.key === 'Escape') void finish(undefined);
      else if (e.key === 'Enter') void finish({ rect: { x: 0, y: 0, ...viewport() }, viewport: viewport() });
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    win.addEventListener('keydown', onKey, true);
    layer.addEventListener('pointerdown', (e) => {
      if (!e.isTrusted) return;
      start = { x: e.clientX, y: e.clientY };
      layer.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    layer.addEventListener('pointermove', (e) => {
      if (!start || !e.isTrusted) return;
      current = {
        x: Math.min(start.x, e.clientX),
        y: Math.min(start.y, e.clientY),
        width: Math.abs(e.clientX - start.x),
        height: Math.abs(e.clientY - start.y),
      };
      Object.assign(box.style, {
        display: 'block',
        left: `${current.x}px`,
        top: `${current.y}px`,
        width: `${current.width}px`,
        height: `${current.height}px`,
      });
    });
    layer.addEventListener('pointerup', (e) => {
      if (!start || !e.isTrusted) return;
      start = undefined;
      // A click without a drag is not a selection: keep the overlay up.
      if (current.width < 8 || current.height < 8) {
        box.style.display = 'none';
        return;
      }
      void finish({ rect: current, viewport: viewport() });
    });
  });
}
