import { vi } from 'vitest';

/*
 * webextension-polyfill for the handler tests: the badge and window adapters the handlers reach are replaced,
 * everything else is the real code. A test file mocks the polyfill with this module
 * (`vi.mock('webextension-polyfill', () => import('./quiet-browser'))`); vi.mock must stay in the test file, as it
 * applies to the file that calls it.
 */
export default {
  action: { setBadgeText: vi.fn(async () => {}), setTitle: vi.fn(async () => {}) },
  windows: { create: vi.fn(async () => ({})) },
  runtime: { getURL: (p: string) => `chrome-extension://test/${p}` },
};
