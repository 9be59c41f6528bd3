import { readFileSync } from 'node:fs';
import { importFile } from './lib/import/registry';
import { nodeSqliteLoader } from './scripts/node-sqlite-loader';
const [f, pw] = process.argv.slice(2);
const r = await importFile(f.split('/').pop()!, new Uint8Array(readFileSync(f)), { password: pw, sqlite: nodeSqliteLoader });
for (const e of r.entries) { const p: any = e.params; console.log(p.kind, JSON.stringify(p.issuer), JSON.stringify(p.account), p.algorithm, p.digits, p.period ?? p.counter, Buffer.from(p.secret).toString('hex').slice(0,12)); }
for (const p of r.problems) console.log('PROBLEM', JSON.stringify(p.label), JSON.stringify(p.message).slice(0,200));
for (const n of r.notices ?? []) console.log('NOTICE', JSON.stringify(n).slice(0,200));
