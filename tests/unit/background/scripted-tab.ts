import { vi } from 'vitest';

/*
 * webextension-polyfill for the enrolment tests: one scripted tab whose screenshot is `tab.capture`, and the
 * messages the background sends to it collected in `sent`. A test file mocks the polyfill with this module
 * (`vi.mock('webextension-polyfill', () => import('./scripted-tab'))`) and imports `tab` and `sent` from it to
 * script the tab and read what was sent; vi.mock must stay in the test file, as it applies to the file that calls it.
 */
export const tab = {
  url: 'https://github.com/settings/two_factor',
  title: 'Two-factor',
  active: true,
  windowId: 1,
  capture: new Uint8Array() as Uint8Array,
};
export const sent: unknown[] = [];

export default {
  tabs: {
    get: vi.fn(async () => ({ ...tab })),
    captureVisibleTab: vi.fn(async () => `data:image/png;base64,${Buffer.from(tab.capture).toString('base64')}`),
    sendMessage: vi.fn(async (_tabId: number, msg: unknown) => {
      sent.push(msg);
    }),
  },
  runtime: { getURL: (p: string) => `chrome-extension://test/${p}` },
};
