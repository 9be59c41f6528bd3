import en from '../../locales/en/importlines.json';
import { textsOf } from '../i18n/text';

/** What the link-list and HTML-page readers say (locales/<lang>/importlines.json). */
export const linesText = textsOf(en);
