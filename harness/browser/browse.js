#!/usr/bin/env node
// cldcert.browse's browser: opens an integration's widget pages in Debian's headless Chromium
// (through playwright-core, no bundled browser) and reports what a reviewer would look at.
//
// usage: node browse.js INPUT.json OUTPUT.json
//   INPUT  {"mock_url", "chromium", "screenshot_dir", "pages": [{"widget", "url"}], "timeout_ms"}
//   OUTPUT {"browser": {"version", "args"}, "pages": [...], "cookies": [...]}; exit 2 with the
//          reason on stderr when Chromium cannot start.
//
// Requests to Cloudinary's widget hosts are answered by the mock (GET /__cldcert/widgets?url=…),
// so the page loads its widget scripts from their real addresses unchanged; every other request
// that would leave this machine is blocked and listed.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const MAX_BODY = 512 * 1024;  // bodies kept as text for the secret check; larger ones only hashed

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

async function visit(context, entry, input, index, blocked) {
  const page = await context.newPage();
  const responses = [];
  const errors = [];
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
