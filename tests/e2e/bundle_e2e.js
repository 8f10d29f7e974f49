// End to end: the bundle a reviewer receives. `cldcert verify` passes on a fresh bundle and names
// each tampering (a flipped byte, an edited verdict, a missing file); the same seed gives the same
// report.json but for times; no file of the bundle holds a secret of the run.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { required } = require('./mock_server');
const { rehash } = require('./bundle_forgery');

const bin = () => required('CLDCERT_BIN');
const reference = () => path.join(required('CLDCERT_SOURCE_DIR'), 'fixtures', 'integrations', 'reference');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cldcert-bundle-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

// A leaking flaw, so the bundle has failures and redacted secrets to verify.
const ONLY = 'upload-basics,delivery,rate-limits';
function run(name, extra = [], seed = '11', only = ONLY) {
  const out = path.join(tmp, name);
  const r = spawnSync(bin(), ['run', '--integration', reference(), '--out', out, '--seed', seed, '--only', only,
    '--env', 'CLDCERT_FLAW=secret-in-upload-params', ...extra], { encoding: 'utf8', timeout: 300000 });
  assert.ok(fs.existsSync(path.join(out, 'report.json')), r.stdout + r.stderr);
  return out;
}
const verify = (dir) => spawnSync(bin(), ['verify', dir], { encoding: 'utf8' });
function copy(from, name) {
  const to = path.join(tmp, name);
  fs.cpSync(from, to, { recursive: true });
  return to;
}

let bundle;
let again;  // the same run again (same seed, same run id): its evidence is genuine, but not bundle's
test.before(() => {
  bundle = run('a');
  again = run('again', [], '11', 'delivery');
});

// A forger edits a copy, then rewrites MANIFEST.sha256 so every hash matches again.
function forge(name, edit, from = bundle) {
  const dir = copy(from, name);
  edit(dir);
  rehash(dir);
  return dir;
}
const editReport = (dir, edit) => {
  const file = path.join(dir, 'report.json');
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  edit(report);
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
};
const scenario = (report, id) => report.scenarios.find((s) => s.id === id);
function forged(name, edit, ...expected) {
  forgedFrom(bundle, name, edit, ...expected);
}
function forgedFrom(from, name, edit, ...expected) {
  const r = verify(forge(name, edit, from));
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /verify: FAILED/);
  for (const e of expected) assert.match(r.stdout, e);
}

test('verify passes on a fresh bundle and re-derives every check', () => {
  const r = verify(bundle);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /verify: OK — verdict fail, not submission-ready \(\d+ obstacle\(s\)\); \d+ file hashes match; \d+ check verdicts in 3 scenario\(s\) re-derived from the evidence, report\.json and 4 rendered file\(s\) identical/);
  const listed = fs.readFileSync(path.join(bundle, 'MANIFEST.sha256'), 'utf8');
  for (const f of ['report.json', 'junit.xml', 'evidence.har', 'integration/cldcert.json', 'evidence/delivery.json',
    'journal/delivery.jsonl']) {
    assert.match(listed, new RegExp(`^[0-9a-f]{64}  ${f.replace('.', '\\.')}$`, 'm'), f);
  }
});

test('a flipped byte in the evidence fails verify, naming the file', () => {
  const dir = copy(bundle, 'flipped');
  const file = path.join(dir, 'evidence', 'delivery.json');
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 5] ^= 1;
  fs.writeFileSync(file, bytes);
  const r = verify(dir);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /mismatch: evidence\/delivery\.json: changed since the bundle was written/);
});

test('an edited verdict fails verify twice: by hash and by re-deriving it', () => {
  const dir = copy(bundle, 'edited');
  const file = path.join(dir, 'report.json');
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const check = report.scenarios.find((s) => s.id === 'delivery').checks.find((c) => c.id === 'secret.traffic');
  assert.equal(check.verdict, 'fail');
  check.verdict = 'pass';
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
  const r = verify(dir);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /report\.json: changed since the bundle was written/);
  assert.match(r.stdout, /report\.json \/scenarios\/\d+\/checks\/\d+\/verdict \(delivery › secret\.traffic\): says "pass", the evidence gives "fail"/);
});

test('forged: a scenario without its journal key and every verdict set to pass', () => {
  forged('no-journal', (dir) => editReport(dir, (report) => {
    const s = scenario(report, 'delivery');
    delete s.journal;
    s.verdict = 'pass';
    for (const c of s.checks) c.verdict = 'pass';
    report.verdict = 'pass';
  }), /report\.json \/scenarios\/\d+\/journal \(delivery\): missing; the evidence gives "journal\/delivery\.jsonl"/,
  /report\.json \/scenarios\/\d+\/checks\/\d+\/verdict \(delivery › secret\.traffic\): says "pass", the evidence gives "fail"/,
  /report\.json \/verdict: says "pass", the evidence gives "fail"/);
});

