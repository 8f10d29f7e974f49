#!/usr/bin/env node
// cldcert.browse's browser: opens an integration's widget pages in Debian's headless Chromium
// (through playwright-core, no bundled browser) and reports what a reviewer would look at.
//
// usage: node browse.js INPUT.json OUTPUT.json
//   INPUT  {"mock_url", "chromium", "screenshot_dir", "pages": [{"widget", "url"}], "timeout_ms",
//           "callbacks": {"media_library": <insertHandler's data>, "upload_widget": <callback's result>}}
//   OUTPUT {"browser": {"version", "args"}, "pages": [...], "cookies": [...]}; exit 2 with the
//          reason on stderr when Chromium cannot start.
//
// Requests to Cloudinary's widget hosts are answered by the mock (GET /__cldcert/widgets?url=…),
// so the page loads its widget scripts from their real addresses unchanged; delivery URLs on
// res.cloudinary.com are answered by the mock's delivery; every other request that would leave
// this machine is blocked and listed.
//
// With "callbacks", once a page has run, each callback it gave a widget is fired in turn with that
// payload, and what the page did next is kept in the page's "callbacks": the media URLs and form
// fields that appeared or changed, its requests and its errors.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const MAX_BODY = 512 * 1024;  // bodies kept as text for the secret check; larger ones only hashed
const MAX_POST_DATA = 64 * 1024;
const DELIVERY_HOST = 'res.cloudinary.com';
// How long a page may go on after a callback: until no request has been open for QUIET_MS.
const SETTLE_MS = 3000;
const QUIET_MS = 400;

// The flags issue 7 asks for: no GPU, no sandbox (CI runs as root), and none of Chromium's own
// background traffic; no name resolves but loopback, so nothing can reach the internet.
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

function sha256(buffer) {
  return crypto.createHash('sha256').update(buffer).digest('hex');
}

function isText(contentType, url) {
  return /text|javascript|json|xml|css|html/.test(contentType || '') || /\.(js|css|html?|json)(\?|$)/.test(url);
}

function isLocal(url) {
  if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) return true;
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
}

async function answerFromMock(mockUrl, route, blocked) {
  const url = route.request().url();
  if (isLocal(url)) return route.continue();
  const target = new URL(url);
  if (target.hostname === DELIVERY_HOST) {
    const delivered = await fetch(`${mockUrl}${target.pathname}${target.search}`);
    return route.fulfill({
      status: delivered.status,
      body: Buffer.from(await delivered.arrayBuffer()),
      headers: { 'content-type': delivered.headers.get('content-type') || 'application/octet-stream' },
    });
  }
  const shim = await fetch(`${mockUrl}/__cldcert/widgets?url=${encodeURIComponent(url)}`);
  if (shim.status !== 200) {
    blocked.push(url);
    return route.abort('namenotresolved');
  }
  const body = Buffer.from(await shim.arrayBuffer());
  return route.fulfill({
    status: 200,
    body,
    headers: {
      'content-type': shim.headers.get('content-type') || 'application/javascript',
      'access-control-allow-origin': '*',
      'x-cldcert-widget': shim.headers.get('x-cldcert-widget') || '',
    },
  });
}

async function pageSource(url, mainResponse) {
  if (url.startsWith('file:')) return fs.readFileSync(new URL(url), 'utf8');
  return mainResponse ? mainResponse.text() : '';
}

// The URLs a page shows and the form fields it fills: what a callback may change.
function pageState() {
  const media = [];
  for (const e of document.querySelectorAll('img, video, audio, source, a, iframe, object, embed')) {
    for (const attribute of ['src', 'srcset', 'poster', 'href', 'data']) {
      const raw = e.getAttribute(attribute);
      if (!raw) continue;
      const resolved = attribute === 'srcset' ? raw : e[attribute] || raw;
      media.push({ tag: e.tagName.toLowerCase(), attribute, value: String(resolved) });
    }
  }
  const fields = Array.from(document.querySelectorAll('input, textarea, select')).map((e) => (
    { tag: e.tagName.toLowerCase(), name: e.name || '', id: e.id || '', type: e.type || '', value: String(e.value) }));
  return { media, fields };
}

function changed(before, after) {
  const seen = new Set(before.map((x) => JSON.stringify(x)));
  return after.filter((x) => !seen.has(JSON.stringify(x)));
}

// Waits until the page has had no open request for QUIET_MS, at most SETTLE_MS.
async function settle(traffic) {
  const start = Date.now();
  let quietSince = Date.now();
  while (Date.now() - start < SETTLE_MS) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (traffic.open > 0) quietSince = Date.now();
    else if (Date.now() - quietSince >= QUIET_MS) return;
  }
}

