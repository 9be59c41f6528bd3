// Only these two messages: the options page names a picture import without loading the importers or their catalog
// (Vite keeps just the named JSON fields it is asked for).
import { import_format_picture, import_format_picture_short } from '../../locales/en/import.json';
import { textsOf } from '../i18n/text';

const text = textsOf({ import_format_picture, import_format_picture_short });

/** How a picture of QR codes is named in the import flow. */
export const PICTURE_FORMAT = {
  /** When the picture is chosen: "Picture of QR codes". */
  detected: text('import_format_picture'),
  /** In the review's title: "Import from picture". */
  read: text('import_format_picture_short'),
};
