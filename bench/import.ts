import 'fake-indexeddb/auto';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import kdbxweb from 'kdbxweb';
import { buildScanReply } from '../lib/enrol/reply';
import { outcomeOfUris } from '../lib/enrol/scan';
import { writeAegisVault } from '../lib/export/aegis';
import { uriListExport } from '../lib/export/uri-list';
import { type ImportReply, runImport } from '../lib/import/run';
import { encodeMigrationUris } from '../lib/otp/migration';
import { parseOtpauthUri } from '../lib/otp/uri';
import type { Account } from '../lib/vault/account-data';
import { VaultSession } from '../lib/vault/session';
import { nodeSqliteLoader } from '../scripts/node-sqlite-loader';
import '../lib/import/formats/keepass-kdbx';
import { openIdbVaultStore } from '../platform/idb-vault-store';

/*
 * Importing 1,000 entries (goal: under 2 s excluding the KDF; docs/performance.md "Import"), in Node: reading each
 * format (detect, parse, validate, canonical URIs: lib/import/run.ts, what the options page's worker runs),
 * reviewing them against a vault of 1,000 accounts (what the background's import-review does), and
 * saving them in one vault transaction (IndexedDB here is fake-indexeddb, an in-memory stand-in).
 */
const N = 1000;
const enc = new TextEncoder();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function accounts(prefix: string): Account[] {
  return Array.from({ length: N }, (_, i) => ({
    id: `${prefix}${i}`,
    createdAt: 0,
    updatedAt: 0,
    otp:
      i % 10 === 0
        ? {
            kind: 'hotp',
            secret: randomBytes(20),
            issuer: `${prefix} Bank ${i}`,
            account: `user${i}@example.com`,
            algorithm: 'SHA1',
            digits: 6,
            counter: BigInt(i),
          }
        : {
            kind: 'totp',
            secret: randomBytes(20),
            issuer: `${prefix} Site ${i}`,
            account: `user${i}@example.com`,
            algorithm: 'SHA1',
            digits: 6,
            period: 30,
          },
    sites: [],
    notes: i % 3 === 0 ? 'a note' : '',
    recoveryCodes: [],
    pinned: false,
    order: i,
  }));
}

async function files(list: Account[]): Promise<Record<string, { name: string; text?: string; bytes?: Uint8Array }>> {
  const twofas = {
    schemaVersion: 4,
    appVersionCode: 5000000,
    services: list.map((a) => ({
      name: a.otp.issuer,
      secret: uriListExport([a]).match(/secret=([A-Z2-7]+)/)?.[1],
      otp: {
        account: a.otp.account,
        digits: 6,
        period: 30,
        algorithm: 'SHA1',
        tokenType: a.otp.kind === 'hotp' ? 'HOTP' : 'TOTP',
        counter: a.otp.kind === 'hotp' ? Number(a.otp.counter) : 0,
      },
      order: { position: 0 },
    })),
    groups: [],
  };
  const bitwarden = {
    encrypted: false,
    folders: [],
    items: list.map((a, i) => ({
      id: `${i}`,
      type: 1,
      name: a.otp.issuer,
      favorite: false,
      login: { username: a.otp.account, totp: uriListExport([a]).trim() },
    })),
  };
  return {
    'Aegis (plain)': {
      name: 'aegis.json',
      text: await writeAegisVault(list, { random: (n) => new Uint8Array(randomBytes(n)) }),
    },
    '2FAS (plain)': { name: 'x.2fas', text: JSON.stringify(twofas) },
    'Bitwarden JSON': { name: 'bitwarden.json', text: JSON.stringify(bitwarden) },
    'otpauth list': { name: 'list.txt', text: uriListExport(list) },
    'KeePassXC CSV': {
      name: 'keepassxc.csv',
      text: [
        '"Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"',
        ...list.map(
          (a) => `"Root","${a.otp.issuer}","${a.otp.account}","pw","","","${uriListExport([a]).trim()}","0","",""`,
        ),
      ].join('\n'),
    },
    'KeePass .kdbx (AES-KDF)': { name: 'db.kdbx', bytes: await kdbx(list) },
    'Google Authenticator app database': { name: 'databases', bytes: await gaDatabase(list) },
    'Google Authenticator (100 codes)': {
      name: 'ga.txt',
      text: encodeMigrationUris(
        list.map((a) => a.otp),
        { batchId: 7 },
      ).uris.join('\n'),
    },
  };
}

