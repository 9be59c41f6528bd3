import browser from 'webextension-polyfill';
import type { ContentCommand } from '../lib/messaging/protocol';

/** Thin adapter over keyboard commands, the context menu and messages to a tab's content scripts. */
export function onCommand(name: string, run: (tabId: number) => void): void {
  browser.commands.onCommand.addListener(async (command, tab) => {
    if (command !== name) return;
    const id = tab?.id ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.id;
    if (id !== undefined) run(id);
  });
}

/** One context-menu entry on editable fields; `run` gets the tab and the frame that was clicked. */
export function editableMenuEntry(id: string, title: string, run: (tabId: number, frameId: number) => void): void {
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({ id, title, contexts: ['editable'] });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === id && tab?.id !== undefined) run(tab.id, info.frameId ?? 0);
  });
}

export async function sendToTab(tabId: number, command: ContentCommand, frameId?: number): Promise<void> {
  await browser.tabs.sendMessage(tabId, command, frameId === undefined ? undefined : { frameId }).catch(() => {
    // No content script in that tab (a browser page, a PDF): nothing to fill there.
  });
}
