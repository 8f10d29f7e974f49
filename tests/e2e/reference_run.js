'use strict';
// Running `cldcert run` on the reference integration (or another) from an e2e test, and reading
// which checks of its report failed, errored or warned.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { required } = require('./mock_server');

const bin = () => required('CLDCERT_BIN');
const reference = () => path.join(required('CLDCERT_SOURCE_DIR'), 'fixtures', 'integrations', 'reference');

// A run(name, extraArgs, integration) writing its bundles under `tmp`.
function runner(tmp) {
  return (name, extraArgs = [], integration = reference()) => {
    const out = path.join(tmp, name);
    const r = spawnSync(bin(), ['run', '--integration', integration, '--out', out, '--seed', '7', ...extraArgs],
                        { encoding: 'utf8', timeout: 600000 });
    const reportFile = path.join(out, 'report.json');
    const report = fs.existsSync(reportFile) ? JSON.parse(fs.readFileSync(reportFile, 'utf8')) : null;
    return { ...r, out, report };
  };
}

// Check ids whose verdict is one of `verdicts` in any scenario, sorted.
function checksWith(report, verdicts) {
  const ids = new Set();
  for (const s of report.scenarios) {
    for (const c of s.checks) if (verdicts.includes(c.verdict)) ids.add(c.id);
  }
  return [...ids].sort();
}
const failingChecks = (report) => checksWith(report, ['fail', 'error']);
// A recommended check's failure is reported as "warn": it still catches its flaw.
const caughtChecks = (report) => checksWith(report, ['fail', 'error', 'warn']);

module.exports = { bin, reference, runner, checksWith, failingChecks, caughtChecks };
