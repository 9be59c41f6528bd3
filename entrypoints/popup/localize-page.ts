import { type MessageKey, setTranslator, t } from '../../lib/i18n/translate';
import { browserTranslator } from '../../platform/i18n';

/** Wires an extension page to the browser's language: messages, `<html lang>` and the window title. */
export function localizePage(title: MessageKey): void {
  setTranslator(browserTranslator);
  document.documentElement.lang = browserTranslator.language;
  document.title = t(title);
}
