// End to end: `cldcert run --live` against a "real Cloudinary" that is a second `cldcert serve` over TLS
// with a test CA (--live-upstream, --live-ca: test-only). The reference integration gets the same
// verdicts as in mock mode, a refused secret stops the run before anything runs, no secret reaches the
// bundle, `cldcert verify` re-derives the live bundle without them, and the upstream holds nothing the run
// created. A run killed outright leaves its ledger and tagged assets, which `cldcert live-cleanup` deletes
// (and nothing else).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { makeCa: makeCaIn, startLiveUpstream } = require('./live_upstream');
const { bin, reference, runner } = require('./reference_run');
const { rehash } = require('./bundle_forgery');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cldcert-live-'));
const run = runner(tmp);
// The runs' ledgers (ledger.h), here rather than in the user's state folder; every child inherits it.
const stateDir = path.join(tmp, 'state');
process.env.CLDCERT_STATE_DIR = stateDir;
const ledgers = () => (fs.existsSync(stateDir) ? fs.readdirSync(stateDir).filter((f) => f.endsWith('.jsonl')) : []);
// Scenarios that need nothing of the mock (no fault, no control API; a named transformation is defined
// through the Admin API) and only the first account's clouds and the second's: what a live run can judge.
const SCENARIOS = 'upload-basics,delivery,sync,presets,accounts,transformations';

let upstream;
let tls;
let accountsFile;
let clouds;
let upstreamUrl;
let liveArgs;
let admin;
let storedAssets;
const makeCa = (name) => makeCaIn(tmp, name);

