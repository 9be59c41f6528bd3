import { activeTabId } from '../../platform/tabs';

/**
 * The tab this popup acts on: the one a window was opened for (`popup.html?tab=ID`, when the
 * background opens the popup as a window for a shortcut or menu entry), else the active tab of the
 * window the toolbar popup belongs to.
 */
export async function targetTabId(): Promise<number | undefined> {
  const fromUrl = new URLSearchParams(location.search).get('tab');
  if (fromUrl !== null && /^\d{1,16}$/.test(fromUrl)) return Number(fromUrl);
  return activeTabId();
}

/** True when the background opened this page as a window to show a scan (`#scan`). */
export function openedForScan(): boolean {
  return location.hash === '#scan';
}
