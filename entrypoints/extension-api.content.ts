import { defineContentScript } from '#imports';
import { keepExtensionApi } from '../platform/extension-api';

/**
 * Runs before the page has built any element, in the same isolated world as entrypoints/content: keeps the browser's
 * extension API object where the page's DOM cannot shadow it (platform/extension-api.ts; DOM clobbering is
 * docs/architecture.md attack 13).
 */
export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  allFrames: true,
  runAt: 'document_start',
  // WXT would otherwise window.postMessage "<extension id>:<script>:wxt:content-script-started" into every page:
  // the page would learn that Twofold is installed, and its id (https://github.com/wxt-dev/wxt/pull/2035).
  noScriptStartedPostMessage: true,
  main() {
    keepExtensionApi();
  },
});
