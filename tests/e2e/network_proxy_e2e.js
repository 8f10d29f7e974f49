// End to end: `cldcert run --network proxy` with clients that hard-code https://api.cloudinary.com and verify
// TLS (the curl CLI, Python's urllib, PHP's curl): their uploads reach the mock through cldcert's proxy,
// the journal shows the scheme and SNI they used, and a call to another host is refused and reported.
// The same through `--network sandbox`, with Node's fetch too (it ignores proxy variables; skipped, with
// the refusal checked, where the machine cannot make network namespaces).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { spawnSync } = require('node:child_process');
const { runner } = require('./reference_run');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cldcert-proxy-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));
const run = runner(tmp);

// Each client reads CLOUDINARY_URL (cloudinary://KEY:SECRET@CLOUD, no upload_prefix in proxy mode), signs an
// upload as Cloudinary documents it (SHA-1 of the sorted parameters + secret) and posts it to the real host.
const CURL_CLIENT = `#!/bin/sh
set -eu
creds=\${CLOUDINARY_URL#cloudinary://}; key=\${creds%%:*}; rest=\${creds#*:}; secret=\${rest%@*}; cloud=\${rest##*@}
ts=$(date +%s)
sig=$(printf 'tags=curl&timestamp=%s%s' "$ts" "$secret" | sha1sum | cut -d' ' -f1)
curl -sS --fail-with-body https://api.cloudinary.com/v1_1/$cloud/image/upload \\
  -F file=@"$1" -F tags=curl -F timestamp=$ts -F api_key=$key -F signature=$sig >/dev/null
`;

const PYTHON_CLIENT = `import hashlib, os, sys, time, urllib.request, uuid
creds = os.environ['CLOUDINARY_URL'][len('cloudinary://'):]
key, rest = creds.split(':', 1)
secret, cloud = rest.rsplit('@', 1)
ts = str(int(time.time()))
fields = {'tags': 'python', 'timestamp': ts, 'api_key': key,
          'signature': hashlib.sha1(f'tags=python&timestamp={ts}{secret}'.encode()).hexdigest()}
boundary = uuid.uuid4().hex
body = b''.join(f'--{boundary}\\r\\nContent-Disposition: form-data; name="{k}"\\r\\n\\r\\n{v}\\r\\n'.encode()
                for k, v in fields.items())
body += (f'--{boundary}\\r\\nContent-Disposition: form-data; name="file"; filename="photo.png"\\r\\n'
         f'Content-Type: image/png\\r\\n\\r\\n').encode() + open(sys.argv[1], 'rb').read() + f'\\r\\n--{boundary}--\\r\\n'.encode()
request = urllib.request.Request(f'https://api.cloudinary.com/v1_1/{cloud}/image/upload', data=body,
                                 headers={'Content-Type': f'multipart/form-data; boundary={boundary}'})
urllib.request.urlopen(request).read()
`;

const PHP_CLIENT = `<?php
[$key, $rest] = explode(':', substr(getenv('CLOUDINARY_URL'), strlen('cloudinary://')), 2);
$at = strrpos($rest, '@');
$secret = substr($rest, 0, $at);
$cloud = substr($rest, $at + 1);
$ts = (string) time();
$ch = curl_init("https://api.cloudinary.com/v1_1/$cloud/image/upload");
curl_setopt_array($ch, [CURLOPT_POST => true, CURLOPT_RETURNTRANSFER => true,
  CURLOPT_SSL_VERIFYPEER => true, CURLOPT_SSL_VERIFYHOST => 2,
  CURLOPT_POSTFIELDS => ['file' => new CURLFile($argv[1], 'image/png'), 'tags' => 'php', 'timestamp' => $ts,
    'api_key' => $key, 'signature' => sha1("tags=php&timestamp=$ts$secret")]]);
$body = curl_exec($ch);
if ($body === false || curl_getinfo($ch, CURLINFO_HTTP_CODE) !== 200) { fwrite(STDERR, curl_error($ch) . $body); exit(1); }
`;

// Node's fetch ignores proxy variables: a client the sandbox reaches and the proxy cannot.
const NODE_CLIENT = `const fs = require('node:fs');
const crypto = require('node:crypto');
const creds = process.env.CLOUDINARY_URL.slice('cloudinary://'.length);
const key = creds.slice(0, creds.indexOf(':'));
const rest = creds.slice(creds.indexOf(':') + 1);
const secret = rest.slice(0, rest.lastIndexOf('@'));
const cloud = rest.slice(rest.lastIndexOf('@') + 1);
const ts = String(Math.floor(Date.now() / 1000));
const form = new FormData();
form.append('file', new Blob([fs.readFileSync(process.argv[2])], { type: 'image/png' }), 'photo.png');
for (const [k, v] of Object.entries({ tags: 'node', timestamp: ts, api_key: key,
  signature: crypto.createHash('sha1').update('tags=node&timestamp=' + ts + secret).digest('hex') })) form.append(k, v);
fetch('https://api.cloudinary.com/v1_1/' + cloud + '/image/upload', { method: 'POST', body: form }).then(
  async (r) => { if (r.status !== 200) { console.error(await r.text()); process.exit(1); } },
  (e) => { console.error(e.cause || e); process.exit(1); });
`;

