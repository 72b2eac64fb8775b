// The dashboard end to end: the real `klaxon serve` (KLAXON_BINARY) on a
// free port with a fresh data directory and simulated time, and Debian's
// chromium driven through playwright-core (installed by `npm ci` from this
// folder's lock file; CHROMIUM overrides /usr/bin/chromium). A person logs
// in, sees a new incident appear without reloading, acknowledges it, posts
// an update, runs a remediation step and resolves it, all from the keyboard
// and buttons; the JSON API must then say the same. A viewer's change is
// refused with the API's 403 shown; an alert with hostile labels is shown as
// text and runs nothing; a lead publishes an incident to the status page
// from the pre-filled form, and the public JSON shows it. Screenshots go to KLAXON_UI_ARTIFACTS.
// Every wait polls for a condition with a deadline; nothing sleeps.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(path.join(process.env.KLAXON_UI_DEPS || process.cwd(), 'package.json'));
const { chromium } = require('playwright-core');

const BINARY = process.env.KLAXON_BINARY;
const ARTIFACTS = process.env.KLAXON_UI_ARTIFACTS || path.join(os.tmpdir(), 'klaxon-ui-artifacts');
const TOKENS = { admin: 'ui-admin-token-0123456789', alice: 'ui-alice-token-0123456789',
  viewer: 'ui-viewer-token-0123456789' };
const GENERIC_KEY = 'ui-generic-key-0123456789';

const CONFIG = `
severities:
  - {id: SEV1, name: Critical, definition: "Complete outage", response_time: 15m, update_every: 15m}
  - {id: SEV2, name: Major, definition: "Major feature broken", response_time: 1h}
  - {id: SEV3, name: Minor, definition: "Minor feature broken", response_time: 4h}
services:
  - {id: api, name: API}
incidents:
  group_by: [service]
runbooks:
  - id: RB-001
    title: API Health Check Failing
    severity: SEV1
    service: api
    match: ['alertname="ApiDown"']
    investigation:
      - title: Check recent deployments
        auto: true
        exec: [echo, "no deploy in the last 30 minutes"]
    actions:
      - name: Restart API
        exec: [echo, "api restarted"]
    communication:
      status_page:
        investigating:
          title: Investigating API errors
          body: Some requests to the API fail. We are looking into it.
        identified:
          title: Identified - API errors
          body: We found the cause of the API errors and are fixing it.
  - id: RB-003
    title: Disk filling up
    severity: SEV3
    match: ['alertname="DiskFull"']
people:
  - {id: alice, name: Alice Example, role: engineer}
  - {id: bob, name: Bob Example, role: oncall}
schedules:
  - id: primary
    name: Primary on-call
    time_zone: UTC
    layers:
      - {name: weekly, participants: [alice, bob], shift: weekly, handoff: "09:00", start: 2025-01-06}
status_page:
  id: example
  title: Example Status
  components:
    - {id: api, name: API, group: Core, services: [api], runbooks: [RB-001]}
    - {id: web, name: Web app, group: Core}
integrations:
  - {id: scripts, type: generic, key: "\${UI_GENERIC_KEY}"}
api_tokens:
  - {name: admin, token: "\${UI_ADMIN_TOKEN}", role: admin}
  - {name: alice, token: "\${UI_ALICE_TOKEN}", role: engineer, person: alice}
  - {name: watcher, token: "\${UI_VIEWER_TOKEN}", role: viewer}
`;

let dir, server, base, context, page;

async function until(what, fn, ms = 20000) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, 50));  // a poll interval, not a wait for an outcome
  }
}

