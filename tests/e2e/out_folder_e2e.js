// End to end: cldcert never destroys what it did not write. `run --out` and `merge OUT` refuse a file,
// a folder that is not a bundle, the integration's folder, the current directory and a merge input
// (exit 2, nothing deleted); a run killed by SIGTERM or SIGKILL leaves the previous bundle intact and
// none of its temporary folders or running integration processes behind.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { required } = require('./mock_server');
const { writeStagedManifest } = require('./staged_integration');

const bin = () => required('CLDCERT_BIN');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cldcert-out-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

// A private temporary directory per run, so the test sees exactly the folders that run made.
function privateTmp(name) {
  const dir = path.join(tmp, `tmpdir-${name}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
const scratch = (dir) => fs.readdirSync(dir).filter((f) => /^cldcert-(work|mock)-/.test(f));

// A tiny integration whose one action is a shell line: quick, or (with HANG=<pid file>) asleep.
function integration(name) {
  const dir = path.join(tmp, name);
  writeStagedManifest(dir, 'if [ -n "$HANG" ]; then echo $$ > "$HANG"; sleep 60; fi; echo {{}}', 120);
  for (const id of ['one', 'two']) {
    fs.writeFileSync(path.join(dir, 'scenarios', `${id}.scenario.json`), JSON.stringify({
      id, title: `scenario ${id}`, checklist: ['T2'], requires: ['upload'],
      fixtures: { f: { size: '1KB' } }, steps: [{ action: 'upload', args: { file: '{fixture.f}' } }],
      checks: ['ua.format'] }));
  }
  return dir;
}
const dir = integration('staged');
const runArgs = (out, extra = []) => ['run', '--integration', dir, '--scenarios', path.join(dir, 'scenarios'),
  '--out', out, ...extra];
function run(out, extra = [], options = {}) {
  return spawnSync(bin(), runArgs(out, extra), { encoding: 'utf8', timeout: 60000, ...options });
}

test('a run writes a bundle with its marker, listed in MANIFEST.sha256, that verify accepts and a rerun replaces', () => {
  const out = path.join(tmp, 'bundle');
  const first = run(out);
  assert.notEqual(first.status, 2, first.stderr);
  assert.match(fs.readFileSync(path.join(out, '.cldcert-bundle'), 'utf8'), /"schema":"cldcert\/bundle\/v1"/);
  assert.match(fs.readFileSync(path.join(out, 'MANIFEST.sha256'), 'utf8'), /^[0-9a-f]{64} {2}\.cldcert-bundle$/m);
  const v = spawnSync(bin(), ['verify', out], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stdout + v.stderr);
  const again = run(out);
  assert.notEqual(again.status, 2, again.stderr);
  assert.deepEqual(fs.readdirSync(tmp).filter((f) => f.includes('cldcert-tmp')), [], 'no staging folder is left');
});

test('run --out refuses a file, a folder that is not a bundle and the integration itself; nothing is deleted', () => {
  const file = path.join(tmp, 'notes.txt');
  fs.writeFileSync(file, 'precious');
  let r = run(file);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`--out ${file}: is a file`));
  assert.equal(fs.readFileSync(file, 'utf8'), 'precious');

  const folder = path.join(tmp, 'sources');
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'main.c'), 'int main;');
  r = run(folder);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /sources: is a folder that is not a cldcert bundle/);
  assert.equal(fs.readFileSync(path.join(folder, 'main.c'), 'utf8'), 'int main;');

  // `--out .` from inside the integration, even when that folder also carries a bundle marker.
  fs.writeFileSync(path.join(dir, '.cldcert-bundle'), '{}');
  r = run('.', [], { cwd: dir });
  fs.rmSync(path.join(dir, '.cldcert-bundle'));
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /is the integration's folder/);
  r = run(tmp);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /contains the integration's folder/);
  assert.ok(fs.existsSync(path.join(dir, 'cldcert.json')));
  assert.ok(fs.existsSync(path.join(folder, 'main.c')));
});

test('merge refuses OUT that is or contains an input, or the current folder; nothing is deleted', () => {
  const one = path.join(tmp, 'shard-1');
  const two = path.join(tmp, 'shard-2');
  assert.notEqual(run(one, ['--shard', '1/2']).status, 2);
  assert.notEqual(run(two, ['--shard', '2/2']).status, 2);
  const before = fs.readFileSync(path.join(one, 'report.json'), 'utf8');
  let m = spawnSync(bin(), ['merge', one, `${tmp}/./shard-1`, two], { encoding: 'utf8' });
  assert.equal(m.status, 2, m.stderr);
  assert.match(m.stderr, /shard-1: is a bundle being merged/);
  m = spawnSync(bin(), ['merge', tmp, one, two], { encoding: 'utf8' });
  assert.equal(m.status, 2, m.stderr);
  assert.match(m.stderr, /: contains a bundle being merged/);
  const cwd = path.join(tmp, 'workspace');
  fs.mkdirSync(cwd);
  fs.writeFileSync(path.join(cwd, 'keep'), 'x');
  m = spawnSync(bin(), ['merge', '.', one, two], { encoding: 'utf8', cwd });
  assert.equal(m.status, 2, m.stderr);
  assert.equal(fs.readFileSync(path.join(cwd, 'keep'), 'utf8'), 'x');
  assert.equal(fs.readFileSync(path.join(one, 'report.json'), 'utf8'), before);
  assert.ok(fs.existsSync(path.join(two, 'report.json')));
  const merged = path.join(tmp, 'merged');
  m = spawnSync(bin(), ['merge', merged, one, two], { encoding: 'utf8' });
  assert.notEqual(m.status, 2, m.stderr);
  assert.ok(fs.existsSync(path.join(merged, '.cldcert-bundle')));
  assert.equal(spawnSync(bin(), ['verify', merged], { encoding: 'utf8' }).status, 0);
});

// Kills cldcert mid-step with `signal`; resolves once every holder of its stderr (cldcert and its
// clean-up process) has gone, with what it printed.
async function killedRun(name, signal) {
  const out = path.join(tmp, `${name}-out`);
  const tmpdir = privateTmp(name);
  const env = { ...process.env, TMPDIR: tmpdir };
  assert.notEqual(run(out, ['--only', 'one'], { env }).status, 2);
  const previous = fs.readFileSync(path.join(out, 'report.json'), 'utf8');
  const pidFile = path.join(tmp, `${name}.pid`);
  const child = spawn(bin(), [...runArgs(out, ['--only', 'one']), '--env', `HANG=${pidFile}`],
                      { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const closed = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  for (let i = 0; i < 200 && !fs.existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 50));
  const step = Number(fs.readFileSync(pidFile, 'utf8'));
  const during = scratch(tmpdir);
  assert.ok(during.some((f) => f.startsWith('cldcert-work-')) && during.some((f) => f.startsWith('cldcert-mock-')),
            `the run's scratch folders exist while it runs: ${during}`);
  child.kill(signal);
  const code = await closed;
  const alive = () => { try { process.kill(-step, 0); return true; } catch { return false; } };
  // Reaping the orphaned step by init may take a moment after the guardian's SIGKILL.
  for (let i = 0; i < 60 && alive(); i++) await new Promise((r) => setTimeout(r, 50));
  const stepSurvived = alive();
  if (stepSurvived) process.kill(-step, 'SIGKILL');
  return { code, stderr, out, tmpdir, previous, stepSurvived };
}

for (const signal of ['SIGTERM', 'SIGKILL']) {
  test(`a run killed by ${signal} leaves the previous bundle intact and no temporary folder`, async () => {
    const r = await killedRun(signal.toLowerCase(), signal);
    if (signal === 'SIGTERM') assert.equal(r.code, 130, r.stderr);
    assert.deepEqual(scratch(r.tmpdir), [], r.stderr);
    assert.equal(r.stepSurvived, false, 'the integration\'s step was stopped with cldcert');
    assert.equal(fs.readFileSync(path.join(r.out, 'report.json'), 'utf8'), r.previous);
    assert.deepEqual(fs.readdirSync(tmp).filter((f) => f.includes('cldcert-tmp')), [], 'no staging folder is left');
  });
}

test('a killed run\'s leftovers are named and removed at the next start; folders of unknown owner are only named', () => {
  const tmpdir = privateTmp('stale');
  const dead = path.join(tmpdir, 'cldcert-mock-dead01');
  fs.mkdirSync(path.join(dead, 'chunks'), { recursive: true });
  fs.writeFileSync(path.join(dead, 'chunks', 'c'), Buffer.alloc(3 << 20));
  fs.writeFileSync(path.join(dead, '.cldcert-owner'), '999999999 1\n');  // no such process
  const unknown = path.join(tmpdir, 'cldcert-work-unknown');
  fs.mkdirSync(unknown);
  // Two minutes old: a folder made within the last minute may be a starting cldcert's, not named.
  const old = new Date(Date.now() - 120_000);
  fs.utimesSync(unknown, old, old);
  const fresh = path.join(tmpdir, 'cldcert-work-fresh');
  fs.mkdirSync(fresh);
  const r = run(path.join(tmp, 'stale-out'), ['--only', 'one'], { env: { ...process.env, TMPDIR: tmpdir } });
  assert.notEqual(r.status, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`removing ${dead} \\(3\\.0 MiB\\), left behind by a cldcert that was killed`));
  assert.match(r.stderr, new RegExp(`${unknown} \\(0\\.0 KiB\\) looks like a cldcert temporary folder`));
  assert.equal(fs.existsSync(dead), false);
  assert.equal(fs.existsSync(unknown), true);
  assert.doesNotMatch(r.stderr, /cldcert-work-fresh/);
  assert.equal(fs.existsSync(fresh), true);
});
