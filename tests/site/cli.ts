// Run the test site by hand:  npx tsx tests/site/cli.ts [--port 5173] [--cross-port 5174]
// Without --port a free port is picked. Stops on Ctrl-C.
import { parseArgs } from 'node:util';
import { DEFAULT_USER, startSite, VARIANTS } from './server';

const { values } = parseArgs({
  options: { port: { type: 'string' }, 'cross-port': { type: 'string' } },
});

const port = values.port === undefined ? 0 : Number(values.port);
// A fixed main port gets the next port for the frame host, so URLs are stable.
const crossPort = values['cross-port'] !== undefined ? Number(values['cross-port']) : port ? port + 1 : 0;
if (!Number.isInteger(port) || !Number.isInteger(crossPort)) {
  console.error('usage: tsx tests/site/cli.ts [--port N] [--cross-port N]');
  process.exit(2);
}

const site = await startSite({ port, crossPort });
console.log(`Twofold test site:   ${site.origin}/`);
console.log(`Cross-origin frames: ${site.crossOrigin}/`);
console.log(`Enrolment:           ${site.origin}/signup`);
console.log('Second-factor pages (sign in first):');
for (const v of VARIANTS) console.log(`  ${v.padEnd(13)} ${site.origin}/login?variant=${v}`);
// The demo secret is a published test fixture (also shown on the index page).
console.log(`Demo account: ${DEFAULT_USER.username} / ${DEFAULT_USER.password}, TOTP secret ${DEFAULT_USER.secret}`);
console.log('Ctrl-C to stop.');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void site.close().then(() => process.exit(0));
  });
}
