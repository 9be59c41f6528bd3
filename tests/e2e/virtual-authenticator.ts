import type { CDPSession, Page } from 'playwright-core';

/*
 * Chromium's DevTools Protocol virtual authenticators (the WebAuthn domain,
 * https://chromedevtools.github.io/devtools-protocol/tot/WebAuthn/), standing in for a passkey or security key.
 * They belong to one tab: the session opened here on `page` is the one that adds, lists and removes them.
 */

/** Opens a DevTools Protocol session on `page` with the WebAuthn domain on (no browser UI for the ceremonies). */
export async function webAuthnSession(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  return cdp;
}

export interface VirtualAuthenticatorOptions {
  /** hmac-secret, which WebAuthn exposes as PRF; without it the authenticator cannot unlock Twofold. */
  hasPrf?: boolean;
}

/**
 * Adds a virtual authenticator to the session's tab: CTAP2 over USB, resident keys, user verification (verified)
 * and automatic presence, so each ceremony answers at once; PRF unless `hasPrf` is false. Returns its id.
 */
export async function addVirtualAuthenticator(
  cdp: CDPSession,
  { hasPrf = true }: VirtualAuthenticatorOptions = {},
): Promise<string> {
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'usb',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      hasPrf,
      automaticPresenceSimulation: true,
    },
  } as never);
  return authenticatorId as string;
}
