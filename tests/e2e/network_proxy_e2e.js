// End to end: `cldcert run --network proxy` with clients that hard-code https://api.cloudinary.com and verify
// TLS (the curl CLI, Python's urllib, PHP's curl): their uploads reach the mock through cldcert's proxy,
// the journal shows the scheme and SNI they used, and a call to another host is refused and reported.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

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

// The upload action: the three clients in turn, then a call home to a third party (refused: the step goes on).
const UPLOAD = `set -e
sh ./curl_client.sh "$1"
python3 ./python_client.py "$1"
php ./php_client.php "$1"
curl -sS https://telemetry.example.com/collect >/dev/null 2>&1 || true
echo '{"public_id": "done"}'
`;

function stageIntegration(dir) {
  fs.mkdirSync(path.join(dir, 'scenarios'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'curl_client.sh'), CURL_CLIENT);
  fs.writeFileSync(path.join(dir, 'python_client.py'), PYTHON_CLIENT);
  fs.writeFileSync(path.join(dir, 'php_client.php'), PHP_CLIENT);
  fs.writeFileSync(path.join(dir, 'upload.sh'), UPLOAD);
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

test('proxy: curl, urllib and PHP curl reach the mock over verified TLS; another host is refused and reported', () => {
  const dir = path.join(tmp, 'integration');
  stageIntegration(dir);
  const r = run('proxy', ['--network', 'proxy', '--scenarios', path.join(dir, 'scenarios')], dir);
  assert.ok(r.report, r.stdout + r.stderr);
  assert.match(r.stdout, /network: proxy/);
  const scenario = r.report.scenarios.find((s) => s.id === 'proxy-clients');
  const upload = scenario.steps.find((s) => s.action === 'upload');
  assert.equal(upload.exit_code, 0, JSON.stringify(upload, null, 1));

  const journal = fs.readFileSync(path.join(r.out, 'journal', 'proxy-clients.jsonl'), 'utf8').trim().split('\n')
    .map((line) => JSON.parse(line));
  const uploads = journal.filter((e) => e.action === 'upload');
  const byClient = Object.fromEntries(uploads.map((e) => [e.fields.find((f) => f.name === 'tags').value, e]));
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
