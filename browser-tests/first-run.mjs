// The first run from the dashboard, as a new team does it right after `opsbook serve`: the admin created at first
// start signs in, finds no "Run…" on a sample runbook (admin is not among its runners) but a dry run and the reason,
// adds themselves to the group on the People page, and runs the sample's procedure — with a dry run first, whose
// form keeps the choices. Screenshots go to OUT_DIR.
// Usage: node first-run.mjs BASE_URL OUT_DIR ADMIN PASSWORD RUNBOOK_ID PROCEDURE GROUP PARAM=VALUE
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const [base, outArg, admin, password, runbook, procedure, group, param] = process.argv.slice(2);
if (!base || !outArg || !admin || !password || !runbook || !procedure || !group || !param) {
  console.error('usage: node first-run.mjs BASE_URL OUT_DIR ADMIN PASSWORD RUNBOOK_ID PROCEDURE GROUP PARAM=VALUE');
  process.exit(2);
}
const [paramName, paramValue] = [param.slice(0, param.indexOf('=')), param.slice(param.indexOf('=') + 1)];
const out = resolve(outArg);
mkdirSync(out, { recursive: true });
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`chromium not found at ${executablePath} (set CHROMIUM_PATH)`);
  process.exit(3);
}
const failures = [];
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };
const shot = (page, name, fullPage = true) => page.screenshot({ path: resolve(out, name), fullPage });
const summary = {};
const started = Date.now();

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', e => check(false, `no script error: ${e.message}`));
  await page.goto(base + '/');
  await page.fill('input[name=username]', admin);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  check(!page.url().includes('/sign-in'), `the first-start admin signs in (${page.url()})`);

  // not a runner yet: no Run… button, a dry run and the reason instead
  await page.goto(`${base}/runbooks/${runbook}.html`);
  check(!(await page.isVisible('a.run-button:not(.secondary)')), 'the runbook page offers no "Run…" to someone who may not run it');
  check(await page.isVisible('a.run-button.secondary'), 'it offers a dry run instead');
  check((await page.textContent('.run-refused')).includes('You may not run this runbook'), 'and says they may not run it');
  await shot(page, 'first-run-not-a-runner.png', false);
  await Promise.all([page.waitForNavigation(), page.click('.run-refused a')]);
  const why = await page.textContent('.not-allowed');
  check(why.includes(`not among the runners of ${runbook}`) && why.includes(`@${group}`) && why.includes('People'),
    `the form names the policy and where to change it: ${why.trim().replace(/\s+/g, ' ')}`);
  check(!(await page.isVisible('button[value=start]')), 'the form offers no "Start run"');
  await shot(page, 'first-run-why.png');

  // the admin adds themselves to the group on the People page
  await Promise.all([page.waitForNavigation(), page.click('.not-allowed a[href="/people"]')]);
  const row = page.locator(`tr[data-person="${admin}"]`);
  await row.locator('input[type=text][name=group]').fill(group);
  await Promise.all([page.waitForNavigation(), row.locator('form[action$="/groups"] button').click()]);
  check((await page.textContent('.flash')).includes(`Added ${admin} to ${group}`), 'the People page adds the admin to the group');
  check((await row.textContent()).includes(`@${group}`), `the admin's row shows @${group}`);
  await shot(page, 'first-run-people.png');

  // now Run… is offered; a dry run first keeps the choices
  await page.goto(`${base}/runbooks/${runbook}.html`);
  check(await page.isVisible('a.run-button:not(.secondary)'), 'the runbook page now offers "Run…"');
  await shot(page, 'first-run-a-runner.png', false);
  await Promise.all([page.waitForNavigation(), page.click('a.run-button:not(.secondary)')]);
  await page.check(`input[name=procedure][value="${procedure}"]`);
  await page.fill(`input[name="param.${paramName}"]`, paramValue);
  await Promise.all([page.waitForNavigation(), page.click('button[value=dry-run]')]);
  check((await page.textContent('.flash')).includes('Nothing ran'), 'the dry run shows the plan and runs nothing');
  check(await page.isChecked(`input[name=procedure][value="${procedure}"]`), 'the dry-run form keeps the chosen procedure');
  check((await page.inputValue(`input[name="param.${paramName}"]`)) === paramValue, 'and the typed parameter');
  await shot(page, 'first-run-dry-run.png');

  await Promise.all([page.waitForNavigation(), page.click('button[value=start]')]);
  const runId = (page.url().match(/\/runs\/(r-[0-9a-f]{10})$/) || [])[1];
  check(!!runId, `starting the run opens its page (${page.url()})`);
  summary.run = runId;
  await page.locator('#run-state', { hasText: 'succeeded' }).waitFor({ timeout: 60000 });
  summary.secondsFromSignInToSucceededRun = Math.round((Date.now() - started) / 100) / 10;
  await shot(page, 'first-run-succeeded.png');
  await context.close();
} catch (e) {
  check(false, `browser run: ${e.stack || e}`);
} finally {
  await browser.close();
}
summary.ok = failures.length === 0;
summary.failures = failures;
console.log(JSON.stringify(summary));
process.exit(failures.length === 0 ? 0 : 1);