// Fires the page's widget callbacks one by one (window.__cldcert.fire) and records what each led to.
// A callback may submit the page's form: then the document that follows is what it led to, and the
// callbacks after it are gone with the old document.
async function fireCallbacks(page, payloads, traffic, errors) {
  const handlers = await page.evaluate(() => (window.__cldcert ? window.__cldcert.handlers : [])
    .map((h) => ({ widget: h.widget, callback: h.callback })));
  const out = [];
  for (const [i, handler] of handlers.entries()) {
    const before = await page.evaluate(pageState);
    const firstRequest = traffic.requests.length;
    const firstError = errors.length;
    let fired = { ...handler, shown: null, error: null };
    try {
      fired = await page.evaluate(([n, p]) => { window.__cldcertFired = n; return window.__cldcert.fire(n, p); },
        [i, payloads]);
    } catch {
      // The document went away while the callback ran.
    }
    await settle(traffic);
    await page.waitForLoadState('load', { timeout: SETTLE_MS }).catch(() => {});
    const left = await page.evaluate((n) => window.__cldcertFired !== n, i).catch(() => true);
    const after = await page.evaluate(pageState).catch(() => ({ media: [], fields: [] }));
    const record = {
      ...fired,
      rendered: left ? after.media : changed(before.media, after.media),
      fields: left ? after.fields : changed(before.fields, after.fields),
      requests: traffic.requests.slice(firstRequest),
      errors: errors.slice(firstError),
    };
    if (left) record.left_page_for = page.url();
    out.push(record);
    if (left) break;
  }
  return out;
}

function watchTraffic(page) {
  const traffic = { open: 0, requests: [] };
  const byRequest = new Map();
  page.on('request', (request) => {
    traffic.open++;
    const record = { method: request.method(), url: request.url() };
    const body = request.postData();
    if (body) record.post_data = body.slice(0, MAX_POST_DATA);
    byRequest.set(request, record);
    traffic.requests.push(record);
  });
  page.on('requestfinished', async (request) => {
    const response = await request.response().catch(() => null);
    if (response) byRequest.get(request).status = response.status();
    traffic.open--;
  });
  page.on('requestfailed', (request) => {
    traffic.open--;
    byRequest.get(request).failure = (request.failure() || {}).errorText || 'failed';
  });
  return traffic;
}

async function visit(context, entry, input, index, blocked) {
  const page = await context.newPage();
  const responses = [];
  const errors = [];
  const traffic = watchTraffic(page);
  page.on('pageerror', (e) => errors.push(String(e && e.message ? e.message : e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('response', async (response) => {
    const record = { url: response.url(), status: response.status(), content_type: response.headers()['content-type'] || '' };
    responses.push(record);
    try {
      const body = await response.body();
      record.bytes = body.length;
      record.sha256 = sha256(body);
      if (isText(record.content_type, record.url) && body.length <= MAX_BODY) record.body = body.toString('utf8');
    } catch (e) {
      record.body_error = String(e.message || e);
    }
  });
  const out = { widget: entry.widget, url: entry.url };
  try {
    const main = await page.goto(entry.url, { waitUntil: 'load', timeout: input.timeout_ms });
    await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => {});
    out.html = await pageSource(entry.url, main);
    out.dom = await page.content();
    out.calls = await page.evaluate(() => (window.__cldcert ? window.__cldcert.calls : []));
    out.local_storage = await page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
    out.session_storage = await page.evaluate(() => Object.fromEntries(Object.entries(sessionStorage)));
    if (input.callbacks) out.callbacks = await fireCallbacks(page, input.callbacks, traffic, errors);
    const name = `${String(index + 1).padStart(2, '0')}-${(entry.widget || 'page').replace(/[^A-Za-z0-9_-]/g, '_')}.png`;
    out.screenshot = path.join(input.screenshot_dir, name);
    await page.screenshot({ path: out.screenshot, fullPage: true });
  } catch (e) {
    out.error = String(e.message || e).split('\n')[0];
  }
  out.responses = responses;
  out.errors = errors;
  await page.close();
  return out;
}

async function main([inputFile, outputFile]) {
  const input = JSON.parse(fs.readFileSync(inputFile, 'utf8'));
  input.timeout_ms = input.timeout_ms || 20000;
  fs.mkdirSync(input.screenshot_dir, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cldcert-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: input.chromium || '/usr/bin/chromium',
      headless: true,
      args: FLAGS,
      timeout: 30000,
    });
  } catch (e) {
    fs.rmSync(profile, { recursive: true, force: true });
    process.stderr.write(`Chromium could not start (${input.chromium || '/usr/bin/chromium'}): ${String(e.message || e).split('\n')[0]}\n`);
    return 2;
  }
  const blocked = [];
  try {
    await context.route('**/*', (route) => answerFromMock(input.mock_url, route, blocked));
    const pages = [];
    for (const [i, entry] of input.pages.entries()) pages.push(await visit(context, entry, input, i, blocked));
    const cookies = (await context.cookies()).map((c) => ({ name: c.name, value: c.value, domain: c.domain, path: c.path }));
    const version = context.browser() ? context.browser().version() : '';
    fs.writeFileSync(outputFile, JSON.stringify({ browser: { version, args: FLAGS }, pages, cookies, blocked }));
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`browse.js: ${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  },
);
