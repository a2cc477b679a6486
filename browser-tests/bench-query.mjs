// Query times of a generated site's search in headless Chromium (file://). Usage: node bench-query.mjs SITE_DIR
import { chromium } from 'playwright-core';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const site = resolve(process.argv[2] || '.');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  const t0 = Date.now();
  await page.goto(pathToFileURL(resolve(site, 'search.html')).href);
  await page.waitForFunction(() => window.opsbookSearch && window.opsbookSearch.ready, null, { timeout: 120000 });
  const pageReadyMs = Date.now() - t0;
  const info = await page.evaluate(() => ({ docs: window.opsbookSearch.docs, loadMs: window.opsbookSearch.loadMs }));
  console.log(`search page ready in ${pageReadyMs} ms (index load/parse ${info.loadMs.toFixed(0)} ms) for ${info.docs} runbooks`);
  const queries = ['svc-4242', 'promote-replica', 'team-17', 'kalomer', 'zaprovin dulse', 'restore', 'backup database replica'];
  for (const q of queries) {
    const r = await page.evaluate(q => {
      const times = []; let hits = 0;
      for (let i = 0; i < 7; i++) { const t = performance.now(); hits = window.opsbookSearch.query(q).length; times.push(performance.now() - t); }
      times.sort((a, b) => a - b);
      const t = performance.now(); window.opsbookSearch.render(q); const render = performance.now() - t;
      return { hits, median: times[3], max: times[6], render };
    }, q);
    console.log(`query ${JSON.stringify(q).padEnd(28)} ${String(r.hits).padStart(6)} hits  median ${r.median.toFixed(1)} ms  max ${r.max.toFixed(1)} ms  query+render ${r.render.toFixed(1)} ms`);
  }
} finally {
  await browser.close();
}
