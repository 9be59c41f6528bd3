import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../tests/e2e/browser';

/**
 * A busy single-page app for 3 s: every animation frame it replaces a 200-row list (text, links,
 * buttons; no inputs), and every 500 ms it adds and removes a small form with inputs. Reports the
 * time the content script's watcher and detector spent, per second of page time.
 */
export async function benchMutations(): Promise<{
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
    await page.setContent('<main id="app"><h1>Dashboard</h1><ul id="feed"></ul><div id="forms"></div></main>');
    await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });
    const seconds = 3;
    const result = await page.evaluate(async (s) => {
      const feed = document.getElementById('feed') as HTMLElement;
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
        if (tick % 30 === 0) {
          forms.innerHTML = tick % 60 === 0 ? '<form><label>Search <input type="search" name="q"></label></form>' : '';
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
    }, seconds);
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