test('forged: a skipped field on a scenario that ran', () => {
  forged('skipped', (dir) => editReport(dir, (report) => {
    scenario(report, 'delivery').skipped = 'skipped with --skip-large; run without it before submitting';
  }), /report\.json \/scenarios\/\d+\/skipped \(delivery\): says "skipped with --skip-large.*", which the evidence does not give/);
});

test('forged: a failing check deleted', () => {
  forged('no-check', (dir) => editReport(dir, (report) => {
    const s = scenario(report, 'delivery');
    s.checks = s.checks.filter((c) => c.id !== 'secret.traffic');
  }), /report\.json \/scenarios\/\d+\/checks\/\d+\S* \(delivery › secret\.traffic\)/);
});

test('forged: a whole scenario deleted', () => {
  forged('no-scenario', (dir) => editReport(dir, (report) => {
    report.scenarios = report.scenarios.filter((s) => s.id !== 'delivery');
  }), /report\.json \/scenarios: scenario delivery is missing; the plan runs it \(fail\)/);
});

test('forged: a failure waived with an invented waiver', () => {
  forged('invented-waiver', (dir) => editReport(dir, (report) => {
    const w = { check: 'secret.traffic', scenario: 'delivery', reason: 'rotating keys', expires: '2999-12-31', status: 'applied' };
    report.waivers = [w];
    const c = scenario(report, 'delivery').checks.find((x) => x.id === 'secret.traffic');
    c.verdict = 'waived';
    c.message = `waived until ${w.expires} (${w.reason}): ${c.message}`;
  }), /report\.json \/waivers: says .*, which the evidence does not give/,
  /\/verdict \(delivery › secret\.traffic\): says "waived", the evidence gives "fail"/);
});

test('forged: submission_ready set to ready', () => {
  forged('ready', (dir) => editReport(dir, (report) => {
    report.submission_ready = { ready: true, obstacles: [] };
  }), /report\.json \/submission_ready\/ready: says true, the evidence gives false/);
});

for (const file of ['report.html', 'report.md', 'junit.xml']) {
  test(`forged: ${file} says PASS`, () => {
    forged(`pass-${file}`, (dir) => {
      const f = path.join(dir, file);
      let text = fs.readFileSync(f, 'utf8').replace(/fail/gi, 'PASS');
      if (file === 'junit.xml') text = text.replace(/<failure[^>]*>[^<]*<\/failure>/g, '');
      fs.writeFileSync(f, text);
    }, new RegExp(`mismatch: ${file.replace('.', '\\.')}: differs from what report\\.json renders to, from line \\d+`));
  });
}

test('forged: evidence/<scenario>.json swapped in from another run', () => {
  forged('swapped', (dir) => {
    fs.copyFileSync(path.join(again, 'evidence', 'delivery.json'), path.join(dir, 'evidence', 'delivery.json'));
  }, /evidence\/delivery\.json: was written with another journal\/delivery\.jsonl/);
});

test('forged: an errored scenario turned into a pass', () => {
  // No `node` on the PATH: the reference's actions cannot start, so the scenario errors.
  const errored = run('errored', ['--env', 'PATH=/nonexistent'], '11', 'delivery');
  const report = JSON.parse(fs.readFileSync(path.join(errored, 'report.json'), 'utf8'));
  assert.equal(scenario(report, 'delivery').verdict, 'error');
  assert.equal(verify(errored).status, 0, 'the genuine errored bundle verifies');
  forgedFrom(errored, 'error-to-pass', (dir) => editReport(dir, (r) => {
    const s = scenario(r, 'delivery');
    s.verdict = 'pass';
    delete s.reason;
    for (const c of s.checks) { c.verdict = 'pass'; }
    r.verdict = 'pass';
  }), /delivery/);
});

test('forged: MANIFEST.sha256 naming files outside the bundle', () => {
  const outside = path.join(tmp, 'outside.txt');
  fs.writeFileSync(outside, 'not part of the bundle\n');
  const hash = crypto.createHash('sha256').update(fs.readFileSync(outside)).digest('hex');
  const dir = forge('outside', () => {});
  fs.appendFileSync(path.join(dir, 'MANIFEST.sha256'), `${hash}  ../outside.txt\n${hash}  ${outside}\n`);
  const r = verify(dir);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stdout, /mismatch: \.\.\/outside\.txt: listed in MANIFEST\.sha256 as a path with a "\.\." part/);
  assert.match(r.stdout, new RegExp(`mismatch: ${outside.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: listed in MANIFEST\\.sha256 as an absolute path`));
});

