import { base64urlnopad } from '@scure/base';
import browser from 'webextension-polyfill';
import {
  noPrf,
  noWebAuthn,
  unlockCancelled,
  unsupportedBrowser,
  WebAuthnError,
  webAuthnFailure,
} from '../lib/webauthn/errors';

/*
 * The only code that touches `navigator.credentials` (README "Unlock with a passkey or security key").
 * Chromium lets an extension page use its own extension id as the WebAuthn relying-party id; the PRF extension
 * (W3C WebAuthn Level 3 §10.1.4, CTAP 2.1 `hmac-secret`) gives 32 bytes per credential and salt, from which the
 * background derives the key that wraps the vault key (docs/vault-format.md "PRF key slot"). Only base64url strings
 * leave this file, and the PRF bytes the browser handed over are zeroed once the caller's message was sent.
 *
 * User verification is `required` at create and at get: an hmac-secret authenticator answers with a different
 * secret with and without UV (CTAP 2.1 §12.5 "HMAC Secret Extension", CredRandomWithUV / CredRandomWithoutUV),
 * so the two ceremonies must ask the same; and a stolen key without its PIN or fingerprint opens nothing.
 */

export type PrfAvailability = 'available' | 'unsupported-browser' | 'no-webauthn';

/**
 * Firefox's extension pages cannot use their own id as rp id: from Firefox 150 an extension may name only domains
 * in its host permissions (MDN, "Use Web Authn API in web extensions",
 * https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/Use_the_web_authn_api), so the Firefox
 * build hides the option.
 */
export function prfAvailability(): PrfAvailability {
  if (import.meta.env.FIREFOX) return 'unsupported-browser';
  const g = globalThis as { PublicKeyCredential?: unknown; navigator?: { credentials?: unknown } };
  if (g.PublicKeyCredential === undefined || g.navigator?.credentials === undefined) return 'no-webauthn';
  return 'available';
}

function assertAvailable(): void {
  const a = prfAvailability();
  if (a === 'unsupported-browser') throw unsupportedBrowser();
  if (a === 'no-webauthn') throw noWebAuthn();
}

const encode = (bytes: ArrayBuffer | Uint8Array) =>
  base64urlnopad.encode(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
const decode = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(base64urlnopad.decode(text));
/** A fresh challenge: nothing verifies the signature (the PRF output itself is what opens the vault). */
const challenge = () => crypto.getRandomValues(new Uint8Array(32));
const TIMEOUT_MS = 120_000;

const bytesOf = (b: BufferSource): Uint8Array =>
  b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** Zeroes the bytes the browser handed over (the strings made from them cannot be, see docs/architecture.md). */
function wipe(buffer: BufferSource | undefined): void {
  if (!buffer) return;
  bytesOf(buffer).fill(0);
}

export interface NewPrfCredential {
  credentialId: string;
  prfSalt: string;
  prfOutput: string;
}

/**
 * Creates a credential for the vault on the authenticator the person touches and evaluates its PRF on `prfSalt`
 * (a fresh one is drawn when absent); `use` gets the result as base64url strings (it sends `vault-slot-add-prf`),
 * after which the PRF bytes are zeroed. An authenticator that can do PRF but does not evaluate it at creation
 * (most security keys before CTAP 2.2) is asked again with a get: `onSecondTouch` says so first.
 * `exclude`: the credential ids already in the vault (base64url), so one key is not added twice.
 */
export async function createPrfCredential<T>(
  options: { label: string; exclude: readonly string[]; prfSalt?: Uint8Array<ArrayBuffer>; onSecondTouch?(): void },
  use: (credential: NewPrfCredential) => Promise<T>,
): Promise<T> {
  assertAvailable();
  const prfSalt = options.prfSalt ?? crypto.getRandomValues(new Uint8Array(32));
  let created: PublicKeyCredential;
  try {
    created = (await navigator.credentials.create({
      publicKey: {
        rp: { id: browser.runtime.id, name: 'Twofold' }, // i18n-ignore: the product name
        // A random user handle: nothing identifies the person; the label is only what the authenticator shows.
        user: { id: crypto.getRandomValues(new Uint8Array(16)), name: options.label, displayName: options.label },
        challenge: challenge(),
        pubKeyCredParams: [
          { type: 'public-key', alg: -7 },
          { type: 'public-key', alg: -257 },
        ],
        authenticatorSelection: { userVerification: 'required', residentKey: 'discouraged' },
        excludeCredentials: options.exclude.map((id) => ({ type: 'public-key', id: decode(id) })),
        timeout: TIMEOUT_MS,
        attestation: 'none',
        extensions: { prf: { eval: { first: prfSalt } } },
      },
    })) as PublicKeyCredential;
  } catch (e) {
    throw webAuthnFailure(e);
  }
  const credentialId = encode(created.rawId);
  const prf = created.getClientExtensionResults().prf;
  let first: BufferSource | undefined = prf?.results?.first;
  if (!first) {
    if (prf?.enabled !== true) throw noPrf();
    options.onSecondTouch?.();
    first = await evaluate([{ credentialId, prfSalt: encode(prfSalt) }], async (r) => decode(r.prfOutput));
  }
  try {
    return await use({ credentialId, prfSalt: encode(prfSalt), prfOutput: encode(bytesOf(first)) });
  } finally {
    wipe(first);
  }
}

export interface PrfAnswer {
  credentialId: string;
  prfOutput: string;
}

/**
 * Asks the person to touch one of `credentials` (from `vault-prf-credentials`) and evaluates that credential's
 * PRF on its own salt (`evalByCredential`, keyed by the base64url credential id as WebAuthn §10.1.4 requires).
 * `use` gets which credential answered and its output (it sends `vault-unlock-prf`); the bytes are zeroed after.
 */
export function getPrfOutput<T>(
  credentials: readonly { credentialId: string; prfSalt: string }[],
  use: (answer: PrfAnswer) => Promise<T>,
): Promise<T> {
  assertAvailable();
  return evaluate(credentials, use).catch((e: unknown) => {
    // A key that holds none of these credentials is refused by the browser exactly like a cancel (NotAllowedError).
    throw e instanceof WebAuthnError && e.code === 'cancelled' ? unlockCancelled() : e;
  });
}

async function evaluate<T>(
  credentials: readonly { credentialId: string; prfSalt: string }[],
  use: (answer: PrfAnswer) => Promise<T>,
): Promise<T> {
  let assertion: PublicKeyCredential;
  try {
    assertion = (await navigator.credentials.get({
      publicKey: {
        rpId: browser.runtime.id,
        challenge: challenge(),
        allowCredentials: credentials.map((c) => ({ type: 'public-key', id: decode(c.credentialId) })),
        userVerification: 'required',
        timeout: TIMEOUT_MS,
        extensions: {
          prf: {
            evalByCredential: Object.fromEntries(
              credentials.map((c) => [c.credentialId, { first: decode(c.prfSalt) }]),
            ),
          },
        },
      },
    })) as PublicKeyCredential;
  } catch (e) {
    throw webAuthnFailure(e);
  }
  const first = assertion.getClientExtensionResults().prf?.results?.first;
  if (!first) throw noPrf();
  try {
    return await use({ credentialId: encode(assertion.rawId), prfOutput: encode(bytesOf(first)) });
  } finally {
    wipe(first);
  }
}