// A JVM trusts only its cacerts keystore (the sandbox mounts the run's over it): one delivery GET, any status.
const JAVA_CLIENT = `public class JavaClient { public static void main(String[] a) throws Exception {
  String cloud = System.getenv("CLOUDINARY_URL").replaceAll(".*@", "");
  var c = (java.net.HttpURLConnection) new java.net.URL("https://res.cloudinary.com/" + cloud + "/image/upload/sample.jpg").openConnection();
  System.err.println("java: " + c.getResponseCode()); } }
`;
const hasJava = spawnSync('sh', ['-c', 'command -v java && command -v keytool'], { encoding: 'utf8' }).status === 0;

// The upload action: the three clients in turn, then a call home to a third party (refused: the step goes on).
const UPLOAD = `set -e
sh ./curl_client.sh "$1"
python3 ./python_client.py "$1"
php ./php_client.php "$1"
curl -sS https://telemetry.example.com/collect >/dev/null 2>&1 || true
echo '{"public_id": "done"}'
`;

function stageIntegration(dir, withNode = false) {
  fs.mkdirSync(path.join(dir, 'scenarios'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'curl_client.sh'), CURL_CLIENT);
  fs.writeFileSync(path.join(dir, 'python_client.py'), PYTHON_CLIENT);
  fs.writeFileSync(path.join(dir, 'php_client.php'), PHP_CLIENT);
  fs.writeFileSync(path.join(dir, 'node_client.js'), NODE_CLIENT);
  fs.writeFileSync(path.join(dir, 'JavaClient.java'), JAVA_CLIENT);
  const sandboxOnly = 'node ./node_client.js "$1"\n' + (hasJava ? 'java ./JavaClient.java\n' : '');
  fs.writeFileSync(path.join(dir, 'upload.sh'),
    withNode ? UPLOAD.replace('php ./php_client.php "$1"\n', 'php ./php_client.php "$1"\n' + sandboxOnly) : UPLOAD);
  fs.writeFileSync(path.join(dir, 'cldcert.json'), JSON.stringify({
    schema: 'cldcert/manifest/v1',
    integration: { type: 'staged', name: 'hardcoded-hosts', version: '0.1.0' },
    platform: { name: 'Stage', version: '1.0' }, environment: 'dev', capabilities: ['upload'],
    actions: { login: { command: ['true'] },
               upload: { command: ['sh', 'upload.sh', '{file}'], timeout_s: 120 } } }));
  fs.writeFileSync(path.join(dir, 'scenarios', 'proxy-clients.scenario.json'), JSON.stringify({
    id: 'proxy-clients', title: 'Clients with hard-coded Cloudinary hosts upload through the proxy',
    checklist: ['T1'], level: 'required', requires: ['upload'],
    fixtures: { photo: { kind: 'png', width: 64, height: 48, seed: 1 } },
    steps: [{ action: 'login', cloud: 'primary' },
            { action: 'upload', args: { file: '{fixture.photo}', type: 'upload', resource_type: 'image' } }],
    checks: ['secret.traffic', 'network.egress'] }));
}

// The scenario's upload step (it must have succeeded) and the journal's uploads by client (their tags field).
function uploadsOf(r) {
  const scenario = r.report.scenarios.find((s) => s.id === 'proxy-clients');
  const upload = scenario.steps.find((s) => s.action === 'upload');
  assert.equal(upload.exit_code, 0, JSON.stringify(upload, null, 1));
  const journal = fs.readFileSync(path.join(r.out, 'journal', 'proxy-clients.jsonl'), 'utf8').trim().split('\n')
    .map((line) => JSON.parse(line));
  const uploads = journal.filter((e) => e.action === 'upload');
  return { scenario, byClient: Object.fromEntries(uploads.map((e) => [e.fields.find((f) => f.name === 'tags').value, e])) };
}