test('a missing file fails verify; a bundle without report.json is bad input', () => {
  const dir = copy(bundle, 'missing');
  fs.rmSync(path.join(dir, 'junit.xml'));
  const r = verify(dir);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /junit\.xml: listed in MANIFEST\.sha256 but missing/);
  const empty = fs.mkdtempSync(path.join(tmp, 'empty-'));
  const bad = verify(empty);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /not a cldcert bundle \(no report\.json\)/);
});

// Times, durations, CPU, what is made of the clock (asset versions, URL signatures over them), the
// run's scratch folder, and the --out folder the provenance's command line names.
function normalised(dir) {
  const text = fs.readFileSync(path.join(dir, 'report.json'), 'utf8')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'TIME')
    .replace(/\/v\d{10}\//g, '/vVERSION/')
    .replace(/cldcert-work-[A-Za-z0-9]{6}/g, 'cldcert-work-WORK')
    .replace(/s--[A-Za-z0-9_-]{8,32}--/g, 's--SIG--');
  const report = JSON.parse(text);
  if (report.provenance) report.provenance.command = report.provenance.command.filter((a) => !a.startsWith(tmp));
  const strip = (o) => {
    if (Array.isArray(o)) return o.map(strip);
    if (o && typeof o === 'object') {
      const out = {};
      for (const [k, v] of Object.entries(o)) {
        if (['duration_ms', 'cpu_s', 'version_id', 'etag', 'created_at'].includes(k)) continue;
        if (k === 'version' && typeof v === 'number') continue;  // an asset's version is its upload time
        out[k] = strip(v);
      }
      return out;
    }
    return o;
  };
  return strip(report);
}

test('the same seed gives the same report.json, but for times', () => {
  const again = run('b');
  assert.deepEqual(normalised(again), normalised(bundle));
});