/** A KDBX 4 database of the accounts, each an entry with KeePassXC's `otp` field; AES-KDF, so the KDF is cheap. */
async function kdbx(list: Account[]): Promise<Uint8Array> {
  const db = kdbxweb.Kdbx.create(new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString('bench')), 'Bench');
  db.header.setKdf(kdbxweb.Consts.KdfId.Aes);
  for (const a of list) {
    const e = db.createEntry(db.getDefaultGroup());
    e.fields.set('Title', a.otp.issuer);
    e.fields.set('UserName', a.otp.account);
    e.fields.set('otp', uriListExport([a]).trim());
  }
  return new Uint8Array(await db.save());
}

/** Google Authenticator's `databases` file with the accounts (its accounts table, as the fixture's make.mjs has it). */
async function gaDatabase(list: Account[]): Promise<Uint8Array> {
  const SQL = await nodeSqliteLoader();
  const db = new SQL.Database();
  db.run('CREATE TABLE android_metadata (locale TEXT)');
  db.run(
    'CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL, counter INTEGER DEFAULT 0, type INTEGER, provider INTEGER DEFAULT 0, issuer TEXT DEFAULT NULL, original_name TEXT DEFAULT NULL)',
  );
  for (const a of list) {
    const secret = uriListExport([a]).match(/secret=([A-Z2-7]+)/)?.[1] ?? '';
    const hotp = a.otp.kind === 'hotp';
    db.run('INSERT INTO accounts (email, secret, counter, type, issuer, original_name) VALUES (?, ?, ?, ?, ?, ?)', [
      a.otp.account,
      secret,
      hotp && a.otp.kind === 'hotp' ? Number(a.otp.counter) : 0,
      hotp ? 1 : 0,
      a.otp.issuer,
      `${a.otp.issuer}:${a.otp.account}`,
    ]);
  }
  const bytes = db.export();
  db.close();
  return bytes;
}

export async function benchImport(runs = 5): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const incoming = await files(accounts('New'));
  for (const [format, f] of Object.entries(incoming)) {
    const times: number[] = [];
    let count = 0;
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      let last: ImportReply | undefined;
      await runImport(
        {
          name: f.name,
          bytes: f.bytes ?? enc.encode(f.text ?? ''),
          ...(f.bytes && f.name.endsWith('.kdbx') ? { password: 'bench' } : {}),
        },
        (reply) => (last = reply),
        { sqlite: nodeSqliteLoader },
      );
      times.push(performance.now() - t);
      count = last?.kind === 'done' ? last.summary.items.length : -1;
    }
    out[format] = { entries: count, medianMs: +median(times).toFixed(1) };
  }

  // Review 1,000 imported accounts against a vault of 1,000, then save them in one transaction.
  const existing = accounts('Old');
  let last: ImportReply | undefined;
  await runImport({ name: 'list.txt', bytes: enc.encode(uriListExport(accounts('New'))) }, (r) => (last = r));
  const items = last?.kind === 'done' ? last.summary.items : [];
  const reviewTimes: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    buildScanReply(outcomeOfUris(items), 'import', undefined, existing, {});
    reviewTimes.push(performance.now() - t);
  }
  out.review_1000_against_1000_ms = +median(reviewTimes).toFixed(1);

  const fx = { random: (n: number) => new Uint8Array(randomBytes(n)), now: () => Date.now(), uuid: () => randomUUID() };
  const data = new Map<string, unknown>();
  const session = new VaultSession(
    await openIdbVaultStore(`bench-import-${randomUUID()}`),
    {
      get: async (k) => data.get(k) as never,
      set: async (k, v) => void data.set(k, v),
      remove: async (k) => void data.delete(k),
    },
    fx,
    { memoryKiB: 64, iterations: 1, parallelism: 1 },
  );
  await session.create('bench password');
  const vault = await session.require();
  const adds = items.map((i) => ({
    otp: parseOtpauthUri(i.uri).params,
    sites: [],
    notes: i.notes,
    recoveryCodes: [],
    pinned: false,
  }));
  const t = performance.now();
  await vault.applyMany(() => ({ adds, updates: [] }));
  out.save_1000_one_transaction_ms = +(performance.now() - t).toFixed(1);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchImport()));
