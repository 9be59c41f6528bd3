import browser from 'webextension-polyfill';
import type { Translator } from '../lib/i18n/translator';

/** Thin adapter over `browser.i18n`: messages from _locales/ in the browser's UI language. */
export const browserTranslator: Translator = {
  message: (key, subs) => browser.i18n.getMessage(key, [...subs]) ?? '',
  // Read when asked, not at import: the build imports entry points to analyse them, with no browser behind them.
  get language() {
    return browser.i18n.getUILanguage();
  },
};