test('report.json says where the run happened: command (no secret in it), sources, cldcert, machine', () => {
  const report = JSON.parse(fs.readFileSync(path.join(bundle, 'report.json'), 'utf8'));
  const p = report.provenance;
  assert.equal(p.command[1], 'run');
  assert.ok(p.command.includes('--seed'), p.command.join(' '));
  // The reference lives in this repository: the integration's source is its checkout.
  const head = spawnSync('git', ['-C', reference(), 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  if (head.status === 0) assert.equal(p.integration_source.commit, head.stdout.trim());
  assert.equal(typeof p.integration_source.dirty, head.status === 0 ? 'boolean' : 'object');
  assert.match(p.cldcert.commit, /^([0-9a-f]{40}(-dirty)?|unknown)$/);
  assert.ok(p.machine.cpus >= 1 && p.machine.os.startsWith('Linux'));
  const md = fs.readFileSync(path.join(bundle, 'report.md'), 'utf8');
  assert.match(md, /integration source: (git commit [0-9a-f]{40}|not a git checkout)/);
});

// The clouds of a scenario come from sha256("<seed>\n<scenario id>") (scenario_accounts in
// harness/scenario_run.cc); `cldcert serve --seed` writes the same accounts, secrets included.
async function scenarioSecrets(seed, id) {
  const derived = BigInt('0x' + require('node:crypto').createHash('sha256').update(`${seed}\n${id}`).digest('hex').slice(0, 15));
  const file = path.join(tmp, `accounts-${id}.json`);
  const { spawn } = require('node:child_process');
  const child = spawn(bin(), ['serve', '--port', '0', '--seed', derived.toString(), '--write-accounts', file],
                      { stdio: 'ignore' });
  for (let i = 0; i < 100 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGTERM');
  const accounts = JSON.parse(fs.readFileSync(file, 'utf8')).accounts;
  return accounts.flatMap((a) => [a.provisioning_secret, ...a.clouds.map((c) => c.api_secret)]).filter(Boolean);
}

test('no file of the bundle holds a secret of the run, in any encoding (cldcert scan finds none)', async () => {
  const secrets = [];
  for (const id of ONLY.split(',')) secrets.push(...await scenarioSecrets(11, id));
  assert.ok(secrets.length >= 12);
  // The flaw sent them as upload parameters, so the raw traffic had them; the bundle must not.
  const report = JSON.parse(fs.readFileSync(path.join(bundle, 'report.json'), 'utf8'));
  assert.equal(report.scenarios.find((s) => s.id === 'upload-basics').checks.find((c) => c.id === 'secret.traffic').verdict, 'fail');
  const out = path.join(tmp, 'scan.json');
  const scan = spawnSync(bin(), ['scan', bundle, '--no-patterns', ...secrets.flatMap((s) => ['--secret', s]), '--json', out],
                         { encoding: 'utf8' });
  assert.equal(scan.status, 0, scan.stdout + scan.stderr);
  assert.deepEqual(JSON.parse(fs.readFileSync(out, 'utf8')), []);
});

test('waivers: an applied one passes the run and shows as waived; expired, stale and malformed ones do not', () => {
  const write = (name, waivers) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, JSON.stringify({ waivers }));
    return file;
  };
  const all = ONLY.split(',').map((scenario) => ({ check: 'secret.traffic', scenario, reason: 'rotating keys', expires: '2999-12-31' }));
  const out = path.join(tmp, 'waived');
  const r = spawnSync(bin(), ['run', '--integration', reference(), '--out', out, '--seed', '11', '--only', ONLY,
    '--env', 'CLDCERT_FLAW=secret-in-upload-params', '--waivers', write('ok.json', all)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /waivers:\n {2}applied {2}upload-basics › secret\.traffic until 2999-12-31: rotating keys/);
  const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
  assert.equal(report.verdict, 'pass');
  assert.equal(report.submission_ready.ready, false);
  assert.equal(report.scenarios.find((s) => s.id === 'delivery').checks.find((c) => c.id === 'secret.traffic').verdict, 'waived');
  assert.match(fs.readFileSync(path.join(out, 'junit.xml'), 'utf8'), /<skipped message="waived until 2999-12-31/);
  assert.equal(verify(out).status, 0, verify(out).stdout);

  const expired = all.map((w) => ({ ...w, expires: '2001-01-01' }));
  const e = spawnSync(bin(), ['run', '--integration', reference(), '--out', path.join(tmp, 'expired'), '--seed', '11',
    '--only', ONLY, '--env', 'CLDCERT_FLAW=secret-in-upload-params', '--waivers', write('expired.json', expired)], { encoding: 'utf8' });
  assert.equal(e.status, 1);
  assert.match(e.stdout, /EXPIRED/);
  const stale = spawnSync(bin(), ['run', '--integration', reference(), '--out', path.join(tmp, 'stale'), '--seed', '11',
    '--only', 'upload-basics', '--waivers', write('stale.json', [all[0]])], { encoding: 'utf8' });
  assert.equal(stale.status, 1, stale.stdout);
  assert.match(stale.stdout, /STALE: the check no longer fails/);
  const bad = spawnSync(bin(), ['run', '--integration', reference(), '--out', path.join(tmp, 'bad'),
    '--waivers', write('bad.json', [{ check: 'x' }])], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /bad\.json: \/waivers\/0\/scenario: expected a scenario id/);
});

test('shards merge into one bundle that verifies and judges like the unsharded run', () => {
  const shard = (k, extra = []) => run(`shard-${k}`, ['--shard', `${k}/2`, ...extra]);
  const one = shard(1);
  const two = shard(2);
  const ids = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')).scenarios.map((s) => s.id);
  assert.equal(ids(one).filter((id) => ids(two).includes(id)).length, 0, 'no scenario runs in both shards');
  const merged = path.join(tmp, 'merged');
  const m = spawnSync(bin(), ['merge', merged, one, two], { encoding: 'utf8' });
  assert.equal(m.status, 1, m.stdout + m.stderr);  // the leaking flaw fails the merged run too
  assert.match(m.stdout, /merged 2 bundle\(s\), 3 scenario\(s\)/);
  const v = verify(merged);
  assert.equal(v.status, 0, v.stdout);
  const whole = JSON.parse(fs.readFileSync(path.join(bundle, 'report.json'), 'utf8'));
  const parts = JSON.parse(fs.readFileSync(path.join(merged, 'report.json'), 'utf8'));
  assert.deepEqual(parts.checklist, whole.checklist);
  assert.equal(parts.verdict, whole.verdict);
  assert.deepEqual(parts.shards.map((s) => s.shard), ['1/2', '2/2']);
  const har = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'evidence.har'), 'utf8')).log;
  const pages = (dir) => har(dir).pages.map((p) => p.id);
  assert.deepEqual([...pages(merged)].sort(), [...pages(one), ...pages(two)].sort());
  const started = har(merged).entries.map((e) => e.startedDateTime);
  assert.deepEqual(started, [...started].sort(), 'merged entries in time order');

  const tampered = copy(two, 'tampered-shard');
  fs.appendFileSync(path.join(tampered, 'junit.xml'), ' ');
  const t = spawnSync(bin(), ['merge', path.join(tmp, 'merged-bad'), one, tampered], { encoding: 'utf8' });
  assert.equal(t.status, 2);
  assert.match(t.stderr, /tampered-shard: fails its MANIFEST\.sha256: junit\.xml: changed/);
  const other = run('other-seed', ['--shard', '2/2'], '12');
  const s = spawnSync(bin(), ['merge', path.join(tmp, 'merged-seeds'), one, other], { encoding: 'utf8' });
  assert.equal(s.status, 2);
  assert.match(s.stderr, /other-seed: \/seed is 12, the first bundle's is 11/);
});
