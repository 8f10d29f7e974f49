// End to end: the kill matrix, live. Each seeded flaw of the Node reference runs against the test
// upstream (live_upstream.js) and in mock mode over the scenarios a live run can judge; the live run must
// catch exactly what the mock run catches, and only checks flaws.json lists for the flaw — a flaw that is
// judgeable live is caught the same way live. CLDCERT_FLAWS and CLDCERT_KILL_SHARD pick flaws as in
// kill_matrix_e2e.js.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { reference, runner, caughtChecks } = require('./reference_run');
const { startLiveUpstream } = require('./live_upstream');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cldcert-live-kill-'));
process.env.CLDCERT_STATE_DIR = path.join(tmp, 'state');  // the live runs' ledgers
const run = runner(tmp);
let live;
test.before(async () => { live = await startLiveUpstream(tmp); });
test.after(async () => {
  if (live) await live.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('every seeded flaw judgeable live is caught live as in mock mode (live kill matrix)', () => {
  const listed = JSON.parse(fs.readFileSync(path.join(reference(), 'flaws.json'), 'utf8'));
  const cleanRunCaught = new Set((listed.clean_run && listed.clean_run.warns) || []);
  // The scenarios a live run judges: those the clean reference's live run does not mark not applicable.
  const clean = run('clean-live', [...live.liveArgs(), '--skip-large']);
  assert.ok(clean.report, clean.stderr);
  const judged = clean.report.scenarios.filter((s) => !['not_applicable', 'skip'].includes(s.verdict));
  const judgeable = judged.map((s) => s.id);
  assert.ok(judgeable.length >= 6, `only ${judgeable.join(', ')} ran live`);
  // A flaw runs in the judgeable scenarios that run one of its checks: whether it is caught by no other
  // check anywhere is the mock kill matrix's question; here, whether live judges it as the mock does.
  const scenariosOf = (flaw) => judged.filter((s) => s.checks.some((c) => flaw.fails.includes(c.id))).map((s) => s.id);
  const caught = (report) => caughtChecks(report).filter((id) => !cleanRunCaught.has(id));
  assert.deepEqual(caught(clean.report), [], `the clean reference is caught live: ${clean.stdout}`);

  const picked = (process.env.CLDCERT_FLAWS || '').split(',').filter(Boolean);
  assert.deepEqual(picked.filter((id) => !listed.flaws.some((f) => f.id === id)), [],
                   'CLDCERT_FLAWS names flaws flaws.json does not have');
  let flaws = picked.length ? listed.flaws.filter((f) => picked.includes(f.id)) : listed.flaws;
  const shard = (process.env.CLDCERT_KILL_SHARD || '').match(/^(\d+)\/(\d+)$/);
  if (shard) flaws = flaws.filter((_, i) => i % +shard[2] === +shard[1] - 1);
  const rows = [];
  const mismatches = [];
  let judgedLive = 0;
  const notLive = [];
  for (const flaw of flaws) {
    const scenarios = scenariosOf(flaw);
    if (scenarios.length === 0) {
      notLive.push(flaw.id);
      continue;
    }
    const only = ['--only', scenarios.join(','), '--skip-large'];
    const env = Object.entries(flaw.env || {}).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
    const integration = flaw.manifest ? path.join(reference(), flaw.manifest) : reference();
    const mock = run(`mock-${flaw.id}`, [...env, ...only], integration);
    const inLive = run(`live-${flaw.id}`, [...env, ...only, ...live.liveArgs()], integration);
    assert.ok(mock.report && inLive.report, `${flaw.id}: no report (${mock.stderr}${inLive.stderr})`);
    const expected = caught(mock.report), got = caught(inLive.report);
    if (expected.length > 0) ++judgedLive;
    rows.push(`${flaw.id.padEnd(28)} in ${scenarios.join(',')}: mock [${expected.join(', ')}]  live [${got.join(', ')}]`);
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      mismatches.push(`${flaw.id}: mock mode caught [${expected.join(', ')}], live [${got.join(', ')}]`);
      console.log(`${flaw.id} live:\n${inLive.stdout}`);
    }
    const unlisted = got.filter((id) => !flaw.fails.includes(id));
    if (unlisted.length > 0) mismatches.push(`${flaw.id}: caught live by unlisted checks [${unlisted.join(', ')}]`);
    assert.deepEqual(inLive.report.live.left_behind, [], flaw.id);
  }
  console.log(`live kill matrix (${judgeable.join(', ')}):\n  ${rows.join('\n  ')}\n` +
              `  not judgeable live (no scenario a live run judges runs their checks): ${notLive.join(', ')}`);
  assert.deepEqual(mismatches, [], 'flaws caught differently live');
  // Not a vacuous pass: most flaws show in the scenarios a live run judges.
  if (!picked.length && !shard) assert.ok(judgedLive >= flaws.length / 3, `only ${judgedLive} flaw(s) judged live`);
  assert.deepEqual(live.storedAssets(), []);
});
