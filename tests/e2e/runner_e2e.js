// End to end: `cldcert run` on the bundled reference integration, clean, and on staged integrations
// for the runner's own behaviour (timeouts, Ctrl-C, daemons, escapes). The seeded flaws are
// kill_matrix_e2e.js.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { writeStagedManifest } = require('./staged_integration');

const { bin, reference, runner, caughtChecks } = require('./reference_run');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cldcert-run-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const run = runner(tmp);

test('the reference integration passes every check (exit 0)', () => {
  const r = run('reference');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.report.verdict, 'pass');
  assert.equal(r.report.schema, 'cldcert/report/v1');
  assert.equal(r.report.integration.version, '1.2.0');
  assert.deepEqual(caughtChecks(r.report), [], 'the reference has no fail, error or warn');
  // What script/demo shows: every must item judged, the bundle submission-ready, and said so.
  assert.deepEqual(r.report.submission_ready, { ready: true, obstacles: [] });
  assert.deepEqual(r.report.checklist.filter((i) => i.verdict === 'not_checked').map((i) => i.item), []);
  assert.match(r.stdout, /\nsubmission-ready: yes\n/);
  const ran = r.report.scenarios.filter((s) => s.verdict !== 'not_applicable');
  assert.ok(ran.length >= 1);
  for (const s of ran) {
    assert.equal(s.verdict, 'pass', JSON.stringify(s, null, 1));
    // not_applicable: a limit the reference does not declare (limits.upload_size), with the reason.
    for (const c of s.checks) {
      assert.ok(['pass', 'skip', 'not_applicable'].includes(c.verdict), `${s.id} ${c.id}: ${c.message}`);
    }
  }
  const t2 = r.report.checklist.find((i) => i.item === 'T2');
  assert.equal(t2.verdict, 'pass');
  // Every widget item is judged, R15 without SSO (widget.media_library_sso skips: the reference uses none).
  for (const id of ['T3', 'R12', 'R13', 'R14', 'R15']) {
    assert.equal(r.report.checklist.find((i) => i.item === id).verdict, 'pass', id);
  }
  assert.deepEqual(r.report.checklist.find((i) => i.item === 'R15').checks,
                   ['widget.integration_param', 'widget.media_library', 'widget.media_library_insert',
                    'widget.media_library_sso']);
  const junit = fs.readFileSync(path.join(r.out, 'junit.xml'), 'utf8');
  assert.match(junit, /<testsuites name="cldcert" tests="\d+" failures="0" errors="0"/);
  const har = JSON.parse(fs.readFileSync(path.join(r.out, 'evidence.har'), 'utf8'));
  assert.ok(har.log.entries.length > 0);
  // Wire evidence holds only what the integration sent: scenarios are HAR pages, not a header of ours.
  const pageIds = har.log.pages.map((p) => p.id);
  assert.ok(pageIds.includes('upload-basics') && pageIds.includes('accounts'), pageIds.join());
  const started = har.log.entries.map((e) => e.startedDateTime);
  assert.deepEqual(started, [...started].sort(), 'entries in time order');
  for (const e of har.log.entries) {
    assert.ok(pageIds.includes(e.pageref), `entry ${e._cldcert.id} names page ${e.pageref}`);
    assert.ok(!e.request.headers.some((h) => /cldcert/i.test(h.name)), JSON.stringify(e.request.headers));
  }
  assert.match(r.stdout, /verdict: pass/);
});

