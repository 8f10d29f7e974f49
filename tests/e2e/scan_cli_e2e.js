// End to end: the `cldcert scan` command line — help, exit codes 0/1/2, JSON output, a secret
// taken from CLOUDINARY_URL or a secrets file (or stdin), history of a git repository and of one
// nested in the tree, commit messages, and the allow list.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const bin = () => {
  if (!process.env.CLDCERT_BIN) throw new Error('CLDCERT_BIN is not set');
  return process.env.CLDCERT_BIN;
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cldcert-scan-cli-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Obviously fake, shaped like Cloudinary's: 27 URL-safe characters and a 15-digit key, from a seed.
const fakeSecret = (seed) => crypto.createHash('sha256').update(`cldcert-fake-${seed}`).digest('base64url').slice(0, 26) + '9';
const fakeKey = (seed) => '9' + BigInt('0x' + crypto.createHash('sha256').update(`key-${seed}`).digest('hex')).toString().slice(0, 14);

function scan(args, env = {}, input = undefined) {
  const cleanEnv = { ...process.env, ...env };
  if (!('CLOUDINARY_URL' in env)) delete cleanEnv.CLOUDINARY_URL;
  return spawnSync(bin(), ['scan', ...args], { encoding: 'utf8', env: cleanEnv, timeout: 60000, input });
}

