/*
 * Sizes of a PRF key slot's fields (docs/vault-format.md "PRF key slot"), in a file of their own so the message
 * records (lib/messaging/requests/vault.ts), which every extension page bundles, do not pull in the slot's crypto.
 */

/** The PRF extension's input and output are 32 bytes (W3C WebAuthn Level 3 §10.1.4; CTAP 2.1 hmac-secret). */
export const PRF_BYTES = 32;
/** A credential id is at most 1023 bytes (W3C WebAuthn Level 3 §4 "Credential ID"). */
export const MAX_CREDENTIAL_ID_BYTES = 1023;
/** A passkey's or security key's name, trimmed. */
export const MAX_LABEL_CHARS = 64;