test('widgets: the pages ran in Chromium against the shims, with screenshots in the bundle', () => {
  const r = run('widgets', ['--only', 'widgets,video-player']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const player = r.report.scenarios.find((s) => s.id === 'video-player');
  assert.equal(player.verdict, 'pass', JSON.stringify(player, null, 1));
  const played = player.steps.find((st) => st.action === 'cldcert.browse').result.pages;
  assert.ok(played.some((p) => p.widget === 'video_player' && p.calls.some((c) => c.method === 'source')));
  const scenario = r.report.scenarios.find((s) => s.id === 'widgets');
  assert.equal(scenario.verdict, 'pass', JSON.stringify(scenario, null, 1));
  const browse = scenario.steps.find((st) => st.action === 'cldcert.browse');
  const pages = browse.result.pages;
  assert.deepEqual(pages.map((p) => p.widget), ['media_library', 'upload_widget', 'product_gallery']);
  // Every page loaded its widget from the real address, answered by the mock's shim, and called it.
  for (const p of pages) {
    assert.ok(p.responses.some((res) => res.url.startsWith('https://') && res.status === 200 && /cldcert widget shim/.test(res.body)),
      `${p.widget}: no shim loaded`);
    assert.ok(p.calls.length >= 2, `${p.widget}: ${JSON.stringify(p.calls)}`);
  }
  const ml = pages[0].calls.find((c) => c.method === 'createMediaLibrary');
  assert.deepEqual(Object.keys(ml.args[0].integration).sort(), ['environment', 'platform', 'type', 'version']);
  assert.deepEqual(browse.result.blocked, []);
  // The Media Library's insert and the Upload widget's success were fired with the photo the scenario
  // uploaded; each page showed it from the mock's delivery and kept it in its form.
  const uploaded = scenario.steps.find((st) => st.action === 'upload').result.public_id;
  assert.equal(browse.result.callback_asset.public_id, uploaded);
  for (const p of pages.slice(0, 2)) {
    assert.equal(p.callbacks.length, 1, p.widget);
    const [fired] = p.callbacks;
    assert.equal(fired.error, null);
    assert.ok(fired.requests.some((q) => q.url === browse.result.callback_asset.secure_url && q.status === 200),
      `${p.widget}: ${JSON.stringify(fired)}`);
    assert.ok(fired.fields.some((f) => f.value.includes(uploaded)), `${p.widget}: ${JSON.stringify(fired.fields)}`);
  }
  const verdicts = Object.fromEntries(scenario.checks.map((c) => [c.id, c.verdict]));
  assert.equal(verdicts['widget.media_library_insert'], 'pass');
  assert.equal(verdicts['widget.upload_widget_success'], 'pass');
  const shots = fs.readdirSync(path.join(r.out, 'screenshots', 'widgets'));
  assert.equal(shots.filter((f) => f.endsWith('.png')).length, 3, shots.join(', '));
});

// An integration whose only widget is the Media Library (no SSO, no video): the widgets it does not
// offer are not applicable with the reason, and R15 is judged.
test('widgets: an integration that embeds only the Media Library can pass every widget item it offers', () => {
  const dir = path.join(tmp, 'ml-only-integration');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'page.js'), `'use strict';
const fs = require('node:fs');
const path = require('node:path');
const options = { cloud_name: process.env.CLDCERT_CLOUD_NAME, api_key: process.env.CLDCERT_API_KEY, inline_container: '#ml',
                  integration: { type: 'staged', platform: 'Stage 1.0', version: '0.1.0', environment: 'dev' } };
const file = path.join(__dirname, 'ml.html');
fs.writeFileSync(file, '<!doctype html><title>ML</title>' +
  '<script src="https://media-library.cloudinary.com/global/all.js"></script><div id="ml"></div>' +
  '<script>cloudinary.createMediaLibrary(' + JSON.stringify(options) + ', {insertHandler: function () {}}).show();</script>');
console.log(JSON.stringify({ pages: [{ widget: 'media_library', url: 'file://' + file }] }));
`);
  fs.writeFileSync(path.join(dir, 'upload.js'), 'console.log(JSON.stringify({ public_id: "staged_photo" }));\n');
  fs.writeFileSync(path.join(dir, 'cldcert.json'), JSON.stringify({
    schema: 'cldcert/manifest/v1',
    integration: { type: 'staged', name: 'staged', version: '0.1.0' },
    platform: { name: 'Stage', version: '1.0' }, environment: 'dev', capabilities: ['upload', 'media_library_widget'],
    actions: { login: { command: ['true'] }, logout: { command: ['true'] },
               upload: { command: ['node', 'upload.js'] },
               page: { command: ['node', 'page.js'] } } }));
  const r = run('ml-only', ['--only', 'widgets,video-player'], dir);
  assert.ok(r.report, r.stdout + r.stderr);
  const scenario = r.report.scenarios.find((s) => s.id === 'widgets');
  const verdicts = Object.fromEntries(scenario.checks.map((c) => [c.id, c.verdict]));
  assert.equal(verdicts['widget.media_library'], 'pass', JSON.stringify(scenario.checks, null, 1));
  assert.equal(verdicts['widget.integration_param'], 'pass');
  assert.equal(verdicts['widget.media_library_sso'], 'skip');
  for (const id of ['widget.upload_widget', 'widget.product_gallery']) {
    const check = scenario.checks.find((c) => c.id === id);
    assert.equal(check.verdict, 'not_applicable', id);
    assert.match(check.message, /the manifest does not declare (upload_widget|product_gallery)/);
  }
  const item = (id) => r.report.checklist.find((i) => i.item === id);
  assert.equal(item('R15').verdict, 'pass');
  assert.equal(item('T3').verdict, 'pass');
  assert.equal(item('R14').verdict, 'not_applicable');
  assert.match(item('R14').reason, /widget\.upload_widget in widgets: the manifest does not declare upload_widget/);
  assert.equal(item('R13').verdict, 'not_applicable');
  assert.equal(item('R12').verdict, 'not_applicable');
  assert.match(item('R12').reason, /video-player: the manifest does not declare the capability video, video_player/);
  assert.equal(r.report.scenarios.find((s) => s.id === 'video-player').verdict, 'not_applicable');
  const junit = fs.readFileSync(path.join(r.out, 'junit.xml'), 'utf8');
  assert.match(junit, /<skipped message="the manifest does not declare upload_widget/);
});

