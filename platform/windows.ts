import browser from 'webextension-polyfill';

/** Opens an extension page (the options page's backup or import section) in a normal tab. */
export async function openExtensionTab(path: string): Promise<void> {
  await browser.tabs.create({ url: browser.runtime.getURL(path) });
}

/** Opens an extension page in a small popup window (used when the toolbar popup cannot be opened). */
export async function openExtensionWindow(path: string): Promise<void> {
  await browser.windows.create({ url: browser.runtime.getURL(path), type: 'popup', width: 380, height: 620 });
}
