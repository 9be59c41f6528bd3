import en from '../../locales/en/prfui.json';
import { TwofoldError } from '../errors';
import { textsOf } from '../i18n/text';

const text = textsOf(en);

export type WebAuthnErrorCode =
  /** The person cancelled the browser's dialog, or it timed out (WebAuthn `NotAllowedError`). */
  | 'cancelled'
  /** The authenticator already holds a credential of `excludeCredentials` (WebAuthn `InvalidStateError`). */
  | 'already-added'
  /** The browser refused the relying-party id or the page (WebAuthn `SecurityError`). */
  | 'security'
  /** The authenticator has no PRF / hmac-secret: it can never unlock the vault. */
  | 'no-prf'
  /** No `navigator.credentials` / `PublicKeyCredential` in this page. */
  | 'no-webauthn'
  /** The Firefox build: the option is hidden there (README "Unlock with a passkey or security key"). */
  | 'unsupported-browser'
  /** Anything else the browser threw; its own message is shown. */
  | 'failed';

export class WebAuthnError extends TwofoldError<WebAuthnErrorCode> {}

export const noPrf = () => new WebAuthnError('no-prf', text('prfui_no_prf'));
export const noWebAuthn = () => new WebAuthnError('no-webauthn', text('prfui_no_webauthn'));
/** An unlock nobody answered: cancelled, timed out, or a key that was never added (browsers do not tell which). */
export const unlockCancelled = () => new WebAuthnError('cancelled', text('prfui_unlock_cancelled'));
export const unsupportedBrowser = () => new WebAuthnError('unsupported-browser', text('prfui_unsupported_browser'));

/**
 * What a failed `navigator.credentials.create/get` means to the person. The names are the DOMException names the
 * WebAuthn Level 3 algorithms throw (W3C WebAuthn §5.1.3 "Create a New Credential", §5.1.4 "Use an Existing
 * Credential"): NotAllowedError for a cancel or a timeout (browsers do not tell them apart, on purpose),
 * InvalidStateError for a credential of excludeCredentials already on the authenticator, SecurityError for an rp id
 * the page may not use.
 */
export function webAuthnFailure(e: unknown): WebAuthnError {
  if (e instanceof WebAuthnError) return e;
  const name = (e as { name?: unknown } | null)?.name;
  if (name === 'NotAllowedError' || name === 'AbortError')
    return new WebAuthnError('cancelled', text('prfui_cancelled'));
  if (name === 'InvalidStateError') return new WebAuthnError('already-added', text('prfui_already_added'));
  if (name === 'SecurityError') return new WebAuthnError('security', text('prfui_security'));
  const message = e instanceof Error ? e.message : String(e);
  return new WebAuthnError('failed', text('prfui_failed', message), { cause: e });
}
