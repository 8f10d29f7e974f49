// The CI scripts (ci/run.sh, ci/github/*.sh of action.yml, ci/gitlab/run.sh of ci/gitlab/cldcert.yml)
// run as GitHub and GitLab run them: the environment variables those systems set, a workspace, the
// built cldcert on PATH as the package installs it. Stand-ins only where a test must not touch this
// machine or the network (apt-get, curl's download, GitHub's API is a local server).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync, execFile } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { required } = require('./mock_server');

const source = () => required('CLDCERT_SOURCE_DIR');
const reference = () => path.join(source(), 'fixtures', 'integrations', 'reference');
const script = (name) => path.join(source(), 'ci', name);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cldcert-ci-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

// A folder for one case: a workspace, RUNNER_TEMP, bin/ with the built cldcert (as the package
// puts it on PATH) and the files GitHub hands a step.
function stage(name) {
  const dir = path.join(tmp, name);
  for (const sub of ['workspace', 'runner-temp', 'bin']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  fs.symlinkSync(required('CLDCERT_BIN'), path.join(dir, 'bin', 'cldcert'));
  return {
    dir,
    bin: path.join(dir, 'bin'),
    workspace: path.join(dir, 'workspace'),
    output: path.join(dir, 'github_output'),
    summary: path.join(dir, 'step_summary'),
    github: {
      GITHUB_ACTIONS: 'true', CI: 'true', GITHUB_WORKSPACE: path.join(dir, 'workspace'),
      RUNNER_TEMP: path.join(dir, 'runner-temp'), GITHUB_OUTPUT: path.join(dir, 'github_output'),
      GITHUB_STEP_SUMMARY: path.join(dir, 'step_summary'), GITHUB_REPOSITORY: 'partner/plugin',
      GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '42',
      PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`,
    },
  };
}

function run(file, env, cwd, args = []) {
  return spawnSync(file, args, { encoding: 'utf8', timeout: 300000, cwd, env: { ...process.env, ...env } });
}

// GITHUB_OUTPUT's name=value lines.
function outputs(file) {
  return Object.fromEntries(fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));
}

// The version action.yml, the GitLab template and the Dockerfile pin.
function pinned(file) {
  return /CLDCERT_VERSION(?:: "|=)([0-9.]+)/.exec(fs.readFileSync(file, 'utf8'))[1];
}

test('the Action, the template and the Dockerfile pin the version cldcert --version reports (project(VERSION))', () => {
  const version = run(required('CLDCERT_BIN'), {}, tmp, ['--version']);
  assert.match(version.stdout, /^cldcert \d+\.\d+\.\d+ \(commit ([0-9a-f]{40}(-dirty)?|unknown)\)$/m);
  const built = /^cldcert (\S+)/.exec(version.stdout)[1];
  assert.equal(pinned(path.join(source(), 'action.yml')), built);
  assert.equal(pinned(script('gitlab/cldcert.yml')), built);
  assert.equal(pinned(script('docker/Dockerfile')), built);
});

test('GitHub run step: the bundle and exit code as outputs, report.md as the job summary', () => {
  const s = stage('github-pass');
  const r = run(script('github/run.sh'), {
    ...s.github, CLDCERT_INTEGRATION: reference(), CLDCERT_OUT: 'cldcert-report', CLDCERT_SKIP_LARGE: 'true',
    CLDCERT_SEED: '1', CLDCERT_SHARD: '', CLDCERT_WAIVERS: '', CLDCERT_LIVE_ACCOUNTS_JSON: '',
    CLDCERT_ONLY: 'upload-basics',
  }, s.workspace);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const out = outputs(s.output);
  const bundle = path.join(s.workspace, 'cldcert-report');
  assert.equal(out['exit-code'], '0', r.stdout + r.stderr);
  assert.equal(out.bundle, bundle);
  assert.equal(out.sarif, path.join(bundle, 'results.sarif'));
  assert.ok(fs.existsSync(out.sarif));
  assert.equal(out['report-md'], path.join(bundle, 'report.md'));
  const md = fs.readFileSync(out['report-md'], 'utf8');
  assert.ok(fs.readFileSync(s.summary, 'utf8').includes(md.split('\n')[0]), 'report.md went to the step summary');
  const report = JSON.parse(fs.readFileSync(path.join(bundle, 'report.json'), 'utf8'));
  assert.deepEqual(report.scenarios.map((sc) => sc.id), ['upload-basics']);
  assert.equal(report.skip_large, true);
});

test('GitHub run step: a failed or refused run is an output, not a failed step (the uploads still run)', () => {
  const s = stage('github-bad-input');
  const r = run(script('github/run.sh'), {
    ...s.github, CLDCERT_INTEGRATION: reference(), CLDCERT_WAIVERS: 'no-such-waivers.json',
  }, s.workspace);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(outputs(s.output)['exit-code'], '2');
  assert.equal(outputs(s.output).sarif, undefined, 'no SARIF to upload from a run that never started');

  const t = stage('github-skip-large-typo');
  const typo = run(script('github/run.sh'), { ...t.github, CLDCERT_SKIP_LARGE: 'yes' }, t.workspace);
  assert.equal(typo.status, 0);
  assert.equal(outputs(t.output)['exit-code'], '2');
  assert.match(typo.stderr, /CLDCERT_SKIP_LARGE must be true or false/);
});

test('live accounts reach cldcert through a private file: refused per cloud here, their text never printed', () => {
  const s = stage('github-live');
  const secret = '{"clouds": ["cloudinary://111:sekrit-live-value@demo"]}';
  const r = run(script('github/run.sh'), {
    ...s.github, CLDCERT_INTEGRATION: reference(), CLDCERT_LIVE_ACCOUNTS_JSON: secret,
  }, s.workspace);
  // The fake cloud cannot pass the credential check (no network here; a 401 where there is one).
  assert.equal(outputs(s.output)['exit-code'], '2');
  assert.match(r.stderr, /cloud demo \(api_key 111\)/);
  assert.match(r.stderr, /nothing was run/);
  assert.doesNotMatch(r.stdout + r.stderr, /sekrit-live-value/);
  assert.deepEqual(fs.readdirSync(s.github.RUNNER_TEMP), [], 'no accounts file is left behind');
});

test('live accounts are refused by a cldcert without live mode, which never runs', () => {
  const s = stage('github-live-old');
  const ran = path.join(s.dir, 'ran');
  fs.unlinkSync(path.join(s.bin, 'cldcert'));
  fs.writeFileSync(path.join(s.bin, 'cldcert'), `#!/bin/sh
case "$*" in
  "run --help") echo "  --integration DIR";;
  --version) echo "cldcert 0.1.0";;
  *) touch ${ran};;
esac
`, { mode: 0o755 });
  const r = run(script('github/run.sh'), {
    ...s.github, CLDCERT_BIN: path.join(s.bin, 'cldcert'), CLDCERT_INTEGRATION: reference(),
    CLDCERT_LIVE_ACCOUNTS_JSON: '{"clouds": ["cloudinary://1:sekrit@x"]}',
  }, s.workspace);
  assert.equal(outputs(s.output)['exit-code'], '2');
  assert.match(r.stderr, /cldcert 0\.1\.0 has no live mode/);
  assert.doesNotMatch(r.stdout + r.stderr, /sekrit/);
  assert.equal(fs.existsSync(ran), false, 'the old cldcert was not run against the mock');
});

// Stand-ins for curl (records its arguments, "downloads" a file) and apt-get (records, and on
// `install` of a .deb puts the built cldcert on PATH as the package would).
function fakeInstallTools(s) {
  const log = path.join(s.dir, 'calls.log');
  fs.writeFileSync(path.join(s.bin, 'curl'),
    `#!/bin/sh\necho "curl $*" >> ${log}\nwhile [ $# -gt 0 ]; do [ "$1" = -o ] && echo deb > "$2"; shift; done\n`,
    { mode: 0o755 });
  fs.writeFileSync(path.join(s.bin, 'apt-get'),
    `#!/bin/sh\necho "apt-get $*" >> ${log}\ncase "$*" in *.deb) ln -sf ${required('CLDCERT_BIN')} ${s.bin}/cldcert;; esac\n`,
    { mode: 0o755 });
  fs.rmSync(path.join(s.bin, 'cldcert'));
  return log;
}

