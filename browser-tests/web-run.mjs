// Drives a running opsbook server in headless Chromium: sign-in redirect, a run started from the runbook page by
// user A, its live output, no Approve for a non-approver (and a vote sent anyway refused), the approval by user B in a second browser
// context, and the run finishing on A's page without a reload. Screenshots go to OUT_DIR.
// Usage: node web-run.mjs BASE_URL OUT_DIR RUNBOOK_ID USER_A USER_B NON_APPROVER   (password of X is "X-password")
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const [base, outArg, runbook, userA, userB, other] = process.argv.slice(2);
if (!base || !outArg || !runbook || !userA || !userB || !other) {
  console.error('usage: node web-run.mjs BASE_URL OUT_DIR RUNBOOK_ID USER_A USER_B NON_APPROVER');
  process.exit(2);
}
const out = resolve(outArg);
mkdirSync(out, { recursive: true });
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`chromium not found at ${executablePath} (set CHROMIUM_PATH)`);
  process.exit(3);
}
const failures = [];
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };
const shot = (page, name) => page.screenshot({ path: resolve(out, name), fullPage: true });
const summary = {};

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});

async function signedIn(user) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', e => check(false, `no script error (${user}): ${e.message}`));
  await page.goto(base + '/');
  check(page.url().endsWith('/sign-in'), `${user}: an anonymous visit of / is sent to the sign-in page (${page.url()})`);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', `${user}-password`);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  check(!page.url().includes('/sign-in'), `${user}: signed in (${page.url()})`);
  return { context, page };
}

try {
  // the sign-in page itself, before anyone signs in
  const anon = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const signInPage = await anon.newPage();
  await signInPage.goto(base + '/runs');
  check(signInPage.url().endsWith('/sign-in'), 'an anonymous visit of /runs is sent to the sign-in page');
  await shot(signInPage, 'web-sign-in.png');
  await anon.close();

  const a = await signedIn(userA);
  check(await a.page.isVisible('a.brand') && (await a.page.title()).includes('opsbook'),
    `after signing in, A lands on the living site (${a.page.url()})`);
  await shot(a.page, 'web-home.png');
  await a.page.goto(`${base}/runbooks/${runbook}.html`);
  await Promise.all([a.page.waitForNavigation(), a.page.click('a.run-button')]);
  check(a.page.url().endsWith(`/runbooks/${runbook}/run`), `the runbook page's Run button opens the start form (${a.page.url()})`);
  await a.page.fill('input[name="param.label"]', 'browser-run');
  await shot(a.page, 'web-start.png');
  await Promise.all([a.page.waitForNavigation(), a.page.click('button[type=submit]')]);
  const runUrl = a.page.url();
  const runId = (runUrl.match(/\/runs\/(r-[0-9a-f]{10})$/) || [])[1];
  check(!!runId, `starting the run opens its page (${runUrl})`);
  summary.run = runId;

  // live output: lines arrive one by one while the step runs
  const firstStep = a.page.locator('[data-step="copy-data"] .log');
  await firstStep.filter({ hasText: 'copying chunk 1 of 6' }).waitFor({ timeout: 20000 });
  const early = await firstStep.textContent();
  summary.linesWhenFirstSeen = early.trim().split('\n').length;
  check(!early.includes('chunk 6 of 6'), `output arrived live, before the step finished (${summary.linesWhenFirstSeen} line(s) at first sight)`);
  await shot(a.page, 'web-run-live.png');
  await firstStep.filter({ hasText: 'copying chunk 6 of 6 for browser-run' }).waitFor({ timeout: 20000 });
  await a.page.locator('#approval:not([hidden])').waitFor({ timeout: 20000 });
  check((await a.page.textContent('#run-state')).includes('awaiting approval'), 'the run waits for approval');
  await shot(a.page, 'web-run-awaiting.png');

  // a non-approver is told why their vote does not count
  const c = await signedIn(other);
  await c.page.goto(runUrl);
  check(!(await c.page.isVisible('form[action$="/approve"]')) && (await c.page.isVisible('.not-an-approver')),
    'a non-approver is not offered Approve, and the page says why');
  await shot(c.page, 'web-not-an-approver.png');
  // a vote sent anyway (a stale page, a crafted request) is refused with the reason, and audited
  await Promise.all([c.page.waitForNavigation(),
    c.page.evaluate(() => document.querySelector('form[action$="/approve"]').submit())]);
  const refusal = await c.page.textContent('.flash');
  check(/does not count/.test(refusal) && refusal.includes(other), `a non-approver's approval is refused clearly: ${refusal.trim()}`);
  await shot(c.page, 'web-refused.png');

  // B approves in a second browser context
  const b = await signedIn(userB);
  await b.page.goto(runUrl);
  await Promise.all([b.page.waitForNavigation(), b.page.click('form[action$="/approve"] button')]);
  const counted = await b.page.textContent('.flash');
  check(/counted/.test(counted), `the approver's approval counts: ${counted.trim()}`);

  // A's page, never reloaded, shows the run finish
  await a.page.locator('#run-state', { hasText: 'succeeded' }).waitFor({ timeout: 30000 });
  await a.page.locator('[data-step="restore-data"] .log', { hasText: 'restored copy browser-run' }).waitFor({ timeout: 10000 });
  check((await a.page.textContent('#live')).includes('finished'), 'the page says the run finished');
  check(!(await a.page.isVisible('form[action$="/approve"]')), 'approve is no longer offered');
  check(await a.page.isVisible('form[action$="/rollback"]'), 'roll back is offered for the finished run');
  check((await a.page.textContent('[data-step="remove-copy"] .step-state')).includes('not needed'),
    'the standby rollback step says it was not needed');
  await shot(a.page, 'web-run-finished.png');

  // a form post without the CSRF token is refused
  const status = await a.page.evaluate(async url => (await fetch(url, { method: 'POST' })).status, `${runUrl}/rollback`);
  check(status === 403, `a POST without the CSRF token is refused (${status})`);

  await a.context.close();
  await b.context.close();
  await c.context.close();
} catch (e) {
  check(false, `browser run: ${e.stack || e}`);
} finally {
  await browser.close();
}
summary.ok = failures.length === 0;
summary.failures = failures;
console.log(JSON.stringify(summary));
process.exit(failures.length === 0 ? 0 : 1);
