// Opens a generated opsbook site from file:// in headless Chromium, searches it and takes screenshots.
// Usage: node site-check.mjs SITE_DIR OUT_DIR [QUERY] [EXPECTED_TITLE] [RUNBOOK_PAGE]
// Exit 0 when every check passes; prints one line per check and a final JSON summary.
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [siteArg, outArg, query = 'restore', expected = '', runbookPage = ''] = process.argv.slice(2);
if (!siteArg || !outArg) {
  console.error('usage: node site-check.mjs SITE_DIR OUT_DIR [QUERY] [EXPECTED_TITLE] [RUNBOOK_PAGE]');
  process.exit(2);
}
const site = resolve(siteArg);
const out = resolve(outArg);
mkdirSync(out, { recursive: true });
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`chromium not found at ${executablePath} (set CHROMIUM_PATH)`);
  process.exit(3);
}
const url = p => pathToFileURL(resolve(site, p)).href;
const failures = [];
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
const summary = {};
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
  const external = [];
  await context.route('**/*', route => {
    const u = route.request().url();
    if (u.startsWith('file:') || u.startsWith('data:')) return route.continue();
    external.push(u);
    return route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });

  await page.goto(url('index.html'));
  check(await page.locator('h1').first().isVisible(), 'home page renders');
  await page.screenshot({ path: `${out}/home.png`, fullPage: false });

  // Type into the header search box: the form submits to search.html?q=...
  await page.fill('#site-search', query);
  await page.press('#site-search', 'Enter');
  await page.waitForSelector('#results li.hit', { timeout: 15000 });
  const typedTitles = await page.locator('#results .r-title').allTextContents();
  check(typedTitles.length > 0 && (!expected || typedTitles.includes(expected)),
    `typing "${query}" in the search box finds ${expected || 'results'} (${typedTitles.length} results)`);

  // Type in the search page's own box (live results, no reload).
  await page.fill('#q', '');
  await page.type('#q', query, { delay: 20 });
  await page.waitForFunction(q => document.getElementById('search-status').textContent.includes(q), query, { timeout: 15000 });
  const liveTitles = await page.locator('#results .r-title').allTextContents();
  check(!expected || liveTitles.includes(expected), `live search for "${query}" lists ${expected || 'results'}`);

  // Open search.html?q=TERM directly, as chat links do.
  await page.goto(url('search.html') + '?q=' + encodeURIComponent(query));
  await page.waitForSelector('#results li.hit', { timeout: 15000 });
  await page.waitForFunction(() => [...document.querySelectorAll('#results .r-snippet')].slice(0, 1).every(s => s.textContent !== '…'), null, { timeout: 15000 });
  const direct = await page.locator('#results .r-title').allTextContents();
  check(!expected || direct.includes(expected), `search.html?q=${query} shows ${expected || 'results'} on load`);
  const snippet = await page.locator('#results .r-snippet').first().innerHTML();
  check(snippet.includes('<mark>'), 'the first result has a highlighted snippet');
  summary.queryMs = await page.evaluate(() => window.opsbookSearch.lastQueryMs);
  summary.indexLoadMs = await page.evaluate(() => window.opsbookSearch.loadMs);
  await page.screenshot({ path: `${out}/search.png`, fullPage: false });

  const firstHref = runbookPage || await page.locator('#results .r-title').first().getAttribute('href');
  await page.goto(url(firstHref));
  check(await page.locator('.step').count() > 0 || await page.locator('.findings').count() > 0, `runbook page ${firstHref} shows step cards or findings`);
  await page.screenshot({ path: `${out}/runbook.png`, fullPage: false });
  await page.screenshot({ path: `${out}/runbook-full.png`, fullPage: true });

  await page.goto(url('graph.html'));
  check(await page.locator('svg.depgraph .node').count() > 0, 'dependency graph has nodes');
  await page.screenshot({ path: `${out}/graph.png`, fullPage: false });
  for (const p of ['owners.html', 'data.html', 'scorecard.html']) {
    await page.goto(url(p));
    await page.screenshot({ path: `${out}/${p.replace('.html', '.png')}`, fullPage: false });
  }
  // readiness: "not proven yet" (a first backup or drill to come) is told apart from faults, with its next action
  await page.goto(url('scorecard.html'));
  const scores = await page.locator('section.score').evaluateAll(sections => sections.map(s => ({
    status: s.querySelector('header .status')?.className.replace('status', '').trim(),
    faults: s.querySelectorAll('.finding.error, .finding.warning').length,
    next: s.querySelectorAll('.finding.next .next-action').length,
  })));
  check(scores.length > 0 && scores.every(s => ['ready', 'next', 'attention', 'not-ready'].includes(s.status)),
    `scorecard: every runbook has a readiness status (${scores.map(s => s.status).join(', ')})`);
  check(scores.filter(s => s.status === 'next').every(s => s.faults === 0 && s.next > 0),
    'scorecard: "Not proven yet" runbooks have no fault and say their next action');
  check(scores.filter(s => s.status === 'attention' || s.status === 'not-ready').every(s => s.faults > 0),
    'scorecard: only runbooks with a fault need attention or are not ready');
  summary.readiness = scores.map(s => s.status);
  await page.screenshot({ path: `${out}/scorecard-full.png`, fullPage: true });
  await page.goto(url('index.html'));
  check(await page.locator('.stat.next').count() === 1, 'home page counts runbooks not proven yet apart from those needing attention');
  const dark = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'dark' });
  const darkPage = await dark.newPage();
  await darkPage.goto(url(firstHref));
  await darkPage.screenshot({ path: `${out}/runbook-dark.png`, fullPage: false });
  const mobile = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const mobilePage = await mobile.newPage();
  await mobilePage.goto(url('index.html'));
  await mobilePage.screenshot({ path: `${out}/home-mobile.png`, fullPage: false });
  await mobilePage.goto(url(firstHref));
  const overflow = await mobilePage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflow <= 0, `runbook page fits a 390 px phone without sideways scrolling (overflow ${overflow}px)`);
  await mobilePage.screenshot({ path: `${out}/runbook-mobile.png`, fullPage: true });

  check(external.length === 0, `no network requests (${external.join(', ') || 'none'})`);
  check(errors.length === 0, `no script errors (${errors.join(' | ') || 'none'})`);
} catch (e) {
  failures.push(String(e && e.stack || e));
  console.log('FAIL ' + e);
} finally {
  await browser.close();
}
console.log(JSON.stringify({ ok: failures.length === 0, failures, ...summary }));
process.exit(failures.length === 0 ? 0 : 1);
