// Validates `cldcert scan --sarif` output against the SARIF 2.1.0 JSON schema (the final
// rtm.5 schema shipped in @microsoft/jest-sarif, pinned in tests/sarif) with the pinned ajv.
// Usage: node scan_sarif_e2e.js --npm-dir DIR [--reference INTEGRATION]   (CLDCERT_BIN names build/cldcert)
// With --reference, a `cldcert run` bundle's results.sarif is validated too.
'use strict';
const crypto = require('node:crypto');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function fail(message) {
  console.error(`scan_sarif: ${message}`);
  process.exit(1);
}

const npmDir = process.argv[process.argv.indexOf('--npm-dir') + 1];
if (!process.argv.includes('--npm-dir') || !npmDir) fail('usage: scan_sarif_e2e.js --npm-dir DIR');
const modules = path.join(npmDir, 'node_modules');
const Ajv = require(path.join(modules, 'ajv'));
const schema = require(path.join(modules, '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cldcert-scan-sarif-'));
try {
  const fake = (seed) => crypto.createHash('sha256').update(`cldcert-fake-${seed}`).digest('base64url').slice(0, 26) + '7';
  const write = (rel, content) => {
    fs.mkdirSync(path.dirname(path.join(tmp, 'tree', rel)), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'tree', rel), content);
  };
  write('src/a b#c.js', `const s = '${fake(1)}';\n`);
  write('config/.env', `CLOUDINARY_API_SECRET=${fake(2)}\n`);
  write('ünï/code.php', `<?php $cfg = ['api_secret' => '${fake(3)}'];\n`);
  const out = path.join(tmp, 'results.sarif');
  const r = spawnSync(process.env.CLDCERT_BIN, ['scan', path.join(tmp, 'tree'), '--secret', fake(1), '--sarif', out,
    '--ignore-env'], { encoding: 'utf8' });
  if (r.status !== 1) fail(`cldcert scan exited ${r.status}: ${r.stderr}`);
  const log = JSON.parse(fs.readFileSync(out, 'utf8'));

  const ajv = new Ajv({ schemaId: 'id', allErrors: true, format: 'full' });
  ajv.addMetaSchema(require(path.join(modules, 'ajv', 'lib', 'refs', 'json-schema-draft-04.json')));
  if (!ajv.validate(schema, log)) fail(`not valid SARIF 2.1.0:\n${ajv.errorsText(ajv.errors, { separator: '\n' })}`);

  // What GitHub code scanning needs beyond the schema.
  const run = log.runs[0];
  if (log.version !== '2.1.0' || !run.tool.driver.version) fail('version or driver.version missing');
  if (run.results.length !== 3) fail(`expected 3 results, got ${run.results.length}`);
  const ruleIds = new Set(run.tool.driver.rules.map((x) => x.id));
  for (const result of run.results) {
    if (!ruleIds.has(result.ruleId)) fail(`result rule ${result.ruleId} is not in driver.rules`);
    const uri = result.locations[0].physicalLocation.artifactLocation.uri;
    if (/^[a-z]+:|^\/|\\| |#/i.test(uri)) fail(`uri not a relative, encoded path: ${uri}`);
    if (!result.partialFingerprints['secretFingerprint/v1']) fail('no secret fingerprint');
    if (JSON.stringify(result).includes(fake(1))) fail('the secret itself is in the SARIF');
  }
  console.log(`scan_sarif: ${run.results.length} results, valid SARIF 2.1.0`);

  // A run's bundle writes results.sarif too (file-located findings of its checks).
  if (process.argv.includes('--reference')) {
    const reference = process.argv[process.argv.indexOf('--reference') + 1];
    const bundle = path.join(tmp, 'bundle');
    const run = spawnSync(process.env.CLDCERT_BIN, ['run', '--integration', reference, '--out', bundle, '--only',
      'upload-basics'], { encoding: 'utf8' });
    if (![0, 1].includes(run.status)) fail(`cldcert run exited ${run.status}: ${run.stderr}`);
    const bundleLog = JSON.parse(fs.readFileSync(path.join(bundle, 'results.sarif'), 'utf8'));
    if (!ajv.validate(schema, bundleLog)) fail(`results.sarif is not valid SARIF 2.1.0:\n${ajv.errorsText(ajv.errors, { separator: '\n' })}`);
    console.log(`scan_sarif: the bundle's results.sarif (${bundleLog.runs[0].results.length} results) is valid SARIF 2.1.0`);
    // The golden run's results.sarif has every verdict kind, results without a file (on the manifest),
    // partialFingerprints and rules with help: the shape GitHub's upload checks.
    const golden = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'golden', 'results.sarif'), 'utf8'));
    if (!ajv.validate(schema, golden)) fail(`tests/golden/results.sarif is not valid SARIF 2.1.0:\n${ajv.errorsText(ajv.errors, { separator: '\n' })}`);
    if (!golden.runs[0].results.every((r) => r.partialFingerprints && r.locations.length === 1)) fail('a golden result lacks partialFingerprints or its location');
    console.log(`scan_sarif: tests/golden/results.sarif (${golden.runs[0].results.length} results) is valid SARIF 2.1.0`);
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
