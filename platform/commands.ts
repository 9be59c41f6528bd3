import browser from 'webextension-polyfill';
import type { ContentCommand } from '../lib/messaging/commands';

/** Thin adapter over keyboard commands, the context menu and messages to a tab's content scripts. */
export function onCommand(name: string, run: (tabId: number) => void): void {
  browser.commands.onCommand.addListener(async (command, tab) => {
    if (command !== name) return;
    const id = tab?.id ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
    if (id !== undefined) run(id);
  });
}

export interface MenuClick {
  tabId: number;
  frameId: number;
  /** The image's URL, for entries on images. */
  srcUrl?: string;
}

/** One context-menu entry; `run` gets the tab and the frame that was clicked. */
export function menuEntry(
  id: string,
  title: string,
  contexts: ('page' | 'image' | 'editable')[],
  run: (click: MenuClick) => void,
): void {
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({ id, title, contexts });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== id || tab?.id === undefined) return;
    run({ tabId: tab.id, frameId: info.frameId ?? 0, ...(info.srcUrl ? { srcUrl: info.srcUrl } : {}) });
  });
}

export async function sendToTab(tabId: number, command: ContentCommand, frameId?: number): Promise<boolean> {
  try {
    await browser.tabs.sendMessage(tabId, command, frameId === undefined ? undefined : { frameId });
    return true;
  } catch {
    // No content script in that tab (a browser page, a PDF): nothing there can act on it.
    return false;
  }
}