async function call(method, p, body, token = TOKENS.admin) {
  const res = await fetch(base + p, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function fire(alert) {
  const r = await call('POST', '/api/v1/alerts', alert, GENERIC_KEY);
  assert.ok(r.status >= 200 && r.status < 300, JSON.stringify(r));
}

async function shot(name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

function startServer() {
  return new Promise((resolve, reject) => {
    fs.writeFileSync(path.join(dir, 'klaxon.yaml'), CONFIG);
    server = spawn(BINARY, ['serve', '--config', path.join(dir, 'klaxon.yaml'), '--data', path.join(dir, 'data'),
      '--listen', '127.0.0.1:0', '--simulated-time'], {
      env: { ...process.env, UI_GENERIC_KEY: GENERIC_KEY, UI_ADMIN_TOKEN: TOKENS.admin,
        UI_ALICE_TOKEN: TOKENS.alice, UI_VIEWER_TOKEN: TOKENS.viewer },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const onData = (chunk) => {
      log += chunk;
      fs.appendFileSync(path.join(ARTIFACTS, 'klaxon.log'), chunk);
      const m = log.match(/klaxon serving on (http:\/\/[0-9.]+:\d+)/);
      if (m && !base) { base = m[1]; resolve(); }
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code) => { if (!base) reject(new Error(`klaxon exited ${code}: ${log}`)); });
  });
}

before(async () => {
  assert.ok(BINARY, 'KLAXON_BINARY must name the klaxon binary');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.rmSync(path.join(ARTIFACTS, 'klaxon.log'), { force: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klaxon-ui-'));
  await startServer();
  context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => fs.appendFileSync(path.join(ARTIFACTS, 'console.log'), `pageerror: ${e}\n`));
  page.on('console', (m) => fs.appendFileSync(path.join(ARTIFACTS, 'console.log'), `${m.type()}: ${m.text()}\n`));
});

after(async () => {
  if (context) await context.close();
  if (server) {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r() : server.on('exit', r)));
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function login(token) {
  await page.goto(`${base}/ui`);
  await page.getByLabel('API token').fill(token);
  await page.getByLabel('API token').press('Enter');
}

test('an engineer responds to an incident from the dashboard, and the API agrees', async () => {
  await login('not-a-token');
  await page.getByRole('alert').filter({ hasText: 'unknown, revoked or expired' }).waitFor();
  await login(TOKENS.alice);
  await page.getByRole('heading', { name: 'Open incidents (0)' }).waitFor();
  await page.getByText('Alice Example (engineer)').waitFor();
  await page.locator('#oncall .oncall-now').first().waitFor();
  await page.evaluate(() => { window.sameDocument = true; });

  await fire({ name: 'ApiDown', labels: { service: 'api' }, summary: 'API health check failing' });
  // It appears without a reload: the marker set on this document survives.
  const row = page.locator('tr[data-incident="INC-1"]');
  await row.waitFor();
  assert.equal(await page.evaluate(() => window.sameDocument), true);
  assert.match(await row.textContent(), /ack due in 15m 0s/);
  await page.getByRole('status').filter({ hasText: 'New incident: INC-1' }).waitFor();
  await shot('01-overview-new-incident');
  // The SLA clock runs on the server's (here simulated) clock.
  const moved = await call('POST', '/api/v1/admin/clock', { by: '2m' });
  assert.equal(moved.status, 200, JSON.stringify(moved));
  await until('the SLA clock to move', async () => /ack due in 13m 0s/.test(await row.textContent()));

  // Open it from the keyboard.
  await row.getByRole('link', { name: 'INC-1' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: /INC-1/ }).first().waitFor();
  await page.locator('#diagnostics-h').waitFor();
  await until('the automated diagnostic', async () =>
    (await page.locator('section[aria-labelledby="diagnostics-h"]').textContent()).includes('no deploy in the last 30 minutes'));

  await page.getByRole('button', { name: 'Acknowledge' }).click();
  await page.getByRole('status').filter({ hasText: 'INC-1: acknowledged.' }).waitFor();
  await until('the acknowledgement shown', async () =>
    (await page.locator('.incident-head').textContent()).includes('by alice via ui'));
  assert.equal(await page.getByRole('button', { name: 'Acknowledge' }).isDisabled(), true);
  assert.match(await page.locator('.incident-head').textContent(), /acked in 2m 0s \(SLA 15m 0s\)/);

  await page.locator('summary', { hasText: 'Post an update' }).click();
  await page.getByLabel('Status').selectOption('identified');
  await page.getByLabel('Summary (what we know)').fill('Pool exhausted by a slow query');
  await page.getByLabel('Next (what we are doing)').fill('Killing the query');
  await page.getByLabel('ETA').fill('10m');
  await page.getByRole('button', { name: 'Post update' }).click();
  await page.getByRole('status').filter({ hasText: 'INC-1: update posted.' }).waitFor();
  await until('the update on the timeline', async () =>
    (await page.locator('.timeline').textContent()).includes('Pool exhausted by a slow query'));

  await page.getByRole('button', { name: 'Run step 1' }).click();
  await until('the step output', async () =>
    (await page.locator('section[aria-labelledby="remediation-h"]').textContent()).includes('api restarted'));
  await shot('02-incident-acknowledged-updated');
  // The README's picture (docs/img/dashboard.png): the page as it first shows.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png') });

  await page.locator('summary', { hasText: 'Resolve' }).click();
  await page.getByLabel('Root cause').fill('A slow report query held every connection');
  await page.getByLabel('Resolution').fill('Killed the query; added a statement timeout');
  await page.getByLabel('Users affected').fill('all API users for 12 minutes');
  await page.getByRole('button', { name: 'Resolve' }).click();
  await page.getByRole('status').filter({ hasText: 'INC-1: resolved.' }).waitFor();
  await until('the resolved status', async () => (await page.locator('#incident-status').textContent()) === 'resolved');
  await until('the post-mortem draft', async () =>
    (await page.locator('pre.markdown').textContent()).includes('Killed the query'));
  await shot('03-incident-resolved');

  // The API says the same, with the dashboard as the channel.
  const inc = (await call('GET', '/api/v1/incidents/INC-1', undefined, TOKENS.viewer)).body;
  assert.equal(inc.status, 'resolved');
  assert.deepEqual({ by: inc.acknowledged.by, via: inc.acknowledged.via }, { by: 'alice', via: 'ui' });
  assert.equal(inc.root_cause, 'A slow report query held every connection');
  const byAlice = (k) => inc.timeline.filter((e) => e.kind === k && e.actor === 'alice');
  for (const k of ['acknowledged', 'update', 'resolved']) {
    assert.equal(byAlice(k).length, 1, k);
    assert.equal(byAlice(k)[0].via, 'ui', k);
  }
  assert.deepEqual(byAlice('update')[0].data, { status: 'identified', summary: 'Pool exhausted by a slow query',
    next: 'Killing the query', eta: '10m' });
  const actions = (await call('GET', '/api/v1/incidents/INC-1/actions')).body;
  const ran = actions.steps.find((s) => s.kind !== 'diagnostic');
  assert.deepEqual([ran.actor, ran.via, ran.state], ['alice', 'ui', 'succeeded']);

  // Back to the overview: nothing open.
  await page.getByRole('link', { name: 'All open incidents' }).click();
  await page.getByRole('heading', { name: 'Open incidents (0)' }).waitFor();
});

test('a viewer sees the API refuse a change, clearly', async () => {
  await page.getByRole('button', { name: 'Log out' }).click();
  await login(TOKENS.viewer);
  await fire({ name: 'DiskFull', labels: { host: 'db-1' }, summary: 'disk 97% full' });
  await page.locator('tr[data-incident="INC-2"]').getByRole('link').click();
  await page.getByRole('button', { name: 'Acknowledge' }).click();
  const error = page.getByRole('alert');
  await error.filter({ hasText: 'acknowledged failed: Not allowed (HTTP 403)' }).waitFor();
  assert.match(await error.textContent(), /engineer/);
  await shot('04-viewer-refused');
  const inc = (await call('GET', '/api/v1/incidents/INC-2')).body;
  assert.equal(inc.acknowledged, null);
});

test('hostile alert labels are shown as text and run nothing', async () => {
  const hostile = '<img src=x onerror="window.pwned=1">';
  const script = '<script>window.pwned=2</script>';
  await fire({ name: 'ApiDown', labels: { service: 'evil', note: hostile }, summary: `${script} down` });
  await page.goto(`${base}/ui/#/`);
  const inc = await until('the hostile incident', async () =>
    (await call('GET', '/api/v1/incidents?status=open')).body.incidents.find((i) => i.group.service === 'evil'));
  const row = page.locator(`tr[data-incident="${inc.id}"]`);
  await row.waitFor();
  assert.equal(await row.locator('td.title').textContent(), inc.title);
  await row.getByRole('link').click();
  const alerts = page.locator('section[aria-labelledby="alerts-h"]');
  await alerts.locator('.lv', { hasText: hostile }).waitFor();
  await alerts.locator('td', { hasText: `${script} down` }).waitFor();
  assert.equal(await page.locator('main img').count(), 0);
  assert.equal(await page.locator('main script').count(), 0);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await shot('05-hostile-labels');
});

test('a lead publishes an incident to the status page from the pre-filled form', async () => {
  await page.getByRole('button', { name: 'Log out' }).click();
  await login(TOKENS.admin);
  await fire({ name: 'ApiDown', labels: { service: 'checkout' }, summary: 'API errors in checkout' });
  const inc = await until('the incident', async () =>
    (await call('GET', '/api/v1/incidents?status=open')).body.incidents.find((i) => i.group.service === 'checkout'));
  await page.locator(`tr[data-incident="${inc.id}"]`).getByRole('link').click();
  await page.locator('summary', { hasText: 'Publish to the status page' }).click();
  const form = page.locator('#publish-form');
  // Pre-filled from the runbook's texts and the components it stands for.
  await until('the pre-filled title', async () =>
    (await form.getByLabel('Public title').inputValue()) === 'Investigating API errors');
  assert.equal(await form.getByLabel('Status').inputValue(), 'investigating');
  assert.notEqual(await form.getByLabel('API (Core)').inputValue(), '');
  assert.equal(await form.getByLabel('Web app (Core)').inputValue(), '');
  await form.getByLabel('Status').selectOption('identified');
  assert.equal(await form.getByLabel('Public title').inputValue(), 'Identified - API errors');
  await form.getByLabel('Public message').fill('Some API requests in Europe fail; a fix is on its way.');
  await form.getByLabel('Web app (Core)').selectOption('degraded_performance');
  await page.getByRole('button', { name: 'Publish to status page' }).click();
  await page.getByText('Published on the status page as').waitFor();
  await shot('06-published');

  const unresolved = await fetch(`${base}/api/v2/incidents/unresolved.json`).then((r) => r.json());
  const pub = unresolved.incidents.find((i) => i.name === 'Identified - API errors');
  assert.ok(pub, JSON.stringify(unresolved));
  assert.equal(pub.status, 'identified');
  assert.equal(pub.incident_updates[0].body, 'Some API requests in Europe fail; a fix is on its way.');
  const components = await fetch(`${base}/api/v2/components.json`).then((r) => r.json());
  const web = components.components.find((c) => c.name === 'Web app');
  assert.equal(web.status, 'degraded_performance');
  const line = (await call('GET', `/api/v1/incidents/${inc.id}`)).body.timeline.find((e) => e.kind === 'status_page');
  assert.deepEqual([line.actor, line.via], ['admin', 'ui']);
});
