/*
 * `npm start`: builds the extension, starts the local test site on fixed ports and opens Chromium with
 * Twofold loaded, on the site's index page and the extension's popup, so a newcomer can try it at once.
 * Headful when a display is available ($DISPLAY), headless otherwise (then it only prints the URLs).
 */
import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROME_BUILD, chromiumArgs, chromiumPath } from '../tests/e2e/browser';
import { DEFAULT_USER, startSite } from '../tests/site/server';

execSync('npx wxt build', { stdio: 'inherit' });
const port = Number(process.env.PORT ?? 5173);
const site = await startSite({ port, crossPort: port + 1 });
const profile = '.output/start-profile';
mkdirSync(profile, { recursive: true });
const headless = !process.env.DISPLAY;
const context = await chromium.launchPersistentContext(profile, {
  executablePath: chromiumPath(),
  headless,
  viewport: null,
  args: chromiumArgs(CHROME_BUILD),
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const extensionId = new URL(worker.url()).host;
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(site.origin);
await (await context.newPage()).goto(`chrome-extension://${extensionId}/popup.html`);

console.log(`
Twofold is running${headless ? ' (headless: no $DISPLAY)' : ''}.
  Test site:  ${site.origin}   (user ${DEFAULT_USER.username} / password "${DEFAULT_USER.password}")
  Popup page: chrome-extension://${extensionId}/popup.html
  Profile:    ${profile}
Press Ctrl-C to stop.`);

const stop = async () => {
  await context.close().catch(() => {});
  await site.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
context.on('close', stop);
