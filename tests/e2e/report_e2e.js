// End to end: `cldcert run` renders report.html and report.md into the bundle (reports/render.py),
// `cldcert report DIR` renders them again, and when no Python 3 with Jinja2 can render, the run
// still succeeds and says how to render later.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { required } = require('./mock_server');

const bin = () => required('CLDCERT_BIN');
const reference = () => path.join(required('CLDCERT_SOURCE_DIR'), 'fixtures', 'integrations', 'reference');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cldcert-report-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cldcert(args, env = {}) {
  return spawnSync(bin(), args, { encoding: 'utf8', timeout: 300000, env: { ...process.env, ...env } });
}

test('cldcert run writes report.html and report.md beside report.json', () => {
  const out = path.join(tmp, 'full');
  const r = cldcert(['run', '--integration', reference(), '--out', out, '--seed', '7', '--skip-large']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`report: ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/report\\.html`));
  const md = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
  // --skip-large: every check passes, yet the bundle cannot be submitted; the one verdict says both.
  assert.match(md, /^\*\*Verdict: passes but not submission-ready\*\* \(because scenario large-files was not run/m);
  assert.match(md, /^\*\*Submission-ready: no\*\* — /m);
  assert.match(md, /^\| T2 \| must \| .* \| ✅ pass \|/m);
  const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
  assert.match(html, /<table class="checklist">/);
  assert.match(html, /class="timeline"/);
  assert.doesNotMatch(html, /<script/i);
  const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'));
  assert.equal(report.submission_ready.ready, false);
  assert.ok(report.submission_ready.obstacles.length > 0, JSON.stringify(report.submission_ready));
  // R18: the reference declares limits.file_types and holds them (the limits scenario).
  const r18 = report.checklist.find((line) => line.item === 'R18');
  assert.equal(r18.verdict, 'pass', JSON.stringify(r18));
  assert.ok(!report.submission_ready.obstacles.some((o) => o.includes('R18')), JSON.stringify(report.submission_ready));

  // cldcert report renders the same bundle again.
  fs.rmSync(path.join(out, 'report.html'));
  fs.rmSync(path.join(out, 'report.md'));
  const again = cldcert(['report', out]);
  assert.equal(again.status, 0, again.stdout + again.stderr);
  assert.ok(fs.existsSync(path.join(out, 'report.html')));
  assert.match(fs.readFileSync(path.join(out, 'report.md'), 'utf8'), /^\*\*Verdict: passes but not submission-ready\*\*/m);
});

test('cldcert report names a bad bundle and exits 2', () => {
  const r = cldcert(['report', path.join(tmp, 'no-such-bundle')]);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /no-such-bundle: no such bundle folder/);
  assert.doesNotMatch(r.stderr, /Traceback/);
});

test('without a Python 3 that has Jinja2 the run still passes and says how to render later', () => {
  // A stand-in render.py that answers as the real one does when Jinja2 is missing (exit 3).
  const fake = path.join(tmp, 'no-jinja');
  fs.mkdirSync(fake);
  fs.writeFileSync(path.join(fake, 'render.py'),
                   'import sys\nprint("render.py: Jinja2 is not installed", file=sys.stderr)\nsys.exit(3)\n');
  const out = path.join(tmp, 'unrendered');
  const r = cldcert(['run', '--integration', reference(), '--out', out, '--seed', '7', '--only', 'upload-basics'],
                    { CLDCERT_REPORTS_DIR: fake });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /report\.html and report\.md not rendered: no Python 3 with Jinja2/);
  assert.match(r.stderr, new RegExp(`cldcert report ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.ok(fs.existsSync(path.join(out, 'report.json')));
  assert.ok(!fs.existsSync(path.join(out, 'report.html')));
  const report = cldcert(['report', out], { CLDCERT_REPORTS_DIR: fake });
  assert.equal(report.status, 3, report.stdout + report.stderr);
  assert.match(report.stderr, /cldcert report: cannot render: no Python 3 with Jinja2/);
});