test('widgets: a Chromium that cannot start makes the scenario an error, never a pass', () => {
  const out = path.join(tmp, 'no-chromium');
  const r = spawnSync(bin(), ['run', '--integration', reference(), '--out', out, '--seed', '7', '--only', 'widgets'],
                      { encoding: 'utf8', timeout: 300000, env: { ...process.env, CLDCERT_CHROMIUM: '/nonexistent/chromium' } });
  assert.notEqual(r.status, 0);
  const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
  const scenario = report.scenarios.find((s) => s.id === 'widgets');
  assert.equal(scenario.verdict, 'error');
  assert.match(scenario.reason, /cldcert\.browse.*Chromium is not installed at \/nonexistent\/chromium/);
});

test('a broken manifest is exit 2 with the file and pointer named', () => {
  const dir = path.join(tmp, 'broken');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'cldcert.json'), JSON.stringify({ schema: 'cldcert/manifest/v1',
    integration: { type: 'x', name: 'x', version: '' }, platform: { name: 'P', version: '1' }, environment: 'live',
    capabilities: [], actions: {} }));
  const r = spawnSync(bin(), ['run', '--integration', dir, '--out', path.join(tmp, 'broken-out')], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /cldcert\.json: \/integration\/version/);
  assert.match(r.stderr, /\/environment/);
});

test('--only with an unknown scenario is exit 2; cldcert list names the scenarios', () => {
  const r = run('only-bad', ['--only', 'no-such-scenario']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown scenario 'no-such-scenario'/);
  const list = spawnSync(bin(), ['list'], { encoding: 'utf8' });
  assert.equal(list.status, 0);
  assert.match(list.stdout, /upload-basics/);
  assert.match(list.stdout, /ua\.format\s+\[T2\] required/);
});

// A tiny integration whose actions are shell one-liners, to stage timeouts and Ctrl-C.
function stagedIntegration(name, uploadCommand, timeout, checks = ['ua.format'], { login = false } = {}) {
  const dir = path.join(tmp, name);
  writeStagedManifest(dir, uploadCommand, timeout);
  const upload = { action: 'upload', args: { file: '{fixture.f}' } };
  fs.writeFileSync(path.join(dir, 'scenarios', 'slow.scenario.json'), JSON.stringify({
    id: 'slow', title: 'an upload that hangs', checklist: ['T2'], requires: ['upload'],
    fixtures: { f: { size: '1KB' } }, steps: login ? [{ action: 'login' }, upload] : [upload], checks }));
  return dir;
}

// Running, not merely a zombie waiting for a reaper (PID 1 in a container may never reap it).
function alive(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch { return false; }
}

test('a step past its timeout is an error showing its last output, and its process group is gone', () => {
  const dir = stagedIntegration('timeout', 'echo "started $$"; sleep 30 & echo "child $!"; echo "waiting for Cloudinary" >&2; wait', 1);
  const out = path.join(tmp, 'timeout-out');
  const r = spawnSync(bin(), ['run', '--integration', dir, '--scenarios', path.join(dir, 'scenarios'), '--out', out],
                      { encoding: 'utf8', timeout: 60000 });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
  assert.equal(report.scenarios[0].verdict, 'error');
  assert.match(report.scenarios[0].reason, /timed out after 1 s; last output: .*waiting for Cloudinary/s);
  const log = fs.readFileSync(path.join(out, 'logs', 'slow', '1-upload.log'), 'utf8');
  const child = Number(log.match(/child (\d+)/)[1]);
  assert.equal(alive(child), false, 'the background sleep of the timed-out step was killed');
});

