/*
 * npx tsx scripts/golden-vault-prf.ts
 *
 * Wrote tests/fixtures/vault/v2-prf.json once: a format 2 vault with a password slot and a PRF key slot
 * (docs/vault-format.md "PRF key slot"), made with a fixed credential id, PRF input and PRF output that the file
 * records, so every later Twofold is tested opening it both ways (tests/unit/vault/prf-golden.test.ts). Never run it
 * over the existing file (tests/fixtures/vault/README.md): kept to show how the file was made.
 */
import 'fake-indexeddb/auto';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeBase32 } from '../lib/encoding/base32';
import { base64urlnopad } from '@scure/base';
import type { Effects } from '../lib/vault/slots';
import { createVault } from '../lib/vault/vault';
import { openIdbVaultStore } from '../platform/idb-vault-store';
import { dumpDatabase } from '../tests/unit/vault/idb-dump';

const OUT = resolve(fileURLToPath(import.meta.url), '../../tests/fixtures/vault/v2-prf.json');
const PASSWORD = 'golden prf';
/** Fixed so the file can say what the authenticator answered; real slots use a random prfSalt. */
const credentialId = Uint8Array.from({ length: 64 }, (_, i) => (i * 7 + 3) & 0xff);
const prfSalt = Uint8Array.from({ length: 32 }, (_, i) => (0xa0 + i) & 0xff);
const prfOutput = Uint8Array.from({ length: 32 }, (_, i) => (0x5c ^ (i * 11)) & 0xff);

const fx: Effects = {
  random: (n) => new Uint8Array(randomBytes(n)),
  now: () => 1_800_000_000_000,
  uuid: () => randomUUID(),
};

async function main() {
  if (existsSync(OUT)) throw new Error(`${OUT} exists: golden files are never regenerated`);
  const name = `golden-prf-${randomUUID()}`;
  const store = await openIdbVaultStore(name);
  const vault = await createVault(store, PASSWORD, fx, { memoryKiB: 64, iterations: 1, parallelism: 1 });
  await vault.add({
    otp: {
      kind: 'totp',
      secret: decodeBase32('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'),
      issuer: 'Example',
      account: 'alice@example.com',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    },
    sites: ['example.com'],
    notes: 'opened by a security key',
    recoveryCodes: [],
    pinned: false,
  });
  await vault.addPrfSlot({ credentialId, prfSalt, prfOutput, label: 'Golden key' });
  const golden = {
    description:
      'A format 2 vault (docs/vault-format.md) with a password slot and a PRF key slot ("PRF key slot"): the credential id, the PRF input (prfSalt) and the PRF output the authenticator gave are recorded under "prf" as base64url. Cheap Argon2id (64 KiB, t=1, p=1). Every later Twofold must open it with the password and with the PRF output, and show this account.',
    password: PASSWORD,
    prf: {
      credentialId: base64urlnopad.encode(credentialId),
      prfSalt: base64urlnopad.encode(prfSalt),
      prfOutput: base64urlnopad.encode(prfOutput),
      label: 'Golden key',
    },
    // As tests/unit/vault/golden.ts goldenView lists an account: what a person sees, without ids and times.
    expect: {
      accounts: [
        {
          kind: 'totp',
          issuer: 'Example',
          account: 'alice@example.com',
          secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
          sites: ['example.com'],
          notes: 'opened by a security key',
          recoveryCodes: [],
          pinned: false,
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
        },
      ],
      settings: vault.settings(),
    },
    database: await dumpDatabase(name),
  };
  writeFileSync(OUT, `${JSON.stringify(golden, null, 2)}\n`);
}

await main();
