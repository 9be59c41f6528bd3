import browser from 'webextension-polyfill';

/** The browser's user agent and the operating system it names (runtime.getPlatformInfo), for a default device name. */
export async function platformInfo(): Promise<{ userAgent: string; os: string }> {
  const { os } = await browser.runtime.getPlatformInfo();
  return { userAgent: navigator.userAgent, os };
}
