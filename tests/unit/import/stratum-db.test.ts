import { describe, expect, it } from 'vitest';
import { stratumDbImporter } from '../../../lib/import/formats/stratum-db';
import { detectFormat } from '../../../lib/import/registry';
import { sniffFile } from '../../../lib/import/sniff';
import type { ReadOptions, SniffedFile } from '../../../lib/import/types';
import { nodeSqliteLoader } from '../../../scripts/node-sqlite-loader';
import { fixtureFile, read as readAs, SHAPES } from './other-formats';
import { database, fuzzDatabase } from './sqlite-fuzz';

const FOLDER = 'stratum-db';
const read = (file: SniffedFile, options: ReadOptions = { sqlite: nodeSqliteLoader }) =>
  readAs(stratumDbImporter, file, options);
const CREATE =
  'CREATE TABLE IF NOT EXISTS "authenticator" ("type" integer, "icon" varchar, "issuer" varchar(32), "username" varchar(40), "secret" varchar, "pin" varchar, "algorithm" integer, "digits" integer, "period" integer, "counter" integer, "ranking" integer)';

describe('Stratum app database', () => {
  it('is detected by its authenticator table, through the whole registry', () => {
    const file = fixtureFile(FOLDER, 'authenticator.db3');
    expect(stratumDbImporter.detect(file)).toMatchObject({ encrypted: false });
    expect(detectFormat('authenticator.db3', file.bytes).format).toBe('stratum-db');
  });

  it('does not claim other formats, the other apps’ databases or an encrypted one', () => {
    for (const [name, file] of Object.entries(SHAPES)) expect(stratumDbImporter.detect(file), name).toBe(false);
    expect(stratumDbImporter.detect(fixtureFile('google-authenticator-db', 'databases.sqlite'))).toBe(false);
    expect(stratumDbImporter.detect(fixtureFile('microsoft-authenticator', 'PhoneFactor.sqlite'))).toBe(false);
    expect(stratumDbImporter.detect(fixtureFile(FOLDER, 'encrypted-authenticator.db3'))).toBe(false);
    expect(detectFormat('authenticator.db3', fixtureFile(FOLDER, 'encrypted-authenticator.db3').bytes).format).toBe(
      'app-database',
    );
  });

  it('reads every kind with algorithm, digits, period, counter and categories', async () => {
    const { entries, problems } = await read(fixtureFile(FOLDER, 'authenticator.db3'));
    expect(entries.map((e) => [e.params.kind, e.params.issuer, e.params.account, e.groups])).toEqual([
      ['totp', 'GitHub', 'alice', ['Work', 'Günstig']],
      ['totp', 'Example', 'bob', []],
      ['totp', 'Seven', '', []],
      ['hotp', 'Counter', 'carol', ['Work']],
      ['steam', 'Steam', 'gabe', []],
      ['totp', 'Bücher', 'zoë 😀', []],
    ]);
    expect(entries[1]?.params).toMatchObject({ algorithm: 'SHA256', digits: 8, period: 60 });
    expect(entries[2]?.params).toMatchObject({ algorithm: 'SHA512', digits: 7, period: 20 });
    expect(entries[3]?.params).toMatchObject({ kind: 'hotp', counter: 42n });
    expect(entries[4]?.params.secret).toHaveLength(10);
    expect(problems.map((p) => [p.index, p.label.english, p.unsupported])).toEqual([
      [6, 'Mobile (motp)', true],
      [7, 'Yandex (ivan)', true],
      [8, 'Weird (algo)', false],
    ]);
  });

  it('reads a database without the category tables', async () => {
    const bytes = await database(
      `${CREATE}; INSERT INTO authenticator (type, issuer, username, secret, algorithm, digits, period, counter) VALUES (2, 'A', 'a', 'JBSWY3DPEHPK3PXP', 0, 6, 30, 0)`,
    );
    const { entries } = await read(sniffFile('authenticator.db3', bytes));
    expect(entries.map((e) => [e.params.issuer, e.groups])).toEqual([['A', []]]);
  });

  it('throws only ImportError for random, cut, altered, huge and overfull files', async () => {
    await fuzzDatabase('authenticator.db3', fixtureFile(FOLDER, 'authenticator.db3').bytes, {
      create: CREATE,
      insertMany: (n) =>
        `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${n}) INSERT INTO authenticator (type, issuer, secret, algorithm, digits, period) SELECT 2, 'a' || x, 'JBSWY3DPEHPK3PXP', 0, 6, 30 FROM c`,
      insertHuge: (s) =>
        `INSERT INTO authenticator (type, issuer, username, secret, algorithm, digits, period) VALUES (2, '${s}', '${s}', 'JBSWY3DPEHPK3PXP', 0, 6, 30)`,
    });
  }, 20_000);
});
