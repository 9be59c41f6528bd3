import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../tests/e2e/browser';

/**
 * A busy single-page app for 3 s: every animation frame it replaces a 200-row list (text, links,
 * buttons; no inputs), and every 500 ms it adds and removes a small form with inputs. Reports the
 * time the content script's watcher and detector spent, per second of page time.
 *
 * With `attributes` (the watcher also follows attribute changes, since pages show a hidden code
 * field by changing a class or an attribute; docs/performance.md), the same page
 * also restyles itself every frame the way dashboards do: a class toggled on 40 of 300 static rows,
 * a progress bar's inline style, a tooltip's aria-hidden, and every fifth frame a class on the app's
 * root, an ancestor of its (visible) search field and of a settings pane hidden with a code field in
 * it that is never shown. No field is ever shown, so every re-scan or check it causes is pure cost.
 */
export async function benchMutations({ attributes = false }: { attributes?: boolean } = {}): Promise<{
  seconds: number;
  observerMsPerS: number;
  scans: number;
  scanMsPerS: number;
  mutationsPerS: number;
}> {
  const bundle = await build({
    entryPoints: ['bench/mutation-entry.ts'],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
  });
  const args = ['--disable-background-networking', '--disable-component-update', '--no-first-run'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args });
  try {
    const page = await browser.newPage();
    await page.setContent(
      attributes
        ? `<main id="app"><h1>Dashboard</h1><label>Search <input type="search" name="q"></label>
<ul id="rows">${'<li>Static row <span>0</span></li>'.repeat(300)}</ul><div id="bar" style="width: 0"></div>
<div id="tip" aria-hidden="true">Tip</div><section id="settings" hidden><h2>Two-factor authentication</h2>
<label>Enter the 6-digit code from your authenticator app <input name="code" autocomplete="one-time-code"></label></section>
<ul id="feed"></ul><div id="forms"></div></main>`
        : '<main id="app"><h1>Dashboard</h1><ul id="feed"></ul><div id="forms"></div></main>',
    );
    await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });
    const seconds = 3;
    const result = await page.evaluate(
      async ({ s, attributes }) => {
        const feed = document.getElementById('feed') as HTMLElement;
        const app = document.getElementById('app') as HTMLElement;
        const staticRows = [...document.querySelectorAll('#rows > li')];
        const forms = document.getElementById('forms') as HTMLElement;
        let mutations = 0;
        const end = performance.now() + s * 1000;
        let tick = 0;
        while (performance.now() < end) {
          await new Promise((r) => requestAnimationFrame(r));
          const rows = Array.from({ length: 200 }, (_, i) => {
            const li = document.createElement('li');
            li.innerHTML = `<a href="#${i}">Item ${tick}-${i}</a> <span>${Math.random().toFixed(4)}</span> <button>Like</button>`;
            return li;
          });
          feed.replaceChildren(...rows);
          mutations += 400;
          if (attributes) {
            for (let i = 0; i < 40; i++) staticRows[(tick * 40 + i * 7) % staticRows.length]?.classList.toggle('hot');
            document.getElementById('bar')?.style.setProperty('width', `${tick % 100}%`);
            document.getElementById('tip')?.setAttribute('aria-hidden', String(tick % 2 === 0));
            mutations += 42;
            if (tick % 5 === 0) {
              app.classList.toggle('scrolled');
              mutations++;
            }
          }
          if (tick % 30 === 0) {
            forms.innerHTML =
              tick % 60 === 0 ? '<form><label>Search <input type="search" name="q"></label></form>' : '';
            mutations++;
          }
          tick++;
        }
        await new Promise((r) => setTimeout(r, 400));
        return {
          stats: (
            globalThis as unknown as { mutationStats: () => { observerMs: number; scans: number; scanMs: number } }
          ).mutationStats(),
          mutations,
        };
      },
      { s: seconds, attributes },
    );
    return {
      seconds,
      observerMsPerS: result.stats.observerMs / seconds,
      scans: result.stats.scans,
      scanMsPerS: result.stats.scanMs / seconds,
      mutationsPerS: result.mutations / seconds,
    };
  } finally {
    await browser.close();
  }
}
