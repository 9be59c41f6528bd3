import browser from 'webextension-polyfill';

/** Opens an extension page (the options page's backup or import section) in a normal tab. */
export async function openExtensionTab(path: string): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(path) });
}

/** Opens an extension page in a small popup window (used when the toolbar popup cannot be opened). */
export async function openExtensionWindow(path: string): Promise<void> {
  await browser.windows.create({ url: browser.runtime.getURL(path), type: 'popup', width: 380, height: 620 });
}

/**
 * Opens an extension page in a popup-type window of the given size (a new window has the focus) and says which
 * window it is (the cross-site account picker).
 */
export async function openSizedWindow(
  path: string,
  size: { width: number; height: number },
): Promise<{ windowId: number }> {
  const win = await browser.windows.create({ url: browser.runtime.getURL(path), type: 'popup', ...size });
  return { windowId: win.id ?? -1 };
}
