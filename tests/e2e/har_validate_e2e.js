// Validates a HAR file against the HAR 1.2 schema with the pinned har-validator (tests/har).
// Usage: node har_validate_e2e.js HAR_FILE [--produce-with UNIT_TEST_BIN] [--npm-dir DIR] [--secrets JSON_FILE]
//                                 [--reference INTEGRATION]
//   --produce-with  first writes HAR_FILE's folder with the C++ export's sample (HarExport.WritesSample*)
//   --npm-dir       where script/npm-cached installs tests/har (default build/npm/har)
//   --secrets       a JSON array of strings that must appear in the file in no encoding; checked with
//                   Node's own encoders so the C++ test's leak helper is not the only judge.
//   --reference     also validates the evidence.har of a `cldcert run` of that integration (CLDCERT_BIN):
//                   what a reviewer opens, one page per scenario, every entry on a page.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const sourceDir = process.env.CLDCERT_SOURCE_DIR || path.resolve(__dirname, '..', '..');

function fail(message) {
  console.error(`har_validate: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const options = { npmDir: path.join(sourceDir, 'build', 'npm', 'har') };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => (i + 1 < argv.length ? argv[++i] : fail(`${arg} needs a value`));
    if (arg === '--produce-with') options.produceWith = next();
    else if (arg === '--npm-dir') options.npmDir = next();
    else if (arg === '--secrets') options.secrets = next();
    else if (arg === '--reference') options.reference = next();
    else if (arg.startsWith('--')) fail(`unknown option ${arg}`);
    else if (options.harFile) fail('one HAR file at a time');
    else options.harFile = path.resolve(arg);
  }
  if (!options.harFile) fail('usage: har_validate_e2e.js HAR_FILE [--produce-with BIN] [--npm-dir DIR] [--secrets FILE]');
  return options;
}

function run(command, args, env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) fail(`${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${path.basename(command)} exited with ${result.status ?? result.signal}`);
}

// ---- leak scan with Node's encoders

function percentAll(s, upper) {
  const hex = Buffer.from(s, 'utf8').toString('hex');
  const out = hex.replace(/(..)/g, '%$1');
  return upper ? out.toUpperCase() : out;
}

// The base64 characters `secret` yields at byte offset `offset` whatever its neighbours are.
function base64Core(secret, offset) {
  const bytes = Buffer.from(secret, 'utf8');
  const a = Buffer.concat([Buffer.alloc(offset, 0x00), bytes, Buffer.alloc(2, 0x00)]).toString('base64');
  const b = Buffer.concat([Buffer.alloc(offset, 0xff), bytes, Buffer.alloc(2, 0xff)]).toString('base64');
  let begin = 0;
  while (begin < a.length && a[begin] !== b[begin]) begin++;
  let end = begin;
  while (end < a.length && a[end] === b[end]) end++;
  return a.slice(begin, end);
}

// One UTF-16 unit as \uXXXX (astral characters are two units, so surrogate pairs come out).
const uEscape = (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

function leakForms(secret) {
  const json = JSON.stringify(secret).slice(1, -1);
  const hex = Buffer.from(secret, 'utf8').toString('hex');
  const forms = {
    plain: secret,
    encodeURIComponent: encodeURIComponent(secret),
    encodeURIComponentLower: encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    form: new URLSearchParams({ x: secret }).toString().slice(2),
    percentAllUpper: percentAll(secret, true),
    percentAllLower: percentAll(secret, false),
    json,
    jsonSlash: json.replace(/\//g, '\\/'),
    jsonAscii: json.replace(/[\u0080-\uffff]/g, uEscape),
    jsonUnicodeLower: secret.replace(/[\s\S]/g, uEscape),
    jsonUnicodeUpper: secret.replace(/[\s\S]/g, (ch) => uEscape(ch).toUpperCase().replace('\\U', '\\u')),
    hexLower: hex,
    hexUpper: hex.toUpperCase(),
  };
  for (let offset = 0; offset < 3; offset++) {
    const core = base64Core(secret, offset);
    forms[`base64@${offset}`] = core;
    forms[`base64url@${offset}`] = core.replace(/\+/g, '-').replace(/\//g, '_');
  }
  return forms;
}

function collectStrings(node, out) {
  if (typeof node === 'string') out.push(node);
  else if (node && typeof node === 'object') for (const value of Object.values(node)) collectStrings(value, out);
  return out;
}

// Any 12-character piece of any spelling counts: partial leaks fail too.
function findLeaks(texts, secrets) {
  const leaks = [];
  for (const secret of secrets) {
    for (const [name, form] of Object.entries(leakForms(secret))) {
      const window = Math.min(12, form.length);
      for (let at = 0; at + window <= form.length; at++) {
        const piece = form.slice(at, at + window);
        if (texts.some((t) => t.includes(piece))) {
          leaks.push(`a secret leaked as ${name} (piece ${JSON.stringify(piece)})`);
          break;
        }
      }
    }
  }
  return leaks;
}

// ---- checks har-schema leaves out (its postData.params has no `items`, so entries go unchecked)

function extraProblems(har) {
  const problems = [];
  (har.log.entries || []).forEach((entry, i) => {
    const params = entry.request && entry.request.postData && entry.request.postData.params;
    (params || []).forEach((p, j) => {
      if (typeof p !== 'object' || typeof p.name !== 'string') problems.push(`entries[${i}].request.postData.params[${j}] has no name`);
      for (const key of ['value', 'fileName', 'contentType']) {
        if (key in p && typeof p[key] !== 'string') problems.push(`entries[${i}].request.postData.params[${j}].${key} is not a string`);
      }
    });
  });
  return problems;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.produceWith) {
    fs.rmSync(options.harFile, { force: true });  // never validate a stale sample
    run(options.produceWith, ['--gtest_filter=HarExport.WritesSample*'], {
      CLDCERT_HAR_SAMPLE_OUT: path.dirname(options.harFile),
    });
  }
  run(path.join(sourceDir, 'script', 'npm-cached'), [path.join(sourceDir, 'tests', 'har'), options.npmDir]);
  const validator = require(path.join(path.resolve(options.npmDir), 'node_modules', 'har-validator'));
  const validatorVersion = require(path.join(path.resolve(options.npmDir), 'node_modules', 'har-validator', 'package.json')).version;

  if (!fs.existsSync(options.harFile)) fail(`${options.harFile} does not exist`);
  const text = fs.readFileSync(options.harFile, 'utf8');
  let har;
  try {
    har = JSON.parse(text);
  } catch (e) {
    fail(`${options.harFile} is not JSON: ${e.message}`);
  }

  try {
    await validator.har(har);
  } catch (e) {
    const errors = e.errors || [{ dataPath: '', message: e.message }];
    for (const err of errors) console.error(`  ${err.dataPath || '(root)'}: ${err.message}`);
    fail(`${options.harFile} is not valid HAR 1.2 (har-validator ${validatorVersion}, ${errors.length} errors)`);
  }
  const problems = extraProblems(har);
  if (options.secrets) {
    const secrets = JSON.parse(fs.readFileSync(options.secrets, 'utf8'));
    problems.push(...findLeaks([text, ...collectStrings(har, [])], secrets));
  }
  if (problems.length > 0) {
    for (const p of problems) console.error(`  ${p}`);
    fail(`${options.harFile}: ${problems.length} problems`);
  }
  console.log(`har_validate: ${options.harFile} is valid HAR ${har.log.version} ` +
              `(${har.log.entries.length} entries, har-validator ${validatorVersion})`);
  if (options.reference) await validateRunHar(validator, options.reference);
}

// A run's evidence.har: valid HAR, each entry on one of its pages (a scenario), in time order.
async function validateRunHar(validator, reference) {
  const tmp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'cldcert-har-'));
  try {
    const bundle = path.join(tmp, 'bundle');
    const r = spawnSync(process.env.CLDCERT_BIN, ['run', '--integration', reference, '--out', bundle, '--only',
      'upload-basics,delivery'], { encoding: 'utf8' });
    if (![0, 1].includes(r.status)) fail(`cldcert run exited ${r.status}: ${r.stderr}`);
    const har = JSON.parse(fs.readFileSync(path.join(bundle, 'evidence.har'), 'utf8'));
    try {
      await validator.har(har);
    } catch (e) {
      fail(`a run's evidence.har is not valid HAR 1.2: ${JSON.stringify(e.errors || e.message)}`);
    }
    const pages = new Set(har.log.pages.map((p) => p.id));
    if (pages.size !== 2) fail(`a run of 2 scenarios has ${pages.size} pages`);
    har.log.entries.forEach((entry, i) => {
      if (!pages.has(entry.pageref)) fail(`entries[${i}] is on no page (${entry.pageref})`);
      if (i > 0 && entry.startedDateTime < har.log.entries[i - 1].startedDateTime) fail(`entries[${i}] is out of time order`);
      if (entry.request.headers.some((h) => /^x-cldcert/i.test(h.name))) fail(`entries[${i}] has a header cldcert added`);
    });
    console.log(`har_validate: a run's evidence.har is valid HAR ${har.log.version} (${har.log.entries.length} entries on ` +
                `${pages.size} pages)`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => fail(e.stack || String(e)));
