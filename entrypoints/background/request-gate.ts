import type { RequestType, SenderKind } from '../../lib/messaging/protocol';
import type { VaultSession } from '../../lib/vault/session';

/**
 * Whether a request is the person using Twofold, which postpones auto-lock: requests from Twofold's
 * own pages, except the popup's state check (opening the popup is not yet use). Never a request
 * from a web page: a page that asks for codes every few seconds must not keep the vault open
 * (issue 14 finding 9).
 */
export function countsAsUse(from: SenderKind, type: RequestType): boolean {
  return from === 'extension-page' && type !== 'vault-state' && !PAGE_DRIVEN.has(type);
}

/**
 * Requests of the in-page offer frame that a web page can cause without the person doing anything: the frame
 * loads (hello), lays itself out, and shows its menu when asked. They are extension-page requests, but a page
 * that plants code fields must not keep the vault open through them; a pick (a visible, trusted click) is use.
 */
const PAGE_DRIVEN: ReadonlySet<RequestType> = new Set<RequestType>(['offer-hello', 'offer-layout', 'offer-menu']);

/**
 * Runs before every request, from any context: the auto-lock deadline first (a request after the
 * idle time finds the vault locked even if the alarm has not fired), then the use it records.
 */
export async function beforeRequest(
  session: Pick<VaultSession, 'lockIfIdle' | 'touch'>,
  from: SenderKind,
  type: RequestType,
): Promise<void> {
  await session.lockIfIdle();
  if (countsAsUse(from, type)) await session.touch();
}
