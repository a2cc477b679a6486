// Opens a site built from existing (non-opsbook) Markdown and checks that search finds its documents
// and that long titles and paths wrap on a phone. Screenshots go to OUT_DIR.
// Usage: node adoption-check.mjs SITE_DIR OUT_DIR LONG_PAGE QUERY=TITLE...
// Exit 0 when every check passes; prints one line per check and a final JSON summary.
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [siteArg, outArg, longPage, ...pairs] = process.argv.slice(2);
if (!siteArg || !outArg || !longPage || pairs.length === 0) {
  console.error('usage: node adoption-check.mjs SITE_DIR OUT_DIR LONG_PAGE QUERY=TITLE...');
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
  check(await page.locator('section.documents').isVisible(), 'the home page lists the documents by folder');
  await page.screenshot({ path: `${out}/adopted-home.png`, fullPage: true });

  let first = true;
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const query = pair.slice(0, eq);
    const title = pair.slice(eq + 1);
    if (first) {
      await page.fill('#site-search', query);
      await page.press('#site-search', 'Enter');
    } else {
      await page.goto(url('search.html') + '?q=' + encodeURIComponent(query));
    }
    await page.waitForSelector('#results li.hit', { timeout: 15000 });
    const titles = await page.locator('#results .r-title').allTextContents();
    check(titles.includes(title), `searching "${query}" finds "${title}" (${titles.length} results: ${titles.join(' | ')})`);
    if (first) {
      await page.waitForFunction(() => [...document.querySelectorAll('#results .r-snippet')].slice(0, 1).every(s => s.textContent !== '…'), null, { timeout: 15000 });
      await page.screenshot({ path: `${out}/adopted-search.png`, fullPage: false });
      const href = await page.locator('#results .r-title', { hasText: title }).first().getAttribute('href');
      await page.goto(url(href));
      check(await page.locator('.md').count() === 1 && (await page.locator('.md').innerText()).length > 40, `${href} shows the document's body`);
      await page.screenshot({ path: `${out}/adopted-page.png`, fullPage: true });
    }
    first = false;
  }

  const mobile = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  const phone = await mobile.newPage();
  for (const p of [longPage, 'index.html', 'search.html?q=' + encodeURIComponent(pairs[0].split('=')[0])]) {
    await phone.goto(url(p.split('?')[0]) + (p.includes('?') ? '?' + p.split('?')[1] : ''));
    if (p.startsWith('search')) await phone.waitForSelector('#results li.hit', { timeout: 15000 });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    check(overflow <= 0, `${p} fits a 390 px phone without sideways scrolling (overflow ${overflow}px)`);
  }
  await phone.goto(url(longPage));
  const h1 = await phone.locator('h1').first().boundingBox();
  check(h1 && h1.width <= 390, `the long title wraps inside the screen (width ${h1 && Math.round(h1.width)}px)`);
  await phone.screenshot({ path: `${out}/adopted-long-title-mobile.png`, fullPage: false });

  check(external.length === 0, `no network requests (${external.join(', ') || 'none'})`);
  check(errors.length === 0, `no script errors (${errors.join(' | ') || 'none'})`);
} catch (e) {
  failures.push(String(e && e.stack || e));
  console.log('FAIL ' + e);
} finally {
  await browser.close();
}
console.log(JSON.stringify({ ok: failures.length === 0, failures }));
process.exit(failures.length === 0 ? 0 : 1);
