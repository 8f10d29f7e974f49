// Reads junit.xml with an independent JUnit reader (test-results-parser, pinned in tests/junit: the
// parser testbeats reports CI results with) and checks it says what report.json says: the same
// pass/fail/skip of every check, each check's time, each suite's start. Its XML validator (fast-xml-parser,
// which it brings) judges well-formedness first.
// Usage: node junit_valid_e2e.js --npm-dir DIR [--reference INTEGRATION]   (CLDCERT_BIN names build/cldcert)
// Always reads tests/golden/junit.xml against tests/golden/report.json; with --reference, also the
// junit.xml of a `cldcert run` bundle of that integration.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function fail(message) {
  console.error(`junit_valid: ${message}`);
  process.exit(1);
}

const argument = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const npmDir = argument('--npm-dir');
if (!npmDir) fail('usage: junit_valid_e2e.js --npm-dir DIR [--reference INTEGRATION]');
const modules = path.join(npmDir, 'node_modules');
const { parse } = require(path.join(modules, 'test-results-parser'));
const { XMLValidator } = require(path.join(modules, 'fast-xml-parser'));

// What a reader must see for a check of report.json: a failure or an error is FAIL to it, a skip SKIP.
function expectedStatus(scenario, check) {
  if (check.verdict === 'fail' || check.verdict === 'error') return 'FAIL';
  if (['skip', 'not_applicable', 'waived'].includes(check.verdict)) return 'SKIP';
  // A pass in a scenario that stopped at an error judged only what ran: never shown as a pass.
  if (scenario.verdict === 'error' && scenario.reason) return 'SKIP';
  return 'PASS';
}

function checkAgainstReport(label, junitFile, report) {
  const text = fs.readFileSync(junitFile, 'utf8');
  const wellFormed = XMLValidator.validate(text);
  if (wellFormed !== true) fail(`${label}: not well-formed XML: ${JSON.stringify(wellFormed.err)}`);
  const result = parse({ type: 'junit', files: [junitFile] });
  const suites = new Map(result.suites.map((s) => [s.name, s]));
  let cases = 0;
  for (const scenario of report.scenarios) {
    const suite = suites.get(scenario.id);
    if (!suite) fail(`${label}: no test suite for scenario ${scenario.id}`);
    cases += suite.cases.length;
    if (Math.abs(suite.duration - scenario.duration_ms) > 0.01)
      fail(`${label}: suite ${scenario.id} lasts ${suite.duration} ms, report.json says ${scenario.duration_ms}`);
    if (scenario.started_at) {
      if (!suite.startTime || suite.startTime.getTime() !== new Date(scenario.started_at).getTime())
        fail(`${label}: suite ${scenario.id} started ${suite.startTime}, report.json says ${scenario.started_at}`);
    } else if (suite.startTime) {
      fail(`${label}: suite ${scenario.id} has a start, but the scenario did not run`);
    }
    if (scenario.verdict === 'not_applicable' || scenario.skipped) {
      if (suite.cases.length !== 1 || suite.cases[0].status !== 'SKIP')
        fail(`${label}: ${scenario.id} did not run, yet its suite is not one skipped case`);
      continue;
    }
    const checkCases = suite.cases.filter((c) => c.name !== 'steps');
    if (scenario.reason && !suite.cases.some((c) => c.name === 'steps' && c.status === 'FAIL'))
      fail(`${label}: ${scenario.id} stopped at an error, yet no failing "steps" case says so`);
    if (checkCases.length !== scenario.checks.length)
      fail(`${label}: ${scenario.id} has ${checkCases.length} check cases, report.json ${scenario.checks.length} checks`);
    scenario.checks.forEach((check, k) => {
      const c = checkCases[k];
      const name = check.item ? `${check.id} [${check.item}]` : check.id;
      if (c.name !== name) fail(`${label}: ${scenario.id} case ${k} is named ${c.name}, not ${name}`);
      if (c.status !== expectedStatus(scenario, check))
        fail(`${label}: ${scenario.id} ${name} reads ${c.status}, report.json says ${check.verdict}`);
      if (Math.abs(c.duration - (check.duration_ms ?? 0)) > 0.01)
        fail(`${label}: ${scenario.id} ${name} took ${c.duration} ms, report.json says ${check.duration_ms}`);
    });
  }
  // Readiness is a case of its own.
  const submission = suites.get('submission');
  if (!submission || submission.cases.length !== 1) fail(`${label}: no submission-ready case`);
  const ready = report.submission_ready.ready;
  if (submission.cases[0].status !== (ready ? 'PASS' : 'SKIP'))
    fail(`${label}: submission-ready reads ${submission.cases[0].status}, report.json says ready=${ready}`);
  cases += 1;
  // The totals the reader takes from the attributes agree with the cases it read.
  const all = result.suites.flatMap((s) => s.cases);
  const count = (status) => all.filter((c) => c.status === status).length;
  if (all.length !== cases) fail(`${label}: ${all.length} cases read, ${cases} expected`);
  // (It keeps the attributes' text: "0" and 0 alike.)
  const totals = { failed: Number(result.failed), errors: Number(result.errors), skipped: Number(result.skipped),
    passed: Number(result.passed) };
  if (totals.failed + totals.errors !== count('FAIL') || totals.skipped !== count('SKIP') || totals.passed !== count('PASS'))
    fail(`${label}: totals ${JSON.stringify(totals)} disagree with the cases (${count('FAIL')} failing, ` +
      `${count('SKIP')} skipped, ${count('PASS')} passing)`);
  console.log(`junit_valid: ${label}: ${all.length} cases in ${result.suites.length} suites read as report.json says`);
}

const golden = path.join(__dirname, '..', 'golden');
checkAgainstReport('tests/golden/junit.xml', path.join(golden, 'junit.xml'),
  JSON.parse(fs.readFileSync(path.join(golden, 'report.json'), 'utf8')));

const reference = argument('--reference');
if (reference) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cldcert-junit-'));
  try {
    const bundle = path.join(tmp, 'bundle');
    const run = spawnSync(process.env.CLDCERT_BIN, ['run', '--integration', reference, '--out', bundle, '--only',
      'upload-basics'], { encoding: 'utf8' });
    if (![0, 1].includes(run.status)) fail(`cldcert run exited ${run.status}: ${run.stderr}`);
    const report = JSON.parse(fs.readFileSync(path.join(bundle, 'report.json'), 'utf8'));
    const ran = report.scenarios.filter((s) => s.started_at);
    if (ran.length === 0) fail('the run recorded no scenario start');
    if (!ran.some((s) => s.checks.some((c) => c.duration_ms > 0))) fail('the run recorded no check time');
    checkAgainstReport("a run's junit.xml", path.join(bundle, 'junit.xml'), report);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
