import { base64 } from '@scure/base';
import browser from 'webextension-polyfill';
import { captureFailure, notShowing, refusalFor } from '../lib/enrol/capture-refusal';

export interface Capture {
  /** The visible area at device pixels, PNG-encoded. */
  image: Uint8Array;
  url: string | undefined;
  title: string | undefined;
}

/** What the browser says about a tab (its URL only while Twofold has access to it, e.g. after activeTab). */
export async function tabPage(
  tabId: number,
): Promise<{ url: string | undefined; title: string | undefined; active: boolean; windowId: number | undefined }> {
  const tab = await browser.tabs.get(tabId);
  return { url: tab.url, title: tab.title, active: tab.active, windowId: tab.windowId };
}

/**
 * Captures what a tab shows (`tabs.captureVisibleTab`). PNG rather than the default JPEG: lossless
 * edges keep small codes readable. The tab must be the one showing in its window, since the API
 * captures a window, not a tab.
 */
export async function captureTab(tabId: number): Promise<Capture> {
  const tab = await tabPage(tabId);
  const refused = refusalFor(tab.url);
  if (refused) throw refused;
  if (!tab.active || tab.windowId === undefined) throw notShowing();
  const windowId = tab.windowId;
  const once = () => browser.tabs.captureVisibleTab(windowId, { format: 'png' });
  let dataUrl: string;
  try {
    dataUrl = await once().catch(async (e: unknown) => {
      // Chrome allows two captures a second: one more try after the window has passed.
      if (!/MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND/.test(String(e))) throw e;
      await new Promise((resolve) => setTimeout(resolve, 600));
      return once();
    });
  } catch (e) {
    throw captureFailure(e instanceof Error ? e.message : String(e), tab.url);
  }
  const comma = dataUrl.indexOf(',');
  return { image: base64.decode(dataUrl.slice(comma + 1)), url: tab.url, title: tab.title };
}
