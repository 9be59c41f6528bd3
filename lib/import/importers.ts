import type { Importer } from './types';

/**
 * Every importer, most specific first: JSON formats with distinctive keys before the generic text
 * formats (URI lists), which would otherwise claim anything with an otpauth:// line.
 */
export const IMPORTERS: readonly Importer[] = [];
