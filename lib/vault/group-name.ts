/*
 * The one bound on a group name (docs/vault-format.md "Account record"), in a module of its own with no import, so the
 * request schemas (lib/messaging/requests) use the same constant without pulling the vault's messages into every bundle.
 */

/**
 * The longest group name, in UTF-16 code units (JavaScript's `length`): the unit the request schemas count
 * (lib/messaging/schema.ts `str`), so a name the vault keeps is never refused by a request, or the other way round.
 * The same bound and rule hold for the settings' collapsed groups (lib/vault/settings.ts).
 */
export const MAX_GROUP_LENGTH = 100;