test('proxy: curl, urllib and PHP curl reach the mock over verified TLS; another host is refused and reported', () => {
  const dir = path.join(tmp, 'integration');
  stageIntegration(dir);
  const r = run('proxy', ['--network', 'proxy', '--scenarios', path.join(dir, 'scenarios')], dir);
  assert.ok(r.report, r.stdout + r.stderr);
  assert.match(r.stdout, /network: proxy/);
  const { scenario, byClient } = uploadsOf(r);
  assert.deepEqual(Object.keys(byClient).sort(), ['curl', 'php', 'python']);
  for (const [client, e] of Object.entries(byClient)) {
    assert.equal(e.status, 200, `${client}: ${e.response_body}`);
    assert.equal(e.scheme, 'https', client);
    assert.equal(e.sni, 'api.cloudinary.com', client);
    assert.equal(e.host, 'api.cloudinary.com', client);
    assert.equal(e.auth.outcome, 'ok', client);
  }

  const egress = scenario.checks.find((c) => c.id === 'network.egress');
  assert.equal(egress.verdict, 'warn', JSON.stringify(egress));
  assert.match(egress.seen, /upload#2 called telemetry\.example\.com:443/);
  const evidence = JSON.parse(fs.readFileSync(path.join(r.out, 'evidence', 'proxy-clients.json'), 'utf8'));
  const step = evidence.steps.find((s) => s.action === 'upload');
  assert.deepEqual(step.egress.map((a) => [a.host, a.port, a.how]), [['telemetry.example.com', 443, 'connect']]);
  assert.equal(scenario.checks.find((c) => c.id === 'secret.traffic').verdict, 'pass');
});

test('sandbox: curl, urllib, PHP curl and Node fetch reach the mock over verified TLS unchanged; another host is refused', (t) => {
  const dir = path.join(tmp, 'sandboxed');
  stageIntegration(dir, true);
  const r = run('sandbox', ['--network', 'sandbox', '--scenarios', path.join(dir, 'scenarios')], dir);
  if (r.status === 2 && /--network sandbox is not available/.test(r.stderr)) {
    assert.match(r.stderr, /--network proxy/);
    t.skip(r.stderr.trim());
    return;
  }
  assert.ok(r.report, r.stdout + r.stderr);
  assert.match(r.stdout, /network: sandbox/);
  const { scenario, byClient } = uploadsOf(r);
  assert.deepEqual(Object.keys(byClient).sort(), ['curl', 'node', 'php', 'python']);
  for (const [client, e] of Object.entries(byClient)) {
    assert.equal(e.status, 200, `${client}: ${e.response_body}`);
    assert.equal(e.scheme, 'https', client);
    assert.equal(e.sni, 'api.cloudinary.com', client);
    assert.equal(e.auth.outcome, 'ok', client);
  }

  // The JVM's delivery GET went through its own store (mounted over by the run's): verified TLS, no variable.
  if (hasJava) {
    const journal = fs.readFileSync(path.join(r.out, 'journal', 'proxy-clients.jsonl'), 'utf8').trim().split('\n')
      .map((line) => JSON.parse(line));
    const java = journal.find((e) => /^Java\//.test((e.headers.find(([name]) => name.toLowerCase() === 'user-agent') || [])[1] || ''));
    assert.ok(java, 'a request from the JVM');
    assert.equal(java.scheme, 'https');
    assert.equal(java.sni, 'res.cloudinary.com');
  }

  const egress = scenario.checks.find((c) => c.id === 'network.egress');
  assert.equal(egress.verdict, 'warn', JSON.stringify(egress));
  assert.match(egress.seen, /upload#2 called telemetry\.example\.com \(refused; named by a DNS lookup in the sandbox\)/);
  const evidence = JSON.parse(fs.readFileSync(path.join(r.out, 'evidence', 'proxy-clients.json'), 'utf8'));
  const step = evidence.steps.find((s) => s.action === 'upload');
  assert.deepEqual(step.egress.map((a) => [a.host, a.port, a.how]), [['telemetry.example.com', 0, 'dns']]);
});

// A scenario of two probed uploads (an unknown issuer, then another host's name) judged by network.tls_verified.
function stageProbe(dir, insecure) {
  fs.mkdirSync(path.join(dir, 'scenarios'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'curl_client.sh'), insecure ? CURL_CLIENT.replace('curl -sS', 'curl -k -sS') : CURL_CLIENT);
  fs.writeFileSync(path.join(dir, 'cldcert.json'), JSON.stringify({
    schema: 'cldcert/manifest/v1',
    integration: { type: 'staged', name: insecure ? 'curl-k' : 'curl', version: '0.1.0' },
    platform: { name: 'Stage', version: '1.0' }, environment: 'dev', capabilities: ['upload'],
    actions: { login: { command: ['true'] }, upload: { command: ['sh', 'curl_client.sh', '{file}'], timeout_s: 60 } } }));
  const upload = { action: 'upload', expect: 'success_or_refusal',
                   args: { file: '{fixture.photo}', type: 'upload', resource_type: 'image' } };
  fs.writeFileSync(path.join(dir, 'scenarios', 'probe.scenario.json'), JSON.stringify({
    id: 'probe', title: 'Uploads while the front presents certificates no client should accept',
    checklist: ['T1'], level: 'required', requires: ['upload'],
    fixtures: { photo: { kind: 'png', width: 64, height: 48, seed: 1 } },
    steps: [{ action: 'login', cloud: 'primary' }, { ...upload, tls_probe: 'unknown_issuer' },
            { ...upload, tls_probe: 'wrong_host' }, { action: 'upload', args: upload.args }],
    checks: ['network.tls_verified'] }));
}

test('proxy: curl refuses both TLS probes and passes network.tls_verified; curl -k takes them and fails it', () => {
  for (const insecure of [false, true]) {
    const dir = path.join(tmp, insecure ? 'probe-insecure' : 'probe-verifying');
    stageProbe(dir, insecure);
    const r = run(insecure ? 'probe-k' : 'probe', ['--network', 'proxy', '--scenarios', path.join(dir, 'scenarios')], dir);
    assert.ok(r.report, r.stdout + r.stderr);
    assert.equal(r.report.network, 'proxy');
    const scenario = r.report.scenarios.find((s) => s.id === 'probe');
    const check = scenario.checks.find((c) => c.id === 'network.tls_verified');
    const steps = JSON.parse(fs.readFileSync(path.join(r.out, 'evidence', 'probe.json'), 'utf8')).steps;
    assert.deepEqual(steps.map((s) => s.tls_probe), [undefined, 'unknown_issuer', 'wrong_host', undefined]);
    // The upload after the probes reaches the mock either way: the probe is over and its connections closed.
    assert.equal(steps[3].exit_code, 0, steps[3].stderr);
    if (!insecure) {
      assert.equal(check.verdict, 'pass', JSON.stringify(check));
      assert.deepEqual(steps.slice(1, 3).map((s) => s.exit_code !== 0), [true, true]);
      assert.ok(steps[1].tls.every((h) => !h.accepted && h.probe === 'unknown_issuer'), JSON.stringify(steps[1].tls));
      assert.match(steps[1].tls[0].alert, /unknown ca/);
    } else {
      assert.equal(check.verdict, 'fail', JSON.stringify(check));
      assert.match(check.seen, /upload#2 took a certificate for api\.cloudinary\.com from an issuer no trust store holds/);
      assert.ok(steps[2].tls.some((h) => h.accepted && h.probe === 'wrong_host'), JSON.stringify(steps[2].tls));
    }
    // No client refused the run CA's own certificate: the summary has no trust hint.
    assert.doesNotMatch(r.stdout, /refused cldcert's run CA/);
  }
});

test('a client that does not trust the run CA is named in the summary with the variables to set', () => {
  const dir = path.join(tmp, 'distrusting');
  stageProbe(dir, false);
  // curl told to trust only the system's CAs: the run CA's certificate is refused as a client with its own store would.
  fs.writeFileSync(path.join(dir, 'curl_client.sh'),
    CURL_CLIENT.replace('curl -sS', 'curl --cacert /etc/ssl/certs/ca-certificates.crt -sS'));
  const r = run('distrust', ['--network', 'proxy', '--scenarios', path.join(dir, 'scenarios')], dir);
  assert.ok(r.report, r.stdout + r.stderr);
  assert.match(r.stdout, /TLS: the integration's client refused cldcert's run CA in 1 step\(s\)/);
  assert.match(r.stdout, /probe upload#4: api\.cloudinary\.com \(.*alert.*\)/);
  assert.match(r.stdout, /SSL_CERT_FILE/);
});

test('sandbox: the Node reference (official SDK) passes uploads, delivery and secrets, refusing both TLS probes', (t) => {
  const r = run('reference-sandbox', ['--network', 'sandbox', '--only', 'upload-basics,delivery,secrets']);
  if (r.status === 2 && /--network sandbox is not available/.test(r.stderr)) {
    t.skip(r.stderr.trim());
    return;
  }
  assert.ok(r.report, r.stdout + r.stderr);
  assert.equal(r.report.network, 'sandbox');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const secrets = r.report.scenarios.find((s) => s.id === 'secrets');
  assert.equal(secrets.checks.find((c) => c.id === 'network.tls_verified').verdict, 'pass');
  assert.equal(r.report.scenarios.find((s) => s.id === 'delivery').verdict, 'pass');
});