test('GitHub install step: downloads the pinned release of the Action\'s repository and apt-installs it', () => {
  const s = stage('github-install');
  const log = fakeInstallTools(s);
  const version = pinned(path.join(source(), 'action.yml'));
  const r = run(script('github/install.sh'), {
    ...s.github, CLDCERT_VERSION: version, CLDCERT_DEB_URL: '', GITHUB_ACTION_REPOSITORY: 'cloudinary-partners/cldcert',
  }, s.workspace);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const deb = path.join(s.github.RUNNER_TEMP, `cldcert_${version}_amd64.deb`);
  const calls = fs.readFileSync(log, 'utf8');
  assert.match(calls, new RegExp(`^curl .* -o ${deb} https://github\\.com/cloudinary-partners/cldcert/releases/download/v${version}/cldcert_${version}_amd64\\.deb$`, 'm'));
  assert.match(calls, /^apt-get update -qq$/m);
  assert.ok(calls.includes(`apt-get install -y -qq --no-install-recommends ${deb}\n`), calls);
  assert.match(r.stdout, new RegExp(`^cldcert ${version} `, 'm'));

  // A second shard on the same runner finds it installed and downloads nothing.
  fs.rmSync(log);
  const again = run(script('github/install.sh'), { ...s.github, CLDCERT_VERSION: version }, s.workspace);
  assert.equal(again.status, 0, again.stdout + again.stderr);
  assert.match(again.stdout, /is installed already/);
  assert.equal(fs.existsSync(log), false);

  // Where GitHub leaves GITHUB_ACTION_REPOSITORY empty (composite actions), the Action's folder names it.
  fs.rmSync(path.join(s.bin, 'cldcert'));
  const fromPath = run(script('github/install.sh'), {
    ...s.github, CLDCERT_VERSION: version, GITHUB_ACTION_REPOSITORY: '',
    GITHUB_ACTION_PATH: `/home/runner/work/_actions/cloudinary-partners/cldcert/v${version}`,
  }, s.workspace);
  assert.equal(fromPath.status, 0, fromPath.stdout + fromPath.stderr);
  assert.match(fs.readFileSync(log, 'utf8'), new RegExp(` https://github\\.com/cloudinary-partners/cldcert/releases/download/v${version}/`));
});

