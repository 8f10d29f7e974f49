// End to end: `cldcert run` on the PHP reference integration (fixtures/integrations/php-reference): over
// the scenarios that need no Cloudinary traffic (it installs, updates and uninstalls cleanly on Phpplat,
// its documents are complete, its own tests run and pass, flaws there are caught), and over the whole
// suite through the network front, its hosts being hard-coded.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { required } = require('./mock_server');
const { runner, caughtChecks } = require('./reference_run');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cldcert-php-reference-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const run = runner(tmp);
const phpReference = () => path.join(required('CLDCERT_SOURCE_DIR'), 'fixtures', 'integrations', 'php-reference');

test('the PHP reference passes lifecycle, docs and quality (exit 0)', () => {
  const r = run('php-reference', ['--only', 'lifecycle,docs,quality'], phpReference());
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.report.verdict, 'pass');
  assert.equal(r.report.integration.version, '1.0.0');
  assert.deepEqual(caughtChecks(r.report), []);
  for (const s of r.report.scenarios.filter((x) => x.verdict !== 'not_applicable')) {
    assert.equal(s.verdict, 'pass', JSON.stringify(s, null, 1));
  }
  // Its own tests ran through the manifest's `test` action and their TAP summary was read.
  const quality = r.report.scenarios.find((s) => s.id === 'quality').checks.find((c) => c.id === 'quality.evidence');
  assert.equal(quality.verdict, 'pass');
  assert.match(quality.message, /\(\d+ passed, 0 failed\)/);
});

test('seeded flaws the no-traffic scenarios see are caught exactly', () => {
  for (const [flaw, fails] of [['update-loses-settings', ['update.keeps_settings']],
    ['uninstall-leaves-handler', ['uninstall.clean']]]) {
    const r = run(`php-${flaw}`, ['--only', 'lifecycle,docs,quality', '--env', `PHPREF_FLAW=${flaw}`], phpReference());
    assert.deepEqual(caughtChecks(r.report), fails, `${flaw}: ${r.stdout}`);
  }
  // The flaws in its documents: a variant manifest each (flaws.json "manifest"), judged by the docs scenario.
  const inDocuments = JSON.parse(fs.readFileSync(path.join(phpReference(), 'flaws.json'), 'utf8')).flaws
    .filter((flaw) => flaw.manifest);
  assert.ok(inDocuments.length >= 2);
  for (const flaw of inDocuments) {
    const r = run(`php-${flaw.id}`, [], path.join(phpReference(), flaw.manifest));
    assert.deepEqual(caughtChecks(r.report), [...flaw.fails].sort(), `${flaw.id}: ${r.stdout}`);
  }
});

// Its hard-coded hosts reach the mock through the network front cldcert picks by default: the sandbox where the
// machine can make namespaces, else the proxy.
test('through the network front the PHP reference passes every applicable item, the 1.1 GiB upload included', () => {
  const r = run('php-reference-front', [], phpReference());
  assert.match(r.stdout, /^network: (sandbox|proxy) /m);
  assert.match(r.stdout, /^ {2}chosen by default/m);
  assert.equal(r.report.network, /^network: sandbox /m.test(r.stdout) ? 'sandbox' : 'proxy');
  // Its curl verifies certificates: both probes of the secrets scenario were refused.
  const secrets = r.report.scenarios.find((s) => s.id === 'secrets');
  assert.equal(secrets.checks.find((c) => c.id === 'network.tls_verified').verdict, 'pass');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.report.verdict, 'pass');
  // It uses no Cloudinary SDK (P3, recommended): flaws.json's clean_run names that warning, and only that.
  const cleanRun = JSON.parse(fs.readFileSync(path.join(phpReference(), 'flaws.json'), 'utf8')).clean_run;
  assert.deepEqual(caughtChecks(r.report), cleanRun.warns);
  assert.deepEqual(r.report.checklist.filter((i) => i.verdict === 'not_checked').map((i) => i.item), []);
  for (const s of r.report.scenarios.filter((x) => x.verdict !== 'not_applicable')) {
    assert.ok(['pass', 'warn'].includes(s.verdict), JSON.stringify(s, null, 1));
  }
});
