import type { Translator } from '../lib/i18n/translator';
import { extensionApi } from './extension-api';

/**
 * Thin adapter over `i18n`: messages from _locales/ in the browser's UI language. On the browser's own API object
 * (platform/extension-api.ts), not the polyfill: this also runs in pages' frames (the inline offer), where a page
 * could otherwise clobber `browser` (docs/architecture.md attack 13); `getMessage` is synchronous, so no promise
 * wrapper is needed.
 */
export const browserTranslator: Translator = {
  message: (key, subs) =>
    (extensionApi.i18n as { getMessage(key: string, subs: string[]): string }).getMessage(key, [...subs]) ?? '',
  // Read when asked, not at import: the build imports entry points to analyse them, with no browser behind them.
  get language() {
    return extensionApi.i18n.getUILanguage();
  },
};
