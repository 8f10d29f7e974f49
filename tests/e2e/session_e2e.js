// End to end: integrations run as one long-lived session (docs/manifest.md, "Sessions"). The
// reference's session manifest passes the whole suite and its bundle verifies; a process-global SDK
// configuration, unseen with one process per action, is caught in a session (the kill matrix holds
// it to exactly its checks over the whole suite).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { bin, reference, runner, failingChecks } = require('./reference_run');
const { rehash } = require('./bundle_forgery');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cldcert-session-e2e-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const run = runner(tmp);
const sessionManifest = () => path.join(reference(), 'cldcert.session.json');

test('the reference run as a session passes every scenario, and its bundle verifies', () => {
  const r = run('session', ['--skip-large'], sessionManifest());
  assert.ok(r.report, r.stderr);
  assert.deepEqual(failingChecks(r.report), [], r.stdout);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const accounts = r.report.scenarios.find((s) => s.id === 'accounts');
  // A's asset deleted while B is active, then one upload per account at once.
  const del = accounts.steps.find((s) => s.action === 'delete');
  const active = accounts.steps[del.index - 1].cloud;
  assert.notEqual(del.cloud, active);
  const together = accounts.steps.filter((s) => s.concurrent_group !== undefined);
  assert.equal(together.length, 2);
  assert.notEqual(together[0].cloud, together[1].cloud);
  // The steps the session served show its answer as their log.
  const log = fs.readFileSync(path.join(r.out, del.log), 'utf8');
  assert.match(log, /"exit_code":0/);
  const verify = (dir) => spawnSync(bin(), ['verify', dir], { encoding: 'utf8' });
  const genuine = verify(r.out);
  assert.equal(genuine.status, 0, genuine.stdout + genuine.stderr);
  // Forged evidence of the accounts scenario: a step run at once given a range of its own, and a
  // step the manifest performs said to be left out.
  const forge = (name, edit) => {
    const dir = path.join(tmp, name);
    fs.cpSync(r.out, dir, { recursive: true });
    const file = path.join(dir, 'evidence', 'accounts.json');
    const evidence = JSON.parse(fs.readFileSync(file, 'utf8'));
    edit(evidence.steps);
    fs.writeFileSync(file, JSON.stringify(evidence));
    rehash(dir);
    return verify(dir);
  };
  const apart = forge('apart', (steps) => { steps[together[1].index].journal.after += 1; });
  assert.equal(apart.status, 1, apart.stdout);
  assert.match(apart.stdout, new RegExp(`step record ${together[1].index + 1}: its journal ids .* do not fit`));
  const left = forge('left-out', (steps) => { steps[del.index].skipped = 'the manifest has no \'delete\' action'; });
  assert.equal(left.status, 1, left.stdout);
  assert.match(left.stdout, new RegExp(`step record ${del.index + 1}: says it was left out`));
});

test('one SDK configuration for the whole process passes as processes, and mixes accounts in a session', () => {
  const flaw = ['--only', 'accounts', '--env', 'CLDCERT_FLAW=sdk-configured-once'];
  const processes = run('once-processes', flaw);
  assert.ok(processes.report, processes.stderr);
  assert.deepEqual(failingChecks(processes.report), [], processes.stdout);
  const session = run('once-session', flaw, sessionManifest());
  assert.ok(session.report, session.stderr);
  assert.deepEqual(failingChecks(session.report), ['accounts.isolation', 'accounts.restricted_key'], session.stdout);
  const isolation = session.report.scenarios[0].checks.find((c) => c.id === 'accounts.isolation');
  assert.match(isolation.seen, /sent to cloud '[^']+', not '[^']+'/);
});

// Another language, no SDK, one process holding every account in memory, no install step.
test('a Python session without an SDK is judged as it is, and its process-global config is caught', () => {
  const pyshop = path.join(path.dirname(reference()), 'pyshop');
  const clean = run('pyshop', ['--skip-large'], pyshop);
  assert.ok(clean.report, clean.stderr);
  assert.deepEqual(failingChecks(clean.report), [], clean.stdout);
  assert.equal(clean.report.verdict, 'pass');
  const accounts = clean.report.scenarios.find((s) => s.id === 'accounts');
  assert.equal(accounts.verdict, 'pass');
  // Its platform's name has a space: the User-Agent's token leaves it out, the comment keeps it.
  const ua = accounts.checks.find((c) => c.id === 'ua.format');
  assert.equal(ua.verdict, 'pass');
  assert.match(ua.message, /CloudinaryPyShop\/0\.3\.0 \(Py Shop 2\.0\.1\)/);
  // It declares no limits: R18 is not applicable, saying why (not "not checked").
  const r18 = clean.report.checklist.find((line) => line.item === 'R18');
  assert.equal(r18.verdict, 'not_applicable', JSON.stringify(r18));
  assert.match(r18.reason, /limits: the manifest declares no limit this scenario exercises/);
  // No install action: the optional install and uninstall steps are left out, saying why.
  assert.match(accounts.steps[0].skipped, /no 'install' action/);
  const verify = spawnSync(bin(), ['verify', clean.out], { encoding: 'utf8' });
  assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  // The seeded flaw over the whole suite: exactly the check meant for it.
  const flawed = run('pyshop-global', ['--skip-large', '--env', 'PYSHOP_FLAW=global-config'], pyshop);
  assert.ok(flawed.report, flawed.stderr);
  assert.deepEqual(failingChecks(flawed.report), ['accounts.isolation'], flawed.stdout);
});