test('Ctrl-C of cldcert run leaves no integration process behind', async () => {
  const pidFile = path.join(tmp, 'pids');
  const dir = stagedIntegration('sigint', `sleep 60 & echo $! > ${pidFile}; wait`, 120);
  const { spawn } = require('node:child_process');
  const child = spawn(bin(), ['run', '--integration', dir, '--scenarios', path.join(dir, 'scenarios'),
                              '--out', path.join(tmp, 'sigint-out')], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !fs.existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50));
  const sleeper = Number(fs.readFileSync(pidFile, 'utf8'));
  assert.equal(alive(sleeper), true);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.kill('SIGINT');
  const { code } = await exited;
  assert.equal(code, 130);
  for (let i = 0; i < 40 && alive(sleeper); i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(alive(sleeper), false, 'the integration\'s sleep was killed with cldcert');
});

function runStaged(dir, name, extraArgs = []) {
  const out = path.join(tmp, name);
  const r = spawnSync(bin(), ['run', '--integration', dir, '--scenarios', path.join(dir, 'scenarios'), '--out', out,
                              '--color', 'never', ...extraArgs], { encoding: 'utf8', timeout: 120000 });
  const reportFile = path.join(out, 'report.json');
  const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : null;
  return { ...r, out, report };
}

test('no scenario to run is exit 2, never a pass', () => {
  const empty = path.join(tmp, 'no-scenarios');
  fs.mkdirSync(empty);
  const none = run('no-scenarios-out', ['--scenarios', empty]);
  assert.equal(none.status, 2, none.stdout + none.stderr);
  assert.match(none.stderr, /no scenario to run: .*no-scenarios holds no \*\.scenario\.json/);
  assert.doesNotMatch(none.stdout, /verdict: pass/);
  const sharded = run('empty-shard-out', ['--only', 'upload-basics', '--shard', '2/2']);
  assert.equal(sharded.status, 2, sharded.stdout + sharded.stderr);
  assert.match(sharded.stderr, /--shard 2\/2 leaves no scenario to run: 1 were selected/);
});

test('a waiver naming an unknown check or scenario is refused (exit 2) with its pointer', () => {
  const file = path.join(tmp, 'waivers-unknown.json');
  fs.writeFileSync(file, JSON.stringify({ waivers: [
    { check: 'ua.skd', scenario: 'upload-basics', reason: 'vendor fix due', expires: '2099-01-01' }] }));
  const r = run('waivers-unknown-out', ['--waivers', file, '--only', 'upload-basics']);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /\/waivers\/0\/check: no check is called "ua\.skd"; did you mean "ua\.sdk"\?/);
});

test('escape sequences an integration prints reach the terminal escaped, the bundle raw', () => {
  const dir = stagedIntegration('escapes', `printf 'upload failed\\r\\033[2K\\033[32mverdict: pass\\033[0m\\n' >&2; exit 1`, 30);
  const r = runStaged(dir, 'escapes-out');
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /[\x1b\r]/, 'no raw ESC or CR on the terminal');
  assert.match(r.stdout, /\\x0d\\x1b\[2K\\x1b\[32mverdict: pass/);
  const log = fs.readFileSync(path.join(r.out, 'logs', 'slow', '1-upload.log'), 'utf8');
  assert.match(log, /\x1b\[32mverdict: pass/, 'the log file keeps the raw text');
});

test('secret.logs sees a secret printed before megabytes of other output', () => {
  const dir = stagedIntegration('noisy-secret',
    'echo "using secret $CLDCERT_API_SECRET" >&2; head -c 6000000 /dev/zero | tr "\\0" . >&2; echo >&2', 60,
    ['secret.logs'], { login: true });  // the secret reaches a step only once it is logged in
  const r = runStaged(dir, 'noisy-secret-out');
  const check = r.report.scenarios[0].checks.find((c) => c.id === 'secret.logs');
  assert.equal(check.verdict, 'fail', JSON.stringify(check));
  assert.match(JSON.stringify(check), /stderr:1:14 known-secret/);
});

test('a daemon a step starts with setsid is stopped with the step', () => {
  const pidFile = path.join(tmp, 'daemon.pid');
  const dir = stagedIntegration('daemon',
    `setsid sh -c 'echo $$ > ${pidFile}; exec sleep 300' </dev/null >/dev/null 2>&1 & ` +
    `while [ ! -s ${pidFile} ]; do sleep 0.01; done`, 30);
  runStaged(dir, 'daemon-out');
  const daemon = Number(fs.readFileSync(pidFile, 'utf8'));
  assert.ok(daemon > 0);
  const survived = alive(daemon);
  if (survived) process.kill(daemon, 'SIGKILL');
  assert.equal(survived, false, 'the setsid daemon outlived cldcert run');
});
