import { googleAuthenticatorImporter, uriListImporter } from './formats/uri-list';
import type { Importer } from './types';

/**
 * Every importer, most specific first: JSON formats with distinctive keys before the generic text
 * formats (URI lists), which would otherwise claim anything with an otpauth:// line; binary formats
 * with a magic number before andOTP's encrypted file, which has none.
 */
export const IMPORTERS: readonly Importer[] = [googleAuthenticatorImporter, uriListImporter];
