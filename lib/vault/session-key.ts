/**
 * The `storage.session` entry holding the unlocked vault key (docs/vault-format.md "The unlocked state"). Its
 * removal is the lock: pages that show secrets listen for it (entrypoints/options). A module of its own so a page
 * can import the name without pulling the vault code into its bundle.
 */
export const SESSION_KEY = 'vaultKey';