const gitIn = (root) => (...args) => execFileSync('git', ['-c', 'user.name=cldcert', '-c', 'user.email=dev@cldcert.invalid',
  '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd: root, encoding: 'utf8' }).trim();

function tree(name, files) {
  const root = path.join(tmp, name);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}

test('--help names the flags and the exit codes', () => {
  const r = spawnSync(bin(), ['scan', '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  for (const flag of ['--secret', '--secrets-file', '--cloudinary-url', '--json', '--sarif', '--allow', '--no-history', '--progress']) {
    assert.ok(r.stdout.includes(flag), flag);
  }
  assert.match(r.stdout, /0 nothing found, 1 findings, 2 bad input/);
});

test('a clean tree exits 0', () => {
  const root = tree('clean', { 'a.js': 'module.exports = { api_secret: process.env.CLOUDINARY_API_SECRET };\n' });
  const r = scan([root, '--secret', fakeSecret(1)]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
});

test('findings exit 1 with file:line:col, never the secret, and --json lists them', () => {
  const secret = fakeSecret(2);
  const root = tree('leaky', {
    'src/app.js': `// config\nconst auth = "${Buffer.from('key:' + secret).toString('base64')}";\n`,
    '.env': `CLOUDINARY_URL=cloudinary://${fakeKey(3)}:${fakeSecret(3)}@3rd-cloud\n`,
  });
  const json = path.join(tmp, 'leaky.json');
  const r = scan([root, '--secret', secret, '--json', json]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^\.env:1:\d+ cloudinary-url /m);
  assert.match(r.stdout, /^src\/app\.js:2:20 known-secret\/base64 /m);
  assert.ok(!r.stdout.includes(secret) && !r.stdout.includes(fakeSecret(3)));
  const findings = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.equal(findings.length, 2);
  for (const f of findings) {
    assert.match(f.fingerprint, /^[0-9a-f]{16}$/);
    assert.ok(f.excerpt.includes('[REDACTED]'));
  }
  const plainFingerprint = crypto.createHash('sha256').update(secret).digest('hex').slice(0, 16);
  assert.ok(findings.some((f) => f.fingerprint === plainFingerprint));
});

test('the secret of $CLOUDINARY_URL is looked for unless --ignore-env', () => {
  const secret = fakeSecret(4);
  const root = tree('env', { 'log.txt': `token=${Buffer.from(secret).toString('hex')}\n` });
  const env = { CLOUDINARY_URL: `cloudinary://${fakeKey(4)}:${secret}@demo?upload_prefix=http://127.0.0.1:1` };
  assert.equal(scan([root], env).status, 1);
  assert.equal(scan([root, '--ignore-env'], env).status, 0);
  assert.equal(scan([root, '--cloudinary-url', env.CLOUDINARY_URL]).status, 1);
});

test('bad input exits 2 naming the problem', () => {
  let r = scan([path.join(tmp, 'does-not-exist')]);
  assert.equal(r.status, 2);
  assert.ok(r.stderr.includes('does-not-exist'), r.stderr);
  r = scan([tmp, '--secret', 'abc']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /at least 6 characters/);
  r = scan([tmp, '--cloudinary-url', 'https://example.com']);
  assert.equal(r.status, 2);
  const allow = path.join(tmp, 'allow-bad.json');
  fs.writeFileSync(allow, '[{"fingerprint": "00"}]');
  r = scan([tmp, '--allow', allow]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /reason/);
  r = spawnSync(bin(), ['scan'], { encoding: 'utf8' });
  assert.equal(r.status, 2);
});

test('git history: a removed secret is found with the commit that added it', () => {
  const root = tree('repo', {});
  fs.mkdirSync(root, { recursive: true });
  const git = (...args) => execFileSync('git', ['-c', 'user.name=cldcert', '-c', 'user.email=dev@cldcert.invalid',
    '-c', 'commit.gpgsign=false', ...args], { cwd: root, encoding: 'utf8' }).trim();
  git('init', '-q', '.');
  fs.writeFileSync(path.join(root, 'settings.yml'), `cloudinary:\n  api_secret: "${fakeSecret(5)}"\n`);
  git('add', '-A');
  git('commit', '-qm', 'settings');
  const sha = git('rev-parse', 'HEAD');
  fs.writeFileSync(path.join(root, 'settings.yml'), 'cloudinary:\n  api_secret: ${CLOUDINARY_API_SECRET}\n');
  git('commit', '-qam', 'secret from env');
  const json = path.join(tmp, 'repo.json');
  const r = scan([root, '--json', json]);
  assert.equal(r.status, 1, r.stderr);
  const [f] = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.deepEqual([f.file, f.line, f.rule, f.commit], ['settings.yml', 2, 'secret-assignment', sha]);
  assert.equal(scan([root, '--no-history']).status, 0);
});

test('an allow-listed fingerprint is not reported; another secret on the same line still is', () => {
  const [a, b] = [fakeSecret(6), fakeSecret(7)];
  const root = tree('allow', { 'x.txt': `${a} ${b}\n` });
  const fp = crypto.createHash('sha256').update(a).digest('hex').slice(0, 16);
  const allow = path.join(tmp, 'allow.json');
  fs.writeFileSync(allow, JSON.stringify([{ fingerprint: fp, reason: 'test fixture' }]));
  const r = scan([root, '--secret', a, '--secret', b, '--allow', allow]);
  assert.equal(r.status, 1);
  assert.equal(r.stdout.trim().split('\n').length, 1);
  assert.match(r.stderr, /1 allowed/);
  fs.writeFileSync(path.join(root, 'x.txt'), `${a}\n`);
  assert.equal(scan([root, '--secret', a, '--allow', allow]).status, 0);
});

test('--secrets-file FILE and --secrets-file - (stdin) keep known secrets off the command line', () => {
  const secret = fakeSecret(8);
  const root = tree('secrets-file', { 'page.html': `<meta content="${secret.slice(0, 9)}&#x${secret.charCodeAt(9).toString(16)};${secret.slice(10)}">\n` });
  const file = path.join(tmp, 'secrets.txt');
  fs.writeFileSync(file, `${secret}\n`);
  let r = scan([root, '--secrets-file', file]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^page\.html:1:16 known-secret\/escaped /m);
  r = scan([root, '--secrets-file', '-'], {}, `cloudinary://${fakeKey(8)}:${secret}@demo\n`);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(scan([root, '--secrets-file', '-'], {}, `${fakeSecret(9)}\n`).status, 0);

  r = scan([root, '--secrets-file', path.join(tmp, 'no-such-secrets.txt')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /cannot read the secrets file .*no-such-secrets\.txt: no such file/);
  fs.writeFileSync(file, '\n');
  r = scan([root, '--secrets-file', file]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /holds no secret/);
  r = scan([root, '--secrets-file', '-'], {}, '');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /standard input holds no secret/);
});

test('git history of a repository nested in the tree, and commit messages', () => {
  const root = tree('nested', { 'index.js': "require('./vendor/lib');\n" });
  const lib = path.join(root, 'vendor', 'lib');
  fs.mkdirSync(lib, { recursive: true });
  const git = gitIn(lib);
  git('init', '-q', '.');
  fs.writeFileSync(path.join(lib, 'settings.yml'), `api_secret: "${fakeSecret(10)}"\n`);
  git('add', '-A');
  git('commit', '-qm', 'settings');
  const sha = git('rev-parse', 'HEAD');
  fs.writeFileSync(path.join(lib, 'settings.yml'), 'api_secret: ${CLOUDINARY_API_SECRET}\n');
  git('commit', '-qam', `rotate; the old one was ${fakeSecret(11)}`);
  const rotated = git('rev-parse', 'HEAD');
  const json = path.join(tmp, 'nested.json');
  const r = scan([root, '--secret', fakeSecret(11), '--json', json]);
  assert.equal(r.status, 1, r.stderr);
  const found = JSON.parse(fs.readFileSync(json, 'utf8')).map((f) => [f.file, f.rule, f.commit]);
  assert.deepEqual(found, [
    ['vendor/lib/.git', 'known-secret/plain', rotated],
    ['vendor/lib/settings.yml', 'secret-assignment', sha],
  ]);
  assert.ok(!r.stdout.includes(fakeSecret(11)));
  assert.equal(scan([root, '--secret', fakeSecret(11), '--no-history']).status, 0);
});
