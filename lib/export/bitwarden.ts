import coreEn from '../../locales/en/core.json';
import en from '../../locales/en/exportmore.json';
import { encodeBase32 } from '../encoding/base32';
import { textsOf } from '../i18n/text';
import { formatOtpauthUri } from '../otp/uri';
import type { Account } from '../vault/account-data';
import { uuidV4 } from './aegis';
import { groupIds } from './groups';
import type { ExportFile, ExportSkip } from './skipped';

/*
 * Writes an unencrypted Bitwarden JSON export as Bitwarden's own clients write one, so that Bitwarden, Bitwarden
 * Authenticator, Proton Authenticator, Aegis and Ente import it. Layout from bitwarden/clients:
 * - libs/tools/export/vault-export/vault-export-core/src/services/individual-vault-export.service.ts
 *   (commit 861c25142108e158e5bfc5d6fde4fe894ebca64e, `buildJsonExport`): {encrypted: false, folders: [{id, name}],
 *   items: [...]}, two-space indent.
 * - libs/common/src/models/export/cipher.export.ts (b69a55c60421054141e44f9dc6ae83306b0905a7) and login.export.ts
 *   (1e78820b8e9a80c36ddf9b56b59807047ed0021d): an item of type 1 (login) with name, notes, favorite, fields and
 *   login {uris, username, password, totp}.
 * How Bitwarden reads `login.totp` (bitwarden/sdk-internal crates/bitwarden-vault/src/totp.rs, commit
 * ad579d983b9a2e1770df3627b0210a4269ef03d7): an `otpauth://` link is read for its secret, algorithm (SHA1, SHA256,
 * SHA512), digits (up to 10) and period, and ALWAYS as a time-based code; `steam://SECRET` is Steam Guard. So:
 * - TOTP accounts are written as Twofold's canonical otpauth link (the names stay for Aegis and Ente);
 * - Steam accounts as `steam://SECRET` (an `otpauth://steam/` link would be read as a 6-digit TOTP);
 * - HOTP accounts are left out and listed: Bitwarden would make time-based codes from their key.
 * Sites become the login's URIs, notes the item's notes, pinned the favourite flag. Recovery codes are not written
 * (Bitwarden has no field for them; a note would show them beside every use of the item).
 */

const text = textsOf(en);
const coreText = textsOf(coreEn);

export function bitwardenLimitation(a: Account): ExportSkip['reason'] | undefined {
  return a.otp.kind === 'hotp' ? text('exportmore_bitwarden_hotp') : undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Bitwarden's login URIs are URLs; Twofold's sites are host names (docs/site-matching.md). */
const uriOf = (site: string) => (/^[a-z][a-z0-9+.-]*:/i.test(site) ? site : `https://${site}`);

export function writeBitwardenJson(accounts: readonly Account[], random: (n: number) => Uint8Array): ExportFile {
  const skipped: ExportSkip[] = [];
  const items: unknown[] = [];
  const folders = groupIds(
    accounts.filter((a) => bitwardenLimitation(a) === undefined),
    random,
  );
  for (const a of accounts) {
    const reason = bitwardenLimitation(a);
    if (reason) {
      skipped.push({ account: a, reason });
      continue;
    }
    const o = a.otp;
    items.push({
      passwordHistory: null,
      revisionDate: iso(a.updatedAt),
      creationDate: iso(a.createdAt),
      deletedDate: null,
      id: uuidV4(random),
      organizationId: null,
      // Twofold's group is the item's folder (the export's `folders`: {id, name}).
      folderId: (a.group && folders.get(a.group)) ?? null,
      type: 1,
      reprompt: 0,
      // The item's title: the issuer, else the account name (the login's username is the account name).
      name: o.issuer || o.account || coreText('core_unnamed_account').english,
      notes: a.notes || null,
      favorite: a.pinned,
      login: {
        fido2Credentials: [],
        uris: a.sites.map((s) => ({ match: null, uri: uriOf(s) })),
        username: o.account || null,
        password: null,
        totp: o.kind === 'steam' ? `steam://${encodeBase32(o.secret)}` : formatOtpauthUri(o),
      },
      collectionIds: null,
    });
  }
  const file = { encrypted: false, folders: [...folders].map(([name, id]) => ({ id, name })), items };
  return { text: JSON.stringify(file, null, 2), skipped };
}
