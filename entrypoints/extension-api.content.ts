import { defineContentScript } from '#imports';
import { keepExtensionApi } from '../platform/extension-api';

/**
 * Runs before the page has built any element, in the same isolated world as entrypoints/content: keeps the browser's
 * extension API object where the page's DOM cannot shadow it (platform/extension-api.ts, issue 14 finding 13).
 */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  allFrames: true,
  runAt: 'document_start',
  main() {
    keepExtensionApi();
  },
});
