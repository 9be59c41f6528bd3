import type { RequestType, SenderKind } from '../../lib/messaging/protocol';
import type { VaultSession } from '../../lib/vault/session';

/**
 * Pure status reads a page sends by itself, on opening or on a timer (the options page and popup poll
 * `sync-status` every 30 s): none is the person doing anything, so none keeps the vault open.
 */
const STATUS_READS: ReadonlySet<RequestType> = new Set<RequestType>([
  'vault-state',
  'sync-status',
  'tab-status',
  'backup-status',
]);

/**
 * Whether a request is the person using Twofold, which postpones auto-lock: requests from Twofold's
 * own pages, except the status reads they send by themselves (opening the popup is not yet use). Never a request
 * from a web page: a page that asks for codes every few seconds must not keep the vault open
 * (docs/architecture.md attack 9). Nor what a page can make the in-page offer frame ask by itself (it loads, lays
 * itself out and shows its menu when the page asks); only a pick (a visible, trusted click) is use.
 */
export function countsAsUse(from: SenderKind, type: RequestType): boolean {
  if (from === 'offer-frame') return type === 'offer-pick';
  return from === 'extension-page' && !STATUS_READS.has(type);
}

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
