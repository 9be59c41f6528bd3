import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { battleNetImporter } from '../../../lib/import/formats/battle-net';
import { sniffFile } from '../../../lib/import/sniff';
import { fuzzPrefsImporter } from './android-fuzz';
import { expectRejectsOthers, failure, fixtureFile, hex, read, survives, text } from './other-formats';

// Fixtures: tests/fixtures/import/battle-net/make.mjs (SOURCE.md).
const MESSENGER = 'com.blizzard.messenger.authenticator_preferences.xml';
const BMA = 'com.blizzard.bma.AUTH_STORE.xml';
// The published mask (Aegis's BattleNetImporter.java), kept here apart from lib/ so a typo there shows.
const MASK = Buffer.from(
  '398e27fc50276a656065b0e525f4c06c04c61075286b8e7aeda59da9813b5dd6c80d2fb38068773fa59ba47c17ca6c6479015c1d5b8b8f6b9a',
  'hex',
);
const mask = (s: string) =>
  Buffer.from([...Buffer.from(s, 'ascii')].map((b, i) => b ^ (MASK[i] as number))).toString('hex');
const prefs = (values: Record<string, string>) =>
  sniffFile(
    'bn.xml',
    text(
      `<map>\n${Object.entries(values)
        .map(([k, v]) => `    <string name="${k}">${v}</string>`)
        .join('\n')}\n</map>\n`,
    ),
  );

describe('Battle.net detection', () => {
  it('recognises both apps’ files', () => {
    expect(battleNetImporter.detect(fixtureFile('battle-net', MESSENGER))).toMatchObject({ encrypted: false });
    expect(battleNetImporter.detect(fixtureFile('battle-net', BMA))).toMatchObject({ encrypted: false });
  });

  it('says no to other formats and shared_prefs files', () => {
    expectRejectsOthers(battleNetImporter, []);
    expect(battleNetImporter.detect(fixtureFile('authy', 'com.authy.storage.tokens.authenticator.xml'))).toBe(false);
  });
});

describe('Battle.net authenticator', () => {
  it('unmasks the Battle.net app’s secret and serial: TOTP SHA-1, 8 digits, 30 s', async () => {
    const secret = 'a1'.repeat(20);
    const { entries, problems } = await read(
      battleNetImporter,
      prefs({
        'com.blizzard.messenger.AUTHENTICATOR_CREDENTIALS_ENCRYPTION_TYPE': 'MASK',
        'com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET': mask(secret),
        'com.blizzard.messenger.AUTHENTICATOR_SERIAL': mask('US-1111-2222-3333'),
      }),
    );
    expect(problems).toEqual([]);
    expect(entries.map((e) => ({ ...e.params, secret: hex(e.params.secret) }))).toEqual([
      {
        kind: 'totp',
        secret,
        issuer: 'Battle.net',
        account: 'US-1111-2222-3333',
        algorithm: 'SHA1',
        digits: 8,
        period: 30,
      },
    ]);
  });

  it('reads the older app’s AUTH_STORE.HASH: secret and serial masked together', async () => {
    const { entries } = await read(battleNetImporter, fixtureFile('battle-net', BMA));
    expect(entries.map((e) => [e.params.issuer, e.params.account])).toEqual([['Battle.net', 'US-2109-8765-4321']]);
    const secret = 'b2'.repeat(20);
    const again = await read(
      battleNetImporter,
      prefs({ 'com.blizzard.bma.AUTH_STORE.HASH': mask(`${secret}EU-0000-1111-2222`) }),
    );
    expect(hex(again.entries[0]?.params.secret ?? new Uint8Array())).toBe(secret);
  });

  it('names the account by nothing when the serial is missing', async () => {
    const { entries } = await read(
      battleNetImporter,
      prefs({ 'com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET': mask('c3'.repeat(20)) }),
    );
    expect(entries[0]?.params.account).toBe('');
  });

  it('refuses a keystore-encrypted secret, a damaged secret, a short hash', async () => {
    expect((await failure(read(battleNetImporter, fixtureFile('battle-net', 'keystore.xml')))).code).toBe(
      'unsupported',
    );
    expect((await failure(read(battleNetImporter, fixtureFile('battle-net', 'bad-secret.xml')))).code).toBe('damaged');
    const short = prefs({ 'com.blizzard.bma.AUTH_STORE.HASH': mask('d4'.repeat(20)) });
    expect((await failure(read(battleNetImporter, short))).code).toBe('damaged');
    const notHex = prefs({ 'com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET': 'zz' });
    expect((await failure(read(battleNetImporter, notHex))).code).toBe('damaged');
  });

  it('survives damage: cut, mutated, random (fuzz)', async () => {
    const dir = join(__dirname, '../../fixtures/import/battle-net');
    await fuzzPrefsImporter(battleNetImporter, 'bn.xml', new Uint8Array(readFileSync(join(dir, MESSENGER))));
    await fuzzPrefsImporter(battleNetImporter, 'bn.xml', new Uint8Array(readFileSync(join(dir, BMA))));
  }, 20_000);

  it('never throws anything but ImportError for odd masked values, huge ones included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.constant('ab'.repeat(100_000))),
        fc.string(),
        async (secret, serial) => {
          await survives(
            battleNetImporter,
            prefs({
              'com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET': secret.replace(/[<&]/g, ''),
              'com.blizzard.messenger.AUTHENTICATOR_SERIAL': serial.replace(/[<&]/g, ''),
            }),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
