import { accountName } from '../../lib/enrol/review';
import { writeAegisVault } from '../../lib/export/aegis';
import { writeBitwardenJson } from '../../lib/export/bitwarden';
import { sheetEntries } from '../../lib/export/sheet';
import type { ExportSkip } from '../../lib/export/skipped';
import { writeTwofasBackup } from '../../lib/export/twofas';
import { uriListExport } from '../../lib/export/uri-list';
import { textsOf } from '../../lib/i18n/text';
import type { RequestMap, ResponseMap } from '../../lib/messaging/protocol';
import { encodeMigrationUris } from '../../lib/otp/migration';
import type { Account } from '../../lib/vault/account-data';
import { VaultError } from '../../lib/vault/errors';
import type { VaultSession } from '../../lib/vault/session';
import type { Effects } from '../../lib/vault/slots';
import moreEn from '../../locales/en/exportmore.json';
import en from '../../locales/en/options.json';

const text = textsOf(en);
const moreText = textsOf(moreEn);

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The accounts a format could not take, by name; a file that would hold none of the chosen accounts is refused. */
function named(skipped: readonly ExportSkip[], chosen: number) {
  if (skipped.length === chosen) throw new VaultError('bad-setting', moreText('exportmore_none_fit'));
  return skipped.map((s) => ({ name: accountName(s.account.otp.issuer, s.account.otp.account), reason: s.reason }));
}

/**
 * Exports (docs/import-export.md "Exports"): files other apps read, Google Authenticator transfer codes, and the
 * printable sheet. Only extension pages may ask (lib/messaging/protocol.ts); the page saves or shows.
 */
export class Exports {
  constructor(
    private readonly session: VaultSession,
    private readonly fx: Effects,
    private readonly aegisScrypt?: { N: number; r: number; p: number },
    /** Recovery codes filled and still waiting for a verdict (OfferService): they may be spent, so not printed. */
    private readonly pendingRecovery: () => Promise<readonly { accountId: string; code: string }[]> = async () => [],
  ) {}

  /** The master password typed again, then the chosen accounts (an open vault alone is not enough: anyone at an
   * unlocked browser could take every secret in a few clicks; docs/architecture.md attack 12). */
  async #chosen(ids: readonly string[], masterPassword: string): Promise<Account[]> {
    await this.session.confirmPassword(masterPassword);
    const all = (await this.session.require()).accounts();
    const chosen = all.filter((a) => ids.includes(a.id));
    if (chosen.length !== new Set(ids).size) throw new VaultError('bad-record', text('options_export_gone'));
    if (chosen.length === 0) throw new VaultError('bad-record', text('options_export_none'));
    return chosen;
  }

  async file(req: RequestMap['export-file']): Promise<ResponseMap['export-file']> {
    const accounts = await this.#chosen(req.ids, req.masterPassword);
    const stamp = day(this.fx.now());
    if (req.format === 'uri-list')
      return {
        text: uriListExport(accounts),
        fileName: `twofold-otpauth-${stamp}.txt`,
        type: 'text/plain',
        skipped: [],
      };
    if (req.format === 'twofas') {
      const file = writeTwofasBackup(accounts, this.fx.now(), this.fx.random);
      return {
        text: file.text,
        fileName: `twofold-2fas-${stamp}.2fas`,
        type: 'application/json',
        skipped: named(file.skipped, accounts.length),
      };
    }
    if (req.format === 'bitwarden') {
      const file = writeBitwardenJson(accounts, this.fx.random);
      return {
        text: file.text,
        fileName: `bitwarden_export_twofold_${stamp}.json`,
        type: 'application/json',
        skipped: named(file.skipped, accounts.length),
      };
    }
    if (req.format === 'aegis-encrypted' && !req.password)
      throw new VaultError('bad-setting', text('options_export_needs_password'));
    const vault = await writeAegisVault(accounts, {
      random: this.fx.random,
      ...(req.format === 'aegis-encrypted' ? { password: req.password } : {}),
      ...(this.aegisScrypt ? { scrypt: this.aegisScrypt } : {}),
    });
    return {
      text: vault,
      fileName: `aegis-export-${req.format === 'aegis-plain' ? 'plain-' : ''}${stamp}.json`,
      type: 'application/json',
      skipped: [],
    };
  }

  async migration(req: RequestMap['export-migration']): Promise<ResponseMap['export-migration']> {
    const accounts = await this.#chosen(req.ids, req.masterPassword);
    const random = this.fx.random(4);
    const batchId = new DataView(random.buffer, random.byteOffset, 4).getInt32(0);
    const { uris, skipped } = encodeMigrationUris(
      accounts.map((a) => a.otp),
      { batchId },
    );
    return {
      uris,
      skipped: skipped.map((s) => ({ name: accountName(s.account.issuer, s.account.account), reason: s.reason })),
    };
  }

  async sheet(req: RequestMap['export-sheet']): Promise<ResponseMap['export-sheet']> {
    const accounts = await this.#chosen(req.ids, req.masterPassword);
    return { entries: sheetEntries(accounts, await this.pendingRecovery()) };
  }
}