test.before(async () => {
  const live = await startLiveUpstream(tmp);
  ({ upstream, tls, accountsFile, clouds, liveArgs, admin, storedAssets } = live);
  upstreamUrl = live.url;
});
test.after(async () => {
  if (upstream) await upstream.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

// An asset the partner put in the cloud themselves: untagged, in no ledger.
function putPartnerAsset(cloud) {
  const png = path.join(tmp, 'partner.png');
  fs.writeFileSync(png, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'));
  const up = spawnSync('curl', ['-sS', '--cacert', tls.ca, '-F', `file=@${png}`, '-F', 'upload_preset=cldcert_unsigned',
                                '-F', 'public_id=partner-asset', `${upstreamUrl}/v1_1/${cloud.cloud_name}/image/upload`],
                       { encoding: 'utf8' });
  assert.equal(JSON.parse(up.stdout).public_id, 'partner-asset', up.stdout + up.stderr);
}

const liveCleanup = (...args) => spawnSync(bin(), ['live-cleanup', ...args], { encoding: 'utf8', timeout: 120000 });
const cleanupArgs = () => [accountsFile, '--live-upstream', upstreamUrl, '--live-ca', tls.ca];

const upstreamJournal = () => fs.readFileSync(upstream.journalFile, 'utf8').split('\n').filter(Boolean).map(JSON.parse);

// Every file under `dir`, recursively.
function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

// {scenario id: {verdict, checks: {id: verdict}}} for the scenarios that ran.
function verdicts(report) {
  const out = {};
  for (const s of report.scenarios) {
    if (s.verdict === 'not_applicable') continue;
    out[s.id] = { verdict: s.verdict, checks: Object.fromEntries(s.checks.map((c) => [c.id, c.verdict])) };
  }
  return out;
}

test('a cloudinary:// URL given to --live is refused without being repeated', () => {
  const secret = clouds[0].api_secret;
  const r = run('url-on-command-line', ['--live', `cloudinary://${clouds[0].api_key}:${secret}@${clouds[0].cloud_name}`]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--live expects the path of an accounts file, not a URL/);
  assert.ok(!r.stderr.includes(secret) && !r.stdout.includes(secret));
  assert.equal(r.report, null);
});

test('a missing or malformed accounts file is refused naming the file and field, from --live or CLDCERT_LIVE_ACCOUNTS', () => {
  const missing = run('missing-accounts', ['--live', path.join(tmp, 'nope.json')]);
  assert.equal(missing.status, 2, missing.stderr);
  assert.match(missing.stderr, /the live accounts file \(--live\) is not valid:\n.*nope\.json: cannot read/);
  const bad = path.join(tmp, 'bad-accounts.json');
  fs.writeFileSync(bad, JSON.stringify({ clouds: ['cloudinary://123:fake_secret_in_a_bad_url'] }));
  const viaEnv = spawnSync(bin(), ['run', '--integration', reference(), '--out', path.join(tmp, 'bad-env')],
                           { encoding: 'utf8', env: { ...process.env, CLDCERT_LIVE_ACCOUNTS: bad } });
  assert.equal(viaEnv.status, 2, viaEnv.stderr);
  assert.match(viaEnv.stderr, /\(CLDCERT_LIVE_ACCOUNTS\) is not valid:\n.*bad-accounts\.json: \/clouds\/0: expected a cloud object or cloudinary:\/\//);
  assert.ok(!viaEnv.stderr.includes('fake_secret_in_a_bad_url'));
  assert.ok(!fs.existsSync(path.join(tmp, 'bad-env')));
});

test('a refused secret is named per cloud and nothing runs', () => {
  const before = upstreamJournal().length;
  const wrong = structuredClone(upstream.accounts);
  wrong.accounts[1].clouds[0].api_secret = 'fake_wrong_secret_0000000000';
  const file = path.join(tmp, 'wrong-accounts.json');
  fs.writeFileSync(file, JSON.stringify(wrong));
  const r = run('wrong-secret', [...liveArgs(file), '--only', 'upload-basics']);
  assert.equal(r.status, 2, r.stderr);
  const refused = wrong.accounts[1].clouds[0].cloud_name;
  assert.match(r.stderr, new RegExp(`cloud ${refused} \\(api_key \\d+\\): the upstream refused its api_key and api_secret \\(401`));
  for (const cloud of clouds.filter((c) => c.cloud_name !== refused)) assert.ok(!r.stderr.includes(`cloud ${cloud.cloud_name} `));
  assert.match(r.stderr, /nothing was run/);
  assert.ok(!r.stderr.includes('fake_wrong_secret_0000000000'));
  assert.equal(r.report, null);
  assert.ok(!fs.existsSync(r.out));
  // Only the credential probes reached the upstream: each account's provisioning key, each cloud's key.
  const sent = upstreamJournal().slice(before);
  assert.equal(sent.length, upstream.accounts.accounts.length + clouds.length);
  for (const e of sent) assert.match(e.path, /\/ping$|\/provisioning\/accounts\/[^/]+\/sub_accounts$/);
});

test('an upstream certificate the CA did not sign stops the run', () => {
  const other = makeCa('other');
  const r = run('untrusted', [...liveArgs(accountsFile, other.ca), '--only', 'upload-basics']);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /got 502 cldcert live: no answer from https:\/\/localhost:\d+: .*(certificate|SSL)/i);
  assert.equal(r.report, null);
});

test('live verdicts equal mock verdicts, no secret reaches the bundle, nothing is left upstream', () => {
  const mock = run('mock', ['--only', SCENARIOS]);
  assert.ok(mock.report, mock.stderr);
  const before = upstreamJournal().length;
  const live = run('live', [...liveArgs(), '--only', SCENARIOS]);
  assert.ok(live.report, live.stderr);
  // The run's own id and tag: what it created was tagged (a signed tags call each time), its ledger is gone.
  assert.match(live.report.live.run_id, /^\d{8}-\d{6}-[0-9a-f]{6}$/);
  assert.equal(live.report.live.tag, `cldcert-${live.report.live.run_id}`);
  assert.deepEqual(live.report.live.record_problems, []);
  assert.match(live.stdout, new RegExp(`run ${live.report.live.run_id}: each asset it creates is tagged ${live.report.live.tag}`));
  assert.ok(upstreamJournal().slice(before).some((e) => e.api === 'upload' && e.action === 'tags' && e.status === 200));
  assert.deepEqual(ledgers(), []);
  assert.equal(live.report.mode, 'live');
  assert.equal(mock.report.mode, undefined);
  assert.deepEqual(live.report.live.clouds, clouds.map((c) => c.cloud_name));
  assert.deepEqual(live.report.live.left_behind, []);
  // The upstream is the same mock: the shadow's own answers have its fields and types, so none differs.
  assert.ok(live.report.live.fidelity.compared > 0);
  assert.deepEqual(live.report.live.fidelity.top, [], JSON.stringify(live.report.live.fidelity));
  assert.ok(live.report.live.requests > 0 && live.report.live.bytes_sent > 0);
  assert.ok(live.report.live.clouds.every((c) => Number.isInteger(live.report.live.rate_limits[c]?.remaining) && Number.isInteger(live.report.live.rate_limits[c].limit)), JSON.stringify(live.report.live.rate_limits));
  assert.match(live.stdout, /live: \d+ request\(s\), \d+ bytes sent/);
  assert.match(fs.readFileSync(path.join(live.out, 'report.md'), 'utf8'), /\*\*live clouds\*\* /);
  assert.doesNotMatch(fs.readFileSync(path.join(mock.out, 'report.md'), 'utf8'), /live clouds/);
  // verify re-derives the live bundle without its secrets; the signatures the run checked with one it takes
  // from the run's record, and says so, naming scenario and check.
  const verify = spawnSync(bin(), ['verify', live.out], { encoding: 'utf8' });
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /^taken from the run's record: delivery › delivery\.signed_restricted \(/m);
  assert.match(verify.stdout, /verify: OK — .* re-derived from the evidence \(a live run: 1 of them taken from the run's record of what it verified with a secret\)/);
  const record = JSON.parse(fs.readFileSync(path.join(live.out, 'evidence', 'delivery.json'), 'utf8')).verified_with_secrets;
  // Each signed URL was asked of the CDN (a HEAD before the assets were deleted): the ones it served are valid
  // by its answer; the private original in the upload answer it refuses whatever the signature (401), and
  // the secret judged that one.
  assert.ok(record.length >= 2 && record.every((f) => f.check === 'delivery.signed_restricted' && f.valid), JSON.stringify(record));
  assert.ok(record.some((f) => f.by === 'cdn' && f.cdn_status === 200), JSON.stringify(record));
  assert.ok(record.every((f) => (f.by === 'cdn') === (f.cdn_status === 200)), JSON.stringify(record));
  const heads = upstreamJournal().slice(before).filter((e) => e.method === 'HEAD' && /\/(private|authenticated)\/s--/.test(e.path));
  assert.ok(heads.length >= record.filter((f) => f.cdn_status).length, JSON.stringify(heads.map((e) => [e.path, e.status])));
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(live.out, 'plan', 'live-accounts.json'), 'utf8')).accounts
                     .flatMap((a) => a.clouds.map((c) => c.cloud_name)), clouds.map((c) => c.cloud_name));
  // A forged record (re-hashed, as a forger would) and a flipped verdict both fail verify.
  const forged = path.join(tmp, 'live-forged-record');
  fs.cpSync(live.out, forged, { recursive: true });
  const evidenceFile = path.join(forged, 'evidence', 'delivery.json');
  const evidence = JSON.parse(fs.readFileSync(evidenceFile, 'utf8'));
  evidence.verified_with_secrets[0].valid = false;
  fs.writeFileSync(evidenceFile, JSON.stringify(evidence));
  rehash(forged);
  const onForgedRecord = spawnSync(bin(), ['verify', forged], { encoding: 'utf8' });
  assert.equal(onForgedRecord.status, 1, onForgedRecord.stdout + onForgedRecord.stderr);
  assert.match(onForgedRecord.stdout, /^mismatch: report\.json \/scenarios\/\d+\/checks\/\d+\/verdict \(delivery › delivery\.signed_restricted\): says "pass", the evidence gives "fail"/m);
  // Evidence edited to print another signature asks what the record does not answer, and leaves its answer unasked.
  const edited = path.join(tmp, 'live-edited-url');
  fs.cpSync(live.out, edited, { recursive: true });
  const editedFile = path.join(edited, 'evidence', 'delivery.json');
  const editedEvidence = JSON.parse(fs.readFileSync(editedFile, 'utf8'));
  const signed = editedEvidence.verified_with_secrets[0].signature;
  const replacement = signed === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA';
  editedEvidence.steps = JSON.parse(JSON.stringify(editedEvidence.steps).split(`s--${signed}--`).join(`s--${replacement}--`));
  fs.writeFileSync(editedFile, JSON.stringify(editedEvidence));
  rehash(edited);
  const onEdited = spawnSync(bin(), ['verify', edited], { encoding: 'utf8' });
  assert.equal(onEdited.status, 1, onEdited.stdout + onEdited.stderr);
  assert.match(onEdited.stdout, new RegExp(`^mismatch: evidence/delivery\\.json: delivery\\.signed_restricted asks whether signature '${replacement}' signs .*which the run's record does not answer`, 'm'));
  assert.match(onEdited.stdout, /^mismatch: evidence\/delivery\.json: verified_with_secrets\/\d+: .*which no check asked/m);
  const flipped = path.join(tmp, 'live-flipped-verdict');
  fs.cpSync(live.out, flipped, { recursive: true });
  const report = JSON.parse(fs.readFileSync(path.join(flipped, 'report.json'), 'utf8'));
  const upload = report.scenarios.find((sc) => sc.id === 'upload-basics');
  upload.checks[0].verdict = upload.checks[0].verdict === 'pass' ? 'fail' : 'pass';
  fs.writeFileSync(path.join(flipped, 'report.json'), JSON.stringify(report, null, 2));
  rehash(flipped);
  const onFlipped = spawnSync(bin(), ['verify', flipped], { encoding: 'utf8' });
  assert.equal(onFlipped.status, 1, onFlipped.stdout + onFlipped.stderr);
  assert.match(onFlipped.stdout, new RegExp(`^mismatch: report\\.json /scenarios/\\d+/checks/0/verdict \\(upload-basics › ${upload.checks[0].id.replace('.', '\\.')}\\)`, 'm'));

  const expected = verdicts(mock.report);
  assert.deepEqual(Object.keys(expected).sort(), SCENARIOS.split(',').sort());
  assert.deepEqual(verdicts(live.report), expected);
  assert.deepEqual(live.report.checklist, mock.report.checklist);
  assert.equal(live.status, mock.status, live.stderr);

  // The requests went to the upstream and were journaled in the bundle as in mock mode.
  const uploads = upstreamJournal().filter((e) => e.api === 'upload' && e.status === 200);
  assert.ok(uploads.length > 0);

  const secrets = clouds.map((c) => c.api_secret).concat(upstream.accounts.accounts.map((a) => a.provisioning_secret));
  const spellings = secrets.flatMap((s) => [s, Buffer.from(s).toString('base64'), encodeURIComponent(s)]);
  const basics = clouds.map((c) => Buffer.from(`${c.api_key}:${c.api_secret}`).toString('base64'));
  for (const file of filesUnder(live.out)) {
    const text = fs.readFileSync(file, 'latin1');
    for (const s of [...spellings, ...basics]) assert.ok(!text.includes(s), `${file} holds a secret`);
  }
  assert.deepEqual(storedAssets(), []);
});

test('through the network front (the PHP reference, --network proxy): the same verdicts live as mock', () => {
  const php = path.join(path.dirname(reference()), 'php-reference');
  // Pinned: the default is sandbox where the machine allows it (the other cases here), proxy otherwise.
  const only = ['--only', 'upload-basics,delivery,sync', '--network', 'proxy'];
  const mock = run('php-mock', only, php);
  const live = run('php-live', [...liveArgs(), ...only], php);
  assert.ok(mock.report && live.report, mock.stderr + live.stderr);
  assert.match(live.stdout, /^network: proxy/m);
  assert.deepEqual(verdicts(live.report), verdicts(mock.report));
  // Its requests (its own signing and chunking, hard-coded hosts) are compared with the shadow's answers too:
  // every one of them, and none differs from an upstream that is the same mock.
  const phpRequests = fs.readdirSync(path.join(live.out, 'journal'))
    .flatMap((f) => fs.readFileSync(path.join(live.out, 'journal', f), 'utf8').split('\n').filter(Boolean));
  assert.equal(live.report.live.fidelity.compared, phpRequests.length);
  assert.deepEqual(live.report.live.fidelity.top, [], JSON.stringify(live.report.live.fidelity));
  // The PHP reference signs its URLs itself: verify re-derives its live bundle too, from the run's record.
  const verify = spawnSync(bin(), ['verify', live.out], { encoding: 'utf8' });
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  assert.match(verify.stdout, /^taken from the run's record: delivery › delivery\.signed_restricted /m);
  // Its own signatures were asked of the CDN too: the URLs it served are valid by its answer.
  const phpRecord = JSON.parse(fs.readFileSync(path.join(live.out, 'evidence', 'delivery.json'), 'utf8')).verified_with_secrets;
  assert.ok(phpRecord.some((f) => f.by === 'cdn' && f.cdn_status === 200 && f.valid), JSON.stringify(phpRecord));
  assert.deepEqual(storedAssets(), []);
});

// The 110 MiB delivery of chunked-upload is probed from the CDN, not downloaded: cldcert.get sends a HEAD and
// two Range GETs (its first and last MiB) straight to the upstream, and upload.integrity judges them.
test('a live delivery is probed by HEAD and two ranges, never fetched whole', (t) => {
  const before = upstreamJournal().length;
  const live = run('live-cdn', [...liveArgs(), '--only', 'chunked-upload']);
  assert.ok(live.report, live.stderr);
  const scenario = live.report.scenarios.find((sc) => sc.id === 'chunked-upload');
  const integrity = scenario.checks.find((c) => c.id === 'upload.integrity');
  assert.equal(integrity.verdict, 'pass', JSON.stringify(integrity));
  const evidence = JSON.parse(fs.readFileSync(path.join(live.out, 'evidence', 'chunked-upload.json'), 'utf8'));
  const probe = evidence.steps.find((st) => st.action === 'cldcert.get').result;
  const size = 110 * 1024 * 1024;
  const mib = 1024 * 1024;
  assert.equal(probe.via, 'cdn');
  assert.equal(probe.status, 200);
  assert.equal(probe.bytes, size);
  assert.deepEqual(probe.ranges.map((r) => [r.first, r.last, r.status, r.bytes]),
                   [[0, mib - 1, 206, mib], [size - mib, size - 1, 206, mib]]);
  const fixture = Object.values(evidence.fixtures).find((f) => f.size === size);
  assert.deepEqual(probe.ranges.map((r) => r.sha256), [fixture.head_sha256, fixture.tail_sha256]);
  // What reached the upstream for that URL: the HEAD and the two ranges, no whole GET.
  const urlPath = decodeURIComponent(new URL(probe.url).pathname);
  const asked = upstreamJournal().slice(before).filter((e) => e.path === urlPath);
  const range = (e) => (e.headers.find(([k]) => k.toLowerCase() === 'range') || [])[1];
  assert.deepEqual(asked.map((e) => [e.method, range(e) ?? null, e.status]),
                   [['HEAD', null, 200], ['GET', `bytes=0-${mib - 1}`, 206], ['GET', `bytes=${size - mib}-${size - 1}`, 206]],
                   JSON.stringify(asked.map((e) => [e.method, e.path, e.status])));
  // They are the harness's own requests: not in the bundle's journal of the integration's.
  const journaled = fs.readFileSync(path.join(live.out, 'journal', 'chunked-upload.jsonl'), 'utf8')
    .split('\n').filter(Boolean).map(JSON.parse);
  assert.ok(!journaled.some((e) => e.path === urlPath && e.api === 'delivery'));
  assert.ok(live.report.live.bytes_received < 8 * mib, `received ${live.report.live.bytes_received} bytes`);
  t.diagnostic(`live chunked-upload: ${live.report.live.requests} request(s), ${live.report.live.bytes_sent} bytes sent, ` +
               `${live.report.live.bytes_received} bytes received`);
  // The probe is judged from the evidence alone: verify re-derives it.
  const verify = spawnSync(bin(), ['verify', live.out], { encoding: 'utf8' });
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  assert.deepEqual(storedAssets(), []);
});

// The cloud's control API (the test upstream is a cldcert serve): what a real cloud does on its own.
function upstreamControl(method, route, body) {
  const args = ['-sS', '--cacert', tls.ca, '-X', method, `${upstreamUrl}/__cldcert/${route}`];
  if (body) args.push('-H', 'Content-Type: application/json', '--data', JSON.stringify(body));
  const r = spawnSync('curl', args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('a 420 the cloud answers on its own is judged where it happens (R19); without one R19 is not tested live', () => {
  const quiet = run('no-rate-limit', [...liveArgs(), '--only', 'upload-basics,rate-limits']);
  assert.ok(quiet.report, quiet.stderr);
  const r19 = (report) => report.checklist.find((i) => i.item === 'R19');
  assert.equal(r19(quiet.report).verdict, 'not_applicable', JSON.stringify(r19(quiet.report)));
  assert.match(r19(quiet.report).reason, /rate-limits: needs the mock \(live run\)/);
  assert.ok(!quiet.report.scenarios.find((sc) => sc.id === 'upload-basics').checks.some((c) => c.id === 'ratelimit.backoff'));
  // The cloud rate-limits the first upload (the upstream's own fault: to the run it is Cloudinary's answer).
  upstreamControl('POST', 'faults', { family: 'upload', status: 420, from: 1, to: 1, reset_in: 1 });
  try {
    const limited = run('rate-limited', [...liveArgs(), '--only', 'upload-basics']);
    assert.ok(limited.report, limited.stderr);
    const upload = limited.report.scenarios.find((sc) => sc.id === 'upload-basics');
    const backoff = upload.checks.find((c) => c.id === 'ratelimit.backoff');
    assert.ok(backoff, JSON.stringify(upload.checks.map((c) => c.id)));
    // The reference waits for the reset and retries: a pass, and R19 judged by it.
    assert.equal(backoff.verdict, 'pass', JSON.stringify(backoff));
    assert.ok(upload.checklist.includes('R19'));
    assert.equal(r19(limited.report).verdict, 'pass', JSON.stringify(r19(limited.report)));
    assert.deepEqual(r19(limited.report).checks, ['ratelimit.backoff']);
    const verify = spawnSync(bin(), ['verify', limited.out], { encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  } finally {
    upstreamControl('DELETE', 'faults');
  }
  assert.deepEqual(storedAssets(), []);
});

// The same on an integration shaped differently: the PHP reference (its own HTTP client and backoff,
// hard-coded hosts, --network proxy) waits out the cloud's 420; with its hammer-on-420 flaw it retries at
// once, and R19 fails in upload-basics, a scenario that never names the check.
test('the PHP reference is judged on the cloud\'s own 420 too, and its hammering is caught', () => {
  const php = path.join(path.dirname(reference()), 'php-reference');
  const only = ['--only', 'upload-basics', '--network', 'proxy'];
  const backoff = (report) => report.scenarios.find((sc) => sc.id === 'upload-basics').checks
    .find((c) => c.id === 'ratelimit.backoff');
  const judged = {};
  for (const flaw of ['', 'hammer-on-420']) {
    upstreamControl('POST', 'faults', { family: 'upload', status: 420, from: 1, to: 1, reset_in: 1 });
    try {
      const r = run(`php-rate-limited${flaw ? '-' + flaw : ''}`, [...liveArgs(), ...only, ...(flaw ? ['--env', `PHPREF_FLAW=${flaw}`] : [])], php);
      assert.ok(r.report, r.stderr);
      judged[flaw || 'clean'] = backoff(r.report);
    } finally {
      upstreamControl('DELETE', 'faults');
    }
  }
  assert.equal(judged.clean?.verdict, 'pass', JSON.stringify(judged.clean));
  assert.equal(judged['hammer-on-420']?.verdict, 'fail', JSON.stringify(judged['hammer-on-420']));
  assert.ok(judged['hammer-on-420'].evidence.length >= 2, JSON.stringify(judged['hammer-on-420']));
  assert.deepEqual(storedAssets(), []);
});

test('the shards of a live run merge into one bundle that counts the costs and differences of each', () => {
  const only = ['--only', 'upload-basics,delivery,sync'];
  const shards = [1, 2].map((k) => run(`live-shard-${k}`, [...liveArgs(), ...only, '--shard', `${k}/2`]));
  for (const sh of shards) assert.ok(sh.report && sh.report.live, sh.stderr);
  const merged = path.join(tmp, 'live-merged');
  const m = spawnSync(bin(), ['merge', merged, ...shards.map((sh) => sh.out)], { encoding: 'utf8' });
  assert.ok([0, 1].includes(m.status), m.stdout + m.stderr);
  const report = JSON.parse(fs.readFileSync(path.join(merged, 'report.json'), 'utf8'));
  const sum = (key) => shards.reduce((n, sh) => n + sh.report.live[key], 0);
  assert.equal(report.mode, 'live');
  assert.equal(report.live.requests, sum('requests'));
  assert.equal(report.live.bytes_sent, sum('bytes_sent'));
  assert.deepEqual(report.live.runs.map((r) => r.run_id), shards.map((sh) => sh.report.live.run_id));
  const fidelity = JSON.parse(fs.readFileSync(path.join(merged, 'fidelity.json'), 'utf8'));
  assert.equal(fidelity.compared, shards.reduce((n, sh) => n + sh.report.live.fidelity.compared, 0));
  assert.equal(report.live.fidelity.compared, fidelity.compared);
  const verify = spawnSync(bin(), ['verify', merged], { encoding: 'utf8' });
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  // A mock shard is another run: refused, naming the field.
  const mockShard = run('mock-shard-2', [...only, '--shard', '2/2']);
  const mixed = spawnSync(bin(), ['merge', path.join(tmp, 'mixed'), shards[0].out, mockShard.out], { encoding: 'utf8' });
  assert.equal(mixed.status, 2, mixed.stdout + mixed.stderr);
  assert.match(mixed.stderr, /\/mode is nothing, the first bundle's is "live"/);
});

test('a cloud that already holds an asset is refused unless --live-allow-nonempty', () => {
  const cloud = clouds[0];
  putPartnerAsset(cloud);
  try {
    const r = run('nonempty', [...liveArgs(), '--only', 'upload-basics']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`cloud ${cloud.cloud_name} already holds assets \\(image 'partner-asset'`));
    assert.match(r.stderr, /--live-allow-nonempty/);
    assert.equal(r.report, null);
    const allowed = run('nonempty-allowed', [...liveArgs(), '--only', 'upload-basics', '--live-allow-nonempty']);
    assert.ok(allowed.report, allowed.stderr);
    // The partner's asset is still there; what the run made is gone.
    assert.deepEqual(storedAssets(), [`${cloud.cloud_name}/image/partner-asset`]);
  } finally {
    admin(cloud, 'DELETE', 'resources/image/upload?public_ids[]=partner-asset');
  }
});

test('Ctrl-C mid-run deletes what the run had created', async () => {
  const before = upstreamJournal().length;
  const out = path.join(tmp, 'interrupted');
  const child = spawn(bin(), ['run', '--integration', reference(), '--out', out, '--seed', '7', ...liveArgs(),
                              '--only', 'upload-basics'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const uploaded = () => upstreamJournal().slice(before).some((e) => e.api === 'upload' && e.status === 200);
  const deadline = Date.now() + 120000;
  while (!uploaded() && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(uploaded(), `no upload reached the upstream: ${stderr}`);
  child.kill('SIGINT');
  assert.equal(await exited, 130, stderr);
  assert.match(stderr, /deleting what the run created in the live clouds/);
  assert.ok(!/left behind/.test(stderr), stderr);
  // The harness deleted it (the integration's own deletes go through the Upload API's destroy).
  assert.ok(upstreamJournal().slice(before).some((e) => e.method === 'DELETE' && /\/resources\//.test(e.path)));
  assert.deepEqual(storedAssets(), []);
  assert.ok(!fs.existsSync(out));
  assert.deepEqual(ledgers(), []);  // everything it recorded was deleted: its ledger went with it
});

test('a run killed outright leaves its ledger and tagged assets; live-cleanup deletes them and nothing else', async () => {
  const before = upstreamJournal().length;
  const child = spawn(bin(), ['run', '--integration', reference(), '--out', path.join(tmp, 'killed'), '--seed', '7',
                              ...liveArgs(), '--only', 'upload-basics'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(signal)));
  // Killed once an upload is stored and tagged upstream, while the integration is still uploading.
  const tagged = () => upstreamJournal().slice(before).some((e) => e.action === 'tags' && e.status === 200);
  const deadline = Date.now() + 120000;
  while (!tagged() && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.ok(tagged(), `nothing was tagged upstream: ${stderr}`);
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');

  // What it left: its ledger (never a secret in it) and its assets, under its tag.
  const [ledger, ...more] = ledgers();
  assert.ok(ledger, 'no ledger left');
  assert.deepEqual(more, []);
  const runId = ledger.replace(/\.jsonl$/, '');
  const ledgerText = fs.readFileSync(path.join(stateDir, ledger), 'utf8');
  const lines = ledgerText.split('\n').filter(Boolean).map(JSON.parse);
  assert.ok(lines.length > 0);
  for (const line of lines) assert.equal(line.run, runId);
  for (const c of clouds) assert.ok(!ledgerText.includes(c.api_secret));
  const left = storedAssets();
  assert.ok(left.length > 0, 'the killed run left nothing upstream');
  const tag = `cldcert-${runId}`;
  const underTag = clouds.flatMap((c) => admin(c, 'GET', `resources/image/tags/${tag}`).resources);
  assert.ok(underTag.length > 0, `no asset tagged ${tag}`);

  const partner = clouds[0];
  putPartnerAsset(partner);
  try {
    const dry = liveCleanup(...cleanupArgs(), '--dry-run');
    assert.equal(dry.status, 0, dry.stdout + dry.stderr);
    assert.match(dry.stdout, /would delete \d+/);
    assert.match(dry.stderr, /cldcert live-cleanup: cloud \S+: listing the run tags/);
    assert.ok(!dry.stdout.includes('partner-asset'));
    assert.deepEqual(storedAssets().sort(), [...left, `${partner.cloud_name}/image/partner-asset`].sort());
    assert.deepEqual(ledgers(), [ledger]);

    const swept = liveCleanup(...cleanupArgs());
    assert.equal(swept.status, 0, swept.stdout + swept.stderr);
    assert.match(swept.stdout, /: deleted \d+/);
    assert.ok(!swept.stdout.includes('partner-asset'));
    assert.deepEqual(storedAssets(), [`${partner.cloud_name}/image/partner-asset`]);
    assert.deepEqual(ledgers(), []);
    // Nothing left to sweep a second time.
    const again = liveCleanup(...cleanupArgs());
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.doesNotMatch(again.stdout, /deleted/);
  } finally {
    admin(partner, 'DELETE', 'resources/image/upload?public_ids[]=partner-asset');
  }
});

test('live-cleanup refuses without an accounts file, and a refused secret, deleting nothing', () => {
  const env = { ...process.env };
  delete env.CLDCERT_LIVE_ACCOUNTS;
  const none = spawnSync(bin(), ['live-cleanup'], { encoding: 'utf8', env });
  assert.equal(none.status, 2, none.stderr);
  assert.match(none.stderr, /live-cleanup: which clouds\? Give the live accounts file/);
  const wrong = structuredClone(upstream.accounts);
  wrong.accounts[0].clouds[0].api_secret = 'fake_wrong_secret_0000000000';
  const file = path.join(tmp, 'wrong-cleanup-accounts.json');
  fs.writeFileSync(file, JSON.stringify(wrong));
  const r = liveCleanup(file, '--live-upstream', upstreamUrl, '--live-ca', tls.ca);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /the upstream refused its api_key and api_secret \(401/);
  assert.match(r.stderr, /nothing was deleted/);
  assert.ok(!r.stderr.includes('fake_wrong_secret_0000000000'));
});

// The upstream behind a proxy that renames one field of every JSON answer: the live run's verdicts stand on
// the answers it got, and fidelity.json names the renamed field on both sides; `cldcert fidelity` aggregates.
test('a field the upstream names differently shows up in fidelity.json and cldcert fidelity', async () => {
  const proxy = spawn(process.execPath, [path.join(__dirname, 'renaming_proxy.js'), tls.cert, tls.key, upstreamUrl,
                                         tls.ca, 'bytes', 'size_bytes'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise((resolve, reject) => {
      proxy.stdout.once('data', (d) => resolve(String(d).trim()));
      proxy.once('exit', (code) => reject(new Error(`the renaming proxy exited with ${code}`)));
    });
    const renamed = ['--live', accountsFile, '--live-upstream', `https://localhost:${port}`, '--live-ca', tls.ca];
    const r = run('renamed-field', [...renamed, '--only', 'upload-basics']);
    assert.ok(r.report, r.stderr);
    const fidelity = JSON.parse(fs.readFileSync(path.join(r.out, 'fidelity.json'), 'utf8'));
    assert.equal(fidelity.schema, 'cldcert/fidelity/v1');
    assert.ok(fidelity.compared > 0 && fidelity.differing > 0, JSON.stringify(fidelity).slice(0, 500));
    const kinds = (group) => `${group.kind} ${group.field}`;
    const uploads = fidelity.summary.filter((g) => g.api === 'upload' && g.action === 'upload').map(kinds);
    assert.ok(uploads.includes('missing_in_mock size_bytes'), JSON.stringify(fidelity.summary));
    assert.ok(uploads.includes('missing_in_live bytes'), JSON.stringify(fidelity.summary));
    // Nothing but the renamed field differs.
    for (const g of fidelity.summary) assert.ok(['size_bytes', 'bytes'].includes(g.field), JSON.stringify(g));
    // The first answer named is a journal entry of the bundle, one whose answer has the renamed field.
    const first = fidelity.summary[0].first;
    const entry = fs.readFileSync(path.join(r.out, 'journal', `${first.scenario}.jsonl`), 'utf8').split('\n')
      .filter(Boolean).map(JSON.parse).find((e) => e.id === first.journal_id);
    assert.ok(entry, `journal entry ${first.journal_id} of ${first.scenario}`);
    assert.match(entry.response_body, /"size_bytes":/);
    assert.equal(r.report.live.fidelity.differing, fidelity.differing);
    assert.match(r.stdout, /live: shadow fidelity: \d+ answer\(s\) compared with the mock's own, [1-9]\d* differed/);
    assert.match(r.stdout, /POST upload upload: size_bytes is missing in the mock \(live: integer\)/);
    assert.match(fs.readFileSync(path.join(r.out, 'report.md'), 'utf8'), /size\\?_bytes is missing in the mock/);
    // verify holds report.json's summary to fidelity.json: a run that hid its differences is caught.
    const verified = spawnSync(bin(), ['verify', r.out], { encoding: 'utf8' });
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    const hidden = path.join(tmp, 'fidelity-hidden');
    fs.cpSync(r.out, hidden, { recursive: true });
    const forgedReport = JSON.parse(fs.readFileSync(path.join(hidden, 'report.json'), 'utf8'));
    forgedReport.live.fidelity = { ...forgedReport.live.fidelity, differing: 0, distinct: 0, top: [] };
    fs.writeFileSync(path.join(hidden, 'report.json'), JSON.stringify(forgedReport, null, 2) + '\n');
    rehash(hidden);
    const caughtHiding = spawnSync(bin(), ['verify', hidden], { encoding: 'utf8' });
    assert.equal(caughtHiding.status, 1, caughtHiding.stdout + caughtHiding.stderr);
    assert.match(caughtHiding.stdout, /mismatch: report\.json \/live\/fidelity: differs from what fidelity\.json gives/);

    // Two live bundles, one faithful and one not; a mock bundle is refused by name.
    const faithful = run('faithful', [...liveArgs(), '--only', 'upload-basics']);
    assert.ok(faithful.report, faithful.stderr);
    const agg = spawnSync(bin(), ['fidelity', r.out, faithful.out, '--json', '-'], { encoding: 'utf8' });
    assert.equal(agg.status, 0, agg.stderr);
    const all = JSON.parse(agg.stdout);
    assert.equal(all.bundles, 2);
    assert.equal(all.compared, fidelity.compared + faithful.report.live.fidelity.compared);
    assert.ok(all.differences.some((g) => g.field === 'size_bytes' && g.bundles === 1 && g.first.bundle === r.out));
    const text = spawnSync(bin(), ['fidelity', r.out, faithful.out], { encoding: 'utf8' });
    assert.match(text.stdout, /^fidelity: 2 live bundle\(s\), \d+ answer\(s\) compared/m);
    assert.match(text.stdout, /1 bundle\(s\), \d+ answer\(s\): POST upload upload: size_bytes is missing in the mock/);
    const mock = run('fidelity-mock', ['--only', 'upload-basics']);
    const refused = spawnSync(bin(), ['fidelity', r.out, mock.out], { encoding: 'utf8' });
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /fidelity-mock: no fidelity\.json: a mock run's bundle/);
  } finally {
    proxy.kill();
  }
  assert.deepEqual(storedAssets(), []);
});
