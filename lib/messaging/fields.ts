import { arrayOf, int, num, obj, oneOf, str } from './schema';

/*
 * Payload pieces more than one domain's requests share (lib/messaging/requests/), and the background's commands
 * (lib/messaging/commands.ts). Each is marked pure, so the script injected into every page keeps only what it uses.
 */

export const password = /* @__PURE__ */ str(1024, 1);
/** An account's, key's or request's id. */
export const id = /* @__PURE__ */ str(64, 1);
export const tabId = /* @__PURE__ */ int(0, Number.MAX_SAFE_INTEGER);
/** An offer or grant token (lib/offer/token.ts: 18 random bytes, URL-safe base64). */
export const token = /* @__PURE__ */ str(64, 16);
/** An account's or key slot's sites: host names, at most 100. */
export const sites = /* @__PURE__ */ arrayOf(str(253, 1), 100);
/** A picture as base64 (messages are JSON); 56 M characters is 40 MB, the decoder's limit. */
export const picture = /* @__PURE__ */ str(56_000_000, 1);
export const cssRect = /* @__PURE__ */ obj({
  x: num(-1e6, 1e6),
  y: num(-1e6, 1e6),
  width: num(-1e6, 1e6),
  height: num(-1e6, 1e6),
});
export const viewport = /* @__PURE__ */ obj({ width: num(1, 1e5), height: num(1, 1e5) });
/** The accounts an export is about. */
export const accountIds = /* @__PURE__ */ arrayOf(id, 10_000);
export const offerKind = /* @__PURE__ */ oneOf('totp', 'recovery', 'dual', 'password-otp');
