// End to end: the kill matrix. A reference integration with each seeded flaw of its flaws.json runs
// the whole suite but the 1.1 GiB scenario (the clean run in runner_e2e.js covers it): exactly the
// listed checks must fail, error or (recommended ones) warn, in any scenario, and no other.
// CLDCERT_KILL_INTEGRATION names the integration's folder (relative to the source tree; default the
// Node reference, fixtures/integrations/reference). What its clean run is already caught by
// (flaws.json "clean_run": {"warns": [...]}) is no flaw's doing and is left out of the comparison.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { reference, runner, checksWith, failingChecks, caughtChecks } = require('./reference_run');
const { required } = require('./mock_server');

const integrationDir = process.env.CLDCERT_KILL_INTEGRATION
  ? path.resolve(required('CLDCERT_SOURCE_DIR'), process.env.CLDCERT_KILL_INTEGRATION) : reference();

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cldcert-kill-matrix-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const run = runner(tmp);

test('every seeded flaw is caught by exactly its checks (kill matrix)', () => {
  const listed = JSON.parse(fs.readFileSync(path.join(integrationDir, 'flaws.json'), 'utf8'));
  const all = listed.flaws;
  assert.ok(all.length >= (integrationDir === reference() ? 22 : 10));
  const cleanRunCaught = new Set((listed.clean_run && listed.clean_run.warns) || []);
  const caughtByFlaw = (report) => caughtChecks(report).filter((id) => !cleanRunCaught.has(id));
  // CLDCERT_FLAWS=id,id… runs only those flaws (while working on one); the suite runs them all.
  const only = (process.env.CLDCERT_FLAWS || '').split(',').filter(Boolean);
  const unknown = only.filter((id) => !all.some((flaw) => flaw.id === id));
  assert.deepEqual(unknown, [], 'CLDCERT_FLAWS names flaws flaws.json does not have');
  let flaws = only.length ? all.filter((flaw) => only.includes(flaw.id)) : all;
  // CLDCERT_KILL_SHARD=K/N runs every N-th flaw from the K-th (script/test --ci rotates K by commit,
  // so CI covers every flaw over N commits within its time budget; script/test runs them all).
  const shard = (process.env.CLDCERT_KILL_SHARD || '').match(/^(\d+)\/(\d+)$/);
  if (process.env.CLDCERT_KILL_SHARD) {
    assert.ok(shard && +shard[1] >= 1 && +shard[1] <= +shard[2], `CLDCERT_KILL_SHARD must be K/N, not ${process.env.CLDCERT_KILL_SHARD}`);
    flaws = flaws.filter((_, i) => i % +shard[2] === +shard[1] - 1);
    console.log(`kill matrix share ${shard[1]}/${shard[2]}: ${flaws.map((f) => f.id).join(', ')}`);
  }
  const rows = [];
  const mismatches = [];
  for (const flaw of flaws) {
    const env = Object.entries(flaw.env || {}).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
    // A flaw must break its checks and no other anywhere: in any scenario, not only those that name them.
    // A flaw in the documents is a variant manifest (its path relative to flaws.json) naming other files.
    const integration = flaw.manifest ? path.join(integrationDir, flaw.manifest) : integrationDir;
    const r = run(`flaw-${flaw.id}`, [...env, '--skip-large'], integration);
    if (flaw.fails.length > 1 && !flaw.why) mismatches.push(`${flaw.id} breaks several checks: flaws.json must say why`);
    assert.ok(r.report, `${flaw.id}: no report (${r.stderr})`);
    const caught = caughtByFlaw(r.report);
    const failing = failingChecks(r.report);
    const warned = checksWith(r.report, ['warn']).filter((id) => !cleanRunCaught.has(id));
    rows.push(`${flaw.id.padEnd(28)} expected [${[...flaw.fails].sort().join(', ')}]  failed [${failing.join(', ')}]` +
              `  warned [${warned.join(', ')}]`);
    // Exactly the listed checks, no other: each failed, errored or (recommended) warned.
    if (JSON.stringify(caught) !== JSON.stringify([...flaw.fails].sort())) {
      mismatches.push(`${flaw.id}: expected [${[...flaw.fails].sort().join(', ')}], caught [${caught.join(', ')}]`);
      console.log(`${flaw.id}:\n${r.stdout}`);
      continue;
    }
    // Only a fail or error fails the run; a flaw caught by warnings alone still exits 0.
    const expectedStatus = failing.length > 0 ? 1 : 0;
    assert.equal(r.status, expectedStatus, `${flaw.id}: exit ${r.status}\n${r.stdout}${r.stderr}`);
    assert.equal(r.report.verdict, failing.length > 0 ? 'fail' : 'pass', flaw.id);
    // The bundle never holds the run's secrets, even when the flaw leaked them on the wire.
    for (const file of ['report.json', 'junit.xml', 'evidence.har']) {
      const text = fs.readFileSync(path.join(r.out, file), 'utf8');
      assert.ok(!/api_secret=[A-Za-z0-9_-]{27}/.test(text), `${flaw.id}: secret in ${file}`);
    }
  }
  console.log(`kill matrix:\n  ${rows.join('\n  ')}`);
  assert.deepEqual(mismatches, [], 'flaws caught by other checks than listed');
});

