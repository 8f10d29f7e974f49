// End to end: the `cldcert serve` command line — help, version, bad accounts files,
// and a clean stop on SIGINT with the journal flushed.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startMockServer, required } = require('./mock_server');

const bin = () => required('CLDCERT_BIN');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cldcert-cli-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('--version and --help', () => {
  const version = spawnSync(bin(), ['--version'], { encoding: 'utf8' });
  assert.equal(version.status, 0);
  const cmake = fs.readFileSync(path.join(required('CLDCERT_SOURCE_DIR'), 'CMakeLists.txt'), 'utf8');
  const projectVersion = cmake.match(/project\(cldcert VERSION (\S+)/)[1];
  // The commit the binary was built from: this tree's HEAD (the suite builds before it runs).
  const head = spawnSync('git', ['-C', required('CLDCERT_SOURCE_DIR'), 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  const commit = head.status === 0 ? head.stdout.trim() : 'unknown';
  assert.match(version.stdout.trim(), new RegExp(`^cldcert ${projectVersion.replace(/\./g, '\\.')} \\(commit ${commit}(-dirty)?\\)$`));
  const help = spawnSync(bin(), ['serve', '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  for (const flag of ['--port', '--accounts', '--journal']) assert.ok(help.stdout.includes(flag), flag);
});

test('garbage JSON in --accounts: exit 2 and a message naming the file and position', () => {
  const file = path.join(tmp, 'garbage.json');
  fs.writeFileSync(file, '{"accounts": [ {"id": "x",, ]}');
  const r = spawnSync(bin(), ['serve', '--port', '0', '--accounts', file], { encoding: 'utf8', timeout: 10000 });
  assert.equal(r.status, 2, r.stderr);
  assert.ok(r.stderr.includes(file), r.stderr);
  assert.match(r.stderr, /line 1/);
  assert.ok(!/terminate called|Aborted/.test(r.stderr));
});

test('a wrongly shaped accounts file lists every problem with its JSON pointer', () => {
  const file = path.join(tmp, 'shape.json');
  fs.writeFileSync(file, JSON.stringify({ accounts: [{ id: 'a', provisioning_key: '1', provisioning_secret: 's',
    clouds: [{ cloud_name: 'Bad Name', api_key: 'abc', api_secret: 's', role: 'owner' }] }] }));
  const r = spawnSync(bin(), ['serve', '--port', '0', '--accounts', file], { encoding: 'utf8', timeout: 10000 });
  assert.equal(r.status, 2, r.stderr);
  for (const pointer of ['/accounts/0/clouds/0/cloud_name', '/accounts/0/clouds/0/api_key', '/accounts/0/clouds/0/role']) {
    assert.ok(r.stderr.includes(pointer), `${pointer} in: ${r.stderr}`);
  }
});

test('a missing accounts file is a clear error', () => {
  const r = spawnSync(bin(), ['serve', '--accounts', path.join(tmp, 'nope.json')], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /nope\.json/);
});

test('an accounts file is served as given', async () => {
  const file = path.join(tmp, 'good.json');
  const accounts = { accounts: [{ id: 'agency', provisioning_key: '100000000000001', provisioning_secret: 'fake_prov_secret_0000000000',
    clouds: [{ cloud_name: 'agency-prod', api_key: '100000000000002', api_secret: 'fake_api_secret_00000000000', role: 'master_admin',
               upload_presets: [{ name: 'site_unsigned', unsigned: true }] }] }] };
  fs.writeFileSync(file, JSON.stringify(accounts));
  const server = await startMockServer(['--accounts', file]);
  try {
    assert.deepEqual(server.clouds.map((c) => c.cloud_name), ['agency-prod']);
    const res = await fetch(`${server.url}/v1_1/other-cloud/image/upload`, { method: 'POST' });
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { error: { message: 'Invalid cloud_name other-cloud' } });
  } finally {
    await server.stop();
  }
});

test('each printed CLOUDINARY_URL configures an SDK for its cloud, SHA-256 delivery signatures included', async () => {
  const server = await startMockServer();
  try {
    const printed = new Map();
    for (let tries = 0; tries < 50 && printed.size < server.clouds.length; ++tries) {
      for (const m of server.stdout().matchAll(/^cloud (\S+) .*: CLOUDINARY_URL=(\S+)$/gm)) printed.set(m[1], m[2]);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(server.clouds.some((c) => c.signature_algorithm === 'sha256'), 'the generated accounts have a SHA-256 cloud');
    for (const cloud of server.clouds) {
      const url = new URL(printed.get(cloud.cloud_name));
      assert.equal(url.hostname, cloud.cloud_name);
      assert.equal(decodeURIComponent(url.password), cloud.api_secret);
      assert.equal(url.searchParams.get('upload_prefix'), server.url);
      assert.equal(url.searchParams.get('signature_algorithm'), cloud.signature_algorithm === 'sha256' ? 'sha256' : null,
                   cloud.cloud_name);
    }
  } finally {
    await server.stop();
  }
});

test('SIGINT stops the server cleanly and the journal file holds the requests', async () => {
  const server = await startMockServer();
  await fetch(`${server.url}/v1_1/${server.clouds[0].cloud_name}/image/upload`, { method: 'POST' });
  const exited = new Promise((resolve) => server.child.on('exit', (code, signal) => resolve({ code, signal })));
  server.child.kill('SIGINT');
  const { code, signal } = await exited;
  assert.equal(signal, null);
  assert.equal(code, 0);
  const lines = fs.readFileSync(server.journalFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 1);
  assert.equal(lines[0].status, 400);
  fs.rmSync(server.dir, { recursive: true, force: true });
});
