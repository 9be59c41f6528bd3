import en from '../../locales/en/core.json';
import { textsOf } from '../i18n/text';
import { type AnyRequestDef, type HandlersFor, mergeDomains, type PayloadOf, type ResponseOf } from './define';
import { ProtocolError } from './errors';
import { accountRequests } from './requests/accounts';
import { backupRequests } from './requests/backup';
import { enrolRequests } from './requests/enrol';
import { fillRequests } from './requests/fill';
import { keyRequests } from './requests/keys';
import { offerRequests } from './requests/offer';
import { overrideRequests } from './requests/overrides';
import { qrRequests } from './requests/qr';
import { settingsRequests } from './requests/settings';
import { siteRequests } from './requests/sites';
import { syncRequests } from './requests/sync';
import { vaultRequests } from './requests/vault';
import { classifySender, type SenderInfo, type SenderKind } from './sender';
import { parseTagged } from './tagged';

const text = textsOf(en);

/*
 * The one message protocol between the extension's contexts (docs/architecture.md "Messages", docs/messages.md).
 * Each request is declared once, as a record in its domain's module (lib/messaging/requests/); every map below is
 * derived from those records. Every request is validated here, in the background, before any handler sees it:
 * unknown types, wrong payload shapes and senders not allowed to send a type are refused with a ProtocolError.
 */

export type { AccountView } from '../vault/view';
export type { Ok } from './define';
export { ProtocolError, type ProtocolErrorCode } from './errors';
export type { RestorePreviewView } from './requests/backup';
export type { SyncJoinPreview, SyncProbe, SyncStatusView } from './requests/sync';
export type { KeyView } from './requests/keys';
export type { OfferMenu, OfferMenuItem, OfferNotice, RecoveryQuestion } from './requests/offer';
export type { VaultState } from './requests/vault';
export { classifySender, OFFER_FRAME_PATH, type SenderInfo, type SenderKind } from './sender';

/** Every domain's records, by domain (docs/messages.md lists them in this order). */
export const DOMAINS = {
  vault: vaultRequests,
  accounts: accountRequests,
  fill: fillRequests,
  offer: offerRequests,
  enrol: enrolRequests,
  backup: backupRequests,
  keys: keyRequests,
  sites: siteRequests,
  settings: settingsRequests,
  overrides: overrideRequests,
  sync: syncRequests,
  qr: qrRequests,
} as const;

/** All records in one table; a type declared in two domains does not compile (`mergeDomains`). */
export const REQUESTS = mergeDomains(DOMAINS);
type Requests = typeof REQUESTS;

export type RequestType = keyof Requests;
export type RequestMap = { [K in RequestType]: PayloadOf<Requests[K]> };
export type ResponseMap = { [K in RequestType]: ResponseOf<Requests[K]> };
export type Request<T extends RequestType = RequestType> = { [K in T]: { type: K } & RequestMap[K] }[T];
/** The background's handler table: exactly one handler per declared request. */
export type Handlers = HandlersFor<Requests>;

/** Which senders may send each request. Content scripts get the smallest surface. */
export const ALLOWED_SENDERS = Object.fromEntries(
  Object.entries(REQUESTS as Record<string, AnyRequestDef>).map(([type, def]) => [type, def.from]),
) as { readonly [K in RequestType]: readonly SenderKind[] };

/** Commands the background sends to a tab's content scripts: declared in lib/messaging/commands.ts. */
export type { ContentCommand } from './commands';

/** Checks a message's shape; returns a fresh object holding only the known fields. */
export function parseRequest(raw: unknown): Request {
  const schemaOf = (type: string) =>
    Object.hasOwn(REQUESTS, type) ? (REQUESTS[type as RequestType] as AnyRequestDef).payload : undefined;
  return parseTagged(raw, schemaOf, 'message') as Request;
}

/** Validates sender and payload together; the only way a request reaches a handler. */
export function acceptRequest(
  raw: unknown,
  sender: SenderInfo,
  ownId: string,
  ownOrigin: string,
): { request: Request; from: SenderKind } {
  const from = classifySender(sender, ownId, ownOrigin);
  const request = parseRequest(raw);
  if (!ALLOWED_SENDERS[request.type].includes(from)) {
    throw new ProtocolError(
      'forbidden',
      text(
        from === 'content' ? 'core_protocol_forbidden_web_page' : 'core_protocol_forbidden_extension_page',
        request.type,
      ),
    );
  }
  return { request, from };
}
