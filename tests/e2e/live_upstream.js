// A "real Cloudinary" for live-mode tests: a `cldcert serve` over TLS with a test CA (the test-only
// --live-upstream and --live-ca of `cldcert run --live` point at it), its accounts file, and its Admin API
// read back to see what a run left there. live_e2e.js and live_kill_matrix_e2e.js share it.
'use strict';
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startMockServer } = require('./mock_server');

// A CA and a leaf for localhost signed by it, in `dir`; `name` keeps two CAs apart.
function makeCa(dir, name) {
  const openssl = (args) => {
    const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, `openssl ${args.join(' ')}: ${r.stderr}`);
  };
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
           '-keyout', `${name}-ca.key`, '-out', `${name}-ca.pem`, '-subj', `/CN=cldcert test ${name} CA`,
           '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  fs.writeFileSync(path.join(dir, `${name}-leaf.ext`),
                   'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' +
                   'authorityKeyIdentifier=keyid,issuer\nbasicConstraints=CA:FALSE\n');
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}-leaf.key`,
           '-out', `${name}-leaf.csr`, '-subj', '/CN=localhost']);
  openssl(['x509', '-req', '-in', `${name}-leaf.csr`, '-CA', `${name}-ca.pem`, '-CAkey', `${name}-ca.key`,
           '-CAcreateserial', '-days', '1', '-out', `${name}-leaf.pem`, '-extfile', `${name}-leaf.ext`]);
  return { ca: path.join(dir, `${name}-ca.pem`), cert: path.join(dir, `${name}-leaf.pem`),
           key: path.join(dir, `${name}-leaf.key`) };
}

// Starts the upstream; `stop()` ends it. `liveArgs(file, ca)` are the flags of a run against it.
async function startLiveUpstream(dir) {
  const tls = makeCa(dir, 'upstream');
  const upstream = await startMockServer(['--seed', '99', '--tls-cert', tls.cert, '--tls-key', tls.key]);
  const url = upstream.url.replace('127.0.0.1', 'localhost');
  assert.match(url, /^https:\/\/localhost:\d+$/);
  const accountsFile = path.join(dir, 'live-accounts.json');
  fs.writeFileSync(accountsFile, JSON.stringify(upstream.accounts));
  const clouds = upstream.clouds;
  const liveArgs = (file = accountsFile, ca = tls.ca) => ['--live', file, '--live-upstream', url, '--live-ca', ca];
  // The upstream's Admin API, with the test CA (the curl CLI: Node's fetch takes no CA per call).
  const admin = (cloud, method, route) => {
    const r = spawnSync('curl', ['-sSg', '--cacert', tls.ca, '-X', method, '-u', `${cloud.api_key}:${cloud.api_secret}`,
                                 `${url}/v1_1/${cloud.cloud_name}/${route}`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
  };
  // Every asset and named transformation the upstream holds, as "cloud/type/id" and "cloud/name".
  const storedAssets = () => {
    const found = [];
    for (const cloud of clouds) {
      for (const rt of ['image', 'video', 'raw']) {
        for (const r of admin(cloud, 'GET', `resources/${rt}`).resources) found.push(`${cloud.cloud_name}/${rt}/${r.public_id}`);
      }
    }
    for (const cloud of clouds) {
      for (const t of admin(cloud, 'GET', 'transformations').transformations) found.push(`${cloud.cloud_name}/${t.name}`);
    }
    return found;
  };
  return { upstream, tls, url, accountsFile, clouds, liveArgs, admin, storedAssets, stop: () => upstream.stop() };
}

module.exports = { makeCa, startLiveUpstream };
