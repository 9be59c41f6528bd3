#!/usr/bin/env node
// Decrypts a Twofold backup (docs/backup-format.md, version 1) and prints one otpauth:// URI per
// account, so a backup never depends on Twofold being installed. Node.js 18+ and its standard library
// only: copy this one file anywhere.
//
//   node twofold-decrypt.mjs BACKUP.twofold.json            (asks for the password)
//   TWOFOLD_PASSWORD=… node twofold-decrypt.mjs BACKUP.twofold.json
//   node twofold-decrypt.mjs BACKUP.twofold.json --json     (the decrypted JSON instead of URIs)
//
// The output holds every secret in the clear: keep it off shared screens and out of files you sync.
import { createDecipheriv, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const fail = (message) => {
  process.stderr.write(`twofold-decrypt: ${message}\n`);
  process.exit(1);
};

/** The URI Twofold itself writes (docs/otpauth-policy.md): label Issuer:Account, every parameter explicit. */
export function otpauthUri(a) {
  const enc = encodeURIComponent;
  const label = a.issuer
    ? `${enc(a.issuer)}:${enc(a.account)}`
    : a.account.includes(':')
      ? `:${enc(a.account)}`
      : enc(a.account);
  const query = [`secret=${a.secret}`];
  if (a.issuer) query.push(`issuer=${enc(a.issuer)}`);
  if (a.kind === 'steam') return `otpauth://steam/${label}?${query.join('&')}`;
  if (a.kind === 'totp')
    return `otpauth://totp/${label}?${[...query, `algorithm=${a.algorithm}`, `digits=${a.digits}`, `period=${a.period}`].join('&')}`;
  if (a.kind === 'hotp')
    return `otpauth://hotp/${label}?${[...query, `algorithm=${a.algorithm}`, `digits=${a.digits}`, `counter=${a.counter}`].join('&')}`;
  throw new Error(`unknown account type ${a.kind}`);
}

/** Decrypts the backup text; returns the plaintext object. Throws Error with a readable message. */
export function decryptBackup(text, password) {
  let f;
  try {
    f = JSON.parse(text);
  } catch {
    throw new Error('not a Twofold backup (not JSON; was it cut short?)');
  }
  if (f?.format !== 'twofold-backup') throw new Error('not a Twofold backup');
  if (f.version !== 1) throw new Error(`backup format ${f.version} is not supported by this tool (it reads format 1)`);
  const { N, r, p, salt } = f.kdf ?? {};
  if (f.kdf?.name !== 'scrypt' || !(N >= 2 ** 14 && N <= 2 ** 20) || !(r >= 1 && r <= 16) || !(p >= 1 && p <= 4))
    throw new Error('damaged backup: bad key-derivation parameters');
  if (f.cipher?.name !== 'AES-256-GCM') throw new Error('damaged backup: unknown cipher');
  const aad = `twofold-backup;v=${f.version};created=${f.created};accounts=${f.accounts};kdf=scrypt;N=${N};r=${r};p=${p};salt=${salt};nonce=${f.cipher.nonce}`;
  const key = scryptSync(Buffer.from(password.normalize('NFC'), 'utf8'), Buffer.from(salt, 'base64'), 32, {
    N,
    r,
    p,
    maxmem: 2 ** 31,
  });
  const sealed = Buffer.from(f.data, 'base64');
  if (sealed.length < 16) throw new Error('damaged backup: the encrypted data is cut short');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(f.cipher.nonce, 'base64'));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  let plain;
  try {
    plain = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
  } catch {
    throw new Error('wrong password, or the file was changed');
  }
  return JSON.parse(plain.toString('utf8'));
}

async function askPassword() {
  if (process.env.TWOFOLD_PASSWORD !== undefined) return process.env.TWOFOLD_PASSWORD;
  if (!process.stdin.isTTY)
    return (await new Promise((resolve) => createInterface({ input: process.stdin }).once('line', resolve))) ?? '';
  process.stderr.write('Backup password: ');
  process.stdin.setRawMode(true);
  return new Promise((resolve) => {
    let typed = '';
    process.stdin.on('data', (chunk) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          process.stdin.setRawMode(false);
          process.stdin.pause();
          process.stderr.write('\n');
          resolve(typed);
          return;
        }
        if (ch === '\u0003') process.exit(130);
        typed = ch === '\u007f' ? typed.slice(0, -1) : typed + ch;
      }
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) fail('usage: node twofold-decrypt.mjs BACKUP.twofold.json [--json]');
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot read ${file}: ${e.message}`);
  }
  try {
    const plain = decryptBackup(text, await askPassword());
    if (args.includes('--json')) process.stdout.write(`${JSON.stringify(plain, null, 2)}\n`);
    else for (const a of plain.accounts) process.stdout.write(`${otpauthUri(a)}\n`);
  } catch (e) {
    fail(e.message);
  }
}
