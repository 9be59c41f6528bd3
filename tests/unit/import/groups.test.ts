import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAegisVault } from '../../../lib/export/aegis';
import { writeBitwardenJson } from '../../../lib/export/bitwarden';
import { writeTwofasBackup } from '../../../lib/export/twofas';
import { splitGroups } from '../../../lib/import/groups';
import { type ImportReply, type ImportSummary, runImport } from '../../../lib/import/run';
import type { Account } from '../../../lib/vault/account-data';
import { sampleAccount } from '../vault/fixtures';

/*
 * Groups on import and export (docs/import-export.md "Groups"): the first group of an entry becomes the account's
 * group, the others stay in the notes; exports that can carry a group write it. The import samples are the real-shaped
 * fixtures of tests/fixtures/import (made by their own independent scripts, see each SOURCE.md).
 */

const FIXTURES = join(__dirname, '../../fixtures/import');

async function importFile(name: string, bytes: Uint8Array): Promise<ImportSummary> {
  const replies: ImportReply[] = [];
  await runImport({ name, bytes }, (r) => replies.push(r));
  const done = replies.find((r) => r.kind === 'done');
  if (done?.kind !== 'done') throw new Error(`import failed: ${JSON.stringify(replies.at(-1))}`);
  return done.summary;
}
const fixture = (dir: string, name: string) =>
  importFile(name, new Uint8Array(readFileSync(join(FIXTURES, dir, name))));
const groupsOf = (s: ImportSummary) => s.items.map((i) => [i.group, i.groups]);
const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

describe('the first group becomes the account’s group', () => {
  it('Aegis (db v3, group uuids): Work, with Home left for the notes; an unknown uuid gives none', async () => {
    expect(groupsOf(await fixture('aegis', 'plain-v3.json'))).toEqual([
      ['Work', ['Home']],
      [undefined, []],
      [undefined, []],
      ['Home', []],
    ]);
  });

  it('2FAS (groupId into groups)', async () => {
    const summary = await fixture('twofas', 'schema4-plain.2fas');
    expect(groupsOf(summary)[0]).toEqual(['Work', []]);
    expect(groupsOf(summary)[1]).toEqual([undefined, []]);
  });

  it('splits names as the vault can hold them: trimmed, empty ones dropped, an unusable first one to the notes', () => {
    expect(splitGroups([])).toEqual({ others: [] });
    expect(splitGroups(['  Work ', '', 'Home', 'Work'])).toEqual({ group: 'Work', others: ['Home'] });
    expect(splitGroups(['x'.repeat(101), 'Home'])).toEqual({ others: ['x'.repeat(101), 'Home'] });
    expect(splitGroups(['a\u0000b'])).toEqual({ others: ['a\u0000b'] });
  });
});

describe('exports that can carry a group write it, and Twofold reads it back as the group', () => {
  const accounts: Account[] = [
    sampleAccount({ group: 'Work' }),
    sampleAccount({
      group: 'Banque · 銀行',
      otp: { kind: 'steam', secret: new Uint8Array(20).fill(3), issuer: 'Steam', account: 'gabe' },
    }),
    sampleAccount({
      group: 'Work',
      otp: {
        kind: 'totp',
        secret: new Uint8Array(20).fill(4),
        issuer: 'GitLab',
        account: 'bob',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      },
    }),
    sampleAccount({
      otp: {
        kind: 'totp',
        secret: new Uint8Array(20).fill(5),
        issuer: 'None',
        account: 'carol',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      },
    }),
  ];
  const expected = [
    ['Work', []],
    ['Banque · 銀行', []],
    ['Work', []],
    [undefined, []],
  ];

  it('Aegis: the db’s group list {uuid, name} and each entry’s group uuids', async () => {
    const text = await writeAegisVault(accounts, { random });
    const db = JSON.parse(text).db;
    expect(db.groups.map((g: { name: string }) => g.name)).toEqual(['Work', 'Banque · 銀行']);
    const work = db.groups[0].uuid;
    expect(db.entries.map((e: { groups: string[] }) => e.groups)).toEqual([[work], [db.groups[1].uuid], [work], []]);
    expect(groupsOf(await importFile('aegis.json', new TextEncoder().encode(text)))).toEqual(expected);
  });

  it('2FAS: groups {id, name} and each service’s groupId', async () => {
    const file = writeTwofasBackup(accounts, 1_800_000_000_000, random);
    const json = JSON.parse(file.text);
    expect(json.groups.map((g: { name: string }) => g.name)).toEqual(['Work', 'Banque · 銀行']);
    expect(json.services[3].groupId).toBeUndefined();
    expect(groupsOf(await importFile('export.2fas', new TextEncoder().encode(file.text)))).toEqual(expected);
  });

  it('Bitwarden: folders {id, name} and each item’s folderId', async () => {
    const file = writeBitwardenJson(accounts, random);
    const json = JSON.parse(file.text);
    expect(json.folders.map((f: { name: string }) => f.name)).toEqual(['Work', 'Banque · 銀行']);
    expect(json.items[3].folderId).toBeNull();
    expect(groupsOf(await importFile('bitwarden.json', new TextEncoder().encode(file.text)))).toEqual(expected);
  });
});
