import en from '../../locales/en/importui.json';
import { textsOf } from '../i18n/text';

/** The import panel's own messages (locales/<lang>/importui.json): pictures, several files, choosing the app. */
export const uiText = textsOf(en);
