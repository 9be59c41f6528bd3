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

/**
 * Opens an extension page in a small popup window and says which window, and which tab inside it, it is: the page's
 * requests name that tab as their sender (the unlock window that closes itself once unlocked).
 */
export async function openTrackedWindow(path: string): Promise<{ windowId: number; tabId: number }> {
  const win = await browser.windows.create({
    url: browser.runtime.getURL(path),
    type: 'popup',
    width: 380,
    height: 620,
  });
  return { windowId: win.id ?? -1, tabId: win.tabs?.[0]?.id ?? -1 };
}

/** Brings a window Twofold opened to the front; false when it is gone (the person closed it). */
export async function focusWindow(windowId: number): Promise<boolean> {
  return browser.windows.update(windowId, { focused: true }).then(
    () => true,
    () => false,
  );
}

/** Closes a window Twofold opened; one the person closed already is no failure. */
export async function closeWindow(windowId: number): Promise<void> {
  await browser.windows.remove(windowId).catch(() => undefined);
}
