import en from '../../locales/en/import.json';
import { isText, type Sub, type Text, textsOf } from '../i18n/text';

/*
 * What the importers say to the user, as Texts over locales/<lang>/import.json (docs/i18n.md). The importers
 * run in a worker, far from the browser's i18n: they return Texts, and the options page renders them.
 */

export const text = textsOf(en);

/** Words that are not language (a name from the file, a field, another library's message), shown as they are. */
export function plain(value: string): Text {
  return text('import_plain', value);
}

/**
 * The Text of a failure or message from elsewhere in the core: its own Text when it has one (an error's `text`, a
 * message that is a Text), else its English as plain text.
 */
export function textOf(value: unknown): Text {
  if (isText(value)) return value;
  if (typeof value === 'object' && value !== null) {
    const v = value as { text?: unknown; message?: unknown };
    if (isText(v.text)) return v.text;
    if (v.message !== undefined) return textOf(v.message);
  }
  return plain(String(value));
}

/** Names as a list, "A, B, C" (each a name or a Text). */
export function listOf(items: readonly Sub[]): Text {
  const [first = '', ...rest] = items;
  let list = typeof first === 'object' ? first : plain(String(first));
  for (const item of rest) list = text('import_list', list, item);
  return list;
}
