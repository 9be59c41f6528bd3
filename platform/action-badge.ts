import browser from 'webextension-polyfill';

/** Thin adapter over the toolbar button's badge (action API in MV3, browserAction in Firefox MV2). */
export async function setTabBadge(tabId: number, text: string, title: string): Promise<void> {
  const action = browser.action ?? browser.browserAction;
  await action.setBadgeText({ tabId, text });
  await action.setTitle({ tabId, title });
}