test('GitHub comment step: report.md on the pull request, cut at GitHub\'s limit; none outside a pull request', async () => {
  const s = stage('github-comment');
  const seen = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body: JSON.parse(body) });
      res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const comment = (event, report) => {
    fs.writeFileSync(path.join(s.dir, 'event.json'), JSON.stringify(event));
    return new Promise((resolve) => execFile(script('github/comment.sh'), [report], {
      env: { ...process.env, ...s.github, GITHUB_TOKEN: 'test-token', GITHUB_EVENT_PATH: path.join(s.dir, 'event.json'),
             GITHUB_API_URL: `http://127.0.0.1:${server.address().port}`, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' },
    }, (error, stdout, stderr) => resolve({ status: error ? error.code : 0, stdout, stderr })));
  };
  try {
    const report = path.join(s.dir, 'report.md');
    fs.writeFileSync(report, '**Verdict: PASS**\n\n| item | verdict |\n');
    let r = await comment({ pull_request: { number: 7 } }, report);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].method, 'POST');
    assert.equal(seen[0].url, '/repos/partner/plugin/issues/7/comments');
    assert.equal(seen[0].auth, 'Bearer test-token');
    assert.equal(seen[0].body.body, '**Verdict: PASS**\n\n| item | verdict |\n');

    fs.writeFileSync(report, 'x'.repeat(70000));
    r = await comment({ pull_request: { number: 7 } }, report);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.ok(seen[1].body.body.length <= 65536, String(seen[1].body.body.length));
    assert.match(seen[1].body.body, /cut here: the whole report is in the run's artifact \(https:\/\/github\.com\/partner\/plugin\/actions\/runs\/42\)/);

    r = await comment({ push: {} }, report);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /not a pull request/);
    assert.equal(seen.length, 2);
  } finally {
    server.close();
  }
});

test('GitLab script: the bundle in the project folder with junit.xml, the exit code cldcert\'s', () => {
  const s = stage('gitlab');
  const gitlab = { CI: 'true', GITLAB_CI: 'true', CI_PROJECT_DIR: s.workspace, CI_JOB_ID: '9', PATH: s.github.PATH };
  const r = run(script('gitlab/run.sh'), {
    ...gitlab, CLDCERT_INTEGRATION: reference(), CLDCERT_SKIP_LARGE: 'true', CLDCERT_ONLY: 'upload-basics',
  }, s.workspace);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.ok(fs.existsSync(path.join(s.workspace, 'cldcert-report', 'junit.xml')));

  const bad = run(script('gitlab/run.sh'), { ...gitlab, CLDCERT_INTEGRATION: path.join(s.dir, 'nowhere') }, s.workspace);
  assert.equal(bad.status, 2, bad.stdout + bad.stderr);

  // `parallel: 3` gives each job its shard, with the seed every shard shares.
  const args = path.join(s.dir, 'args');
  fs.writeFileSync(path.join(s.dir, 'fake-cldcert'), `#!/bin/sh\nprintf '%s\\n' "$@" > ${args}\n`, { mode: 0o755 });
  const shard = run(script('gitlab/run.sh'), {
    ...gitlab, CLDCERT_BIN: path.join(s.dir, 'fake-cldcert'), CI_NODE_INDEX: '2', CI_NODE_TOTAL: '3',
  }, s.workspace);
  assert.equal(shard.status, 0, shard.stdout + shard.stderr);
  assert.deepEqual(fs.readFileSync(args, 'utf8').trim().split('\n'),
    ['run', '--integration', '.', '--out', path.join(s.workspace, 'cldcert-report'), '--seed', '1', '--shard', '2/3']);
});
