// Throughput and recall of `cldcert scan` against secretlint on one generated tree.
// Generates (once, cached by a stamp) >= 1 GiB of text, minified JSON and binary files with a
// planted corpus of fake secrets in every encoding and pattern the scanner claims, scans it with
// `cldcert scan --secret …` on one CPU (taskset), then runs the pinned secretlint (bench/secretlint)
// on a subset holding every planted file, and prints MB/s and recall for both.
// Env: CLDCERT_BIN, CLDCERT_SECRETLINT_DIR (npm-cached bench/secretlint), CLDCERT_BENCH_SCAN_DIR
// (default /tmp/cldcert-scan-bench), CLDCERT_BENCH_SCAN_MIB (default 1100), CLDCERT_SECRETLINT_MIB (default 128).
'use strict';
const crypto = require('node:crypto');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const bin = process.env.CLDCERT_BIN;
const root = process.env.CLDCERT_BENCH_SCAN_DIR || '/tmp/cldcert-scan-bench';
const totalMiB = Number(process.env.CLDCERT_BENCH_SCAN_MIB || 1100);
const secretlintMiB = Number(process.env.CLDCERT_SECRETLINT_MIB || 128);
const tree = path.join(root, 'tree');
const MiB = 1 << 20;

// ---- deterministic generator (xorshift64*), so the same corpus is planted every run
let state = 0x9e3779b97f4a7c15n;
function next() {
  state ^= state >> 12n; state ^= (state << 25n) & 0xffffffffffffffffn; state ^= state >> 27n;
  return Number(((state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn) >> 11n) / 2 ** 53;
}
const below = (n) => Math.floor(next() * n);
const pick = (a) => a[below(a.length)];
const URLSAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const fakeSecret = () => { let s = ''; while (s.length < 26) s += URLSAFE[below(64)]; return s + String(below(10)); };
const fakeKey = () => { let s = String(1 + below(9)); while (s.length < 15) s += String(below(10)); return s; };

// The known secrets: one shaped like Cloudinary's, one with characters encoders escape.
const KNOWN = fakeSecret();
const NASTY = `fk/${fakeSecret().slice(0, 10)}+r s"q=${fakeSecret().slice(0, 6)}`;

const idents = Array.from({ length: 400 }, () => pick(['get', 'set', 'load', 'upload', 'render', 'cloudinary', 'image', 'asset', 'secret', 'token']) + pick(['Url', 'Config', 'Item', 'Secret', 'Options', 'Key', 'Name', 'Id']) + below(100));
const fillerLines = Array.from({ length: 4000 }, () => pick([
  () => `  const ${pick(idents)} = ${pick(idents)}(${pick(idents)}, '${crypto.randomBytes(8).toString('hex')}');`,
  () => `  // ${pick(['upload the asset to Cloudinary', 'keep the secret out of the bundle', 'see the docs', 'retry on 420'])} (#${below(9999)})`,
  () => `  if (${pick(idents)}.${pick(idents)} === ${below(1e6)}) return ${pick(idents)};`,
  () => `  "${pick(idents)}": "${crypto.createHash('sha1').update(String(next())).digest('hex')}",`,
  () => `  ${pick(idents)}: process.env.${pick(['CLOUDINARY_API_SECRET', 'API_SECRET', 'CLOUDINARY_URL'])},`,
  () => `  api_secret: "<your secret>", api_key: ${fakeKey()}, // example`,
  () => `  integrity: "sha512-${crypto.randomBytes(48).toString('base64')}",`,
  () => `  url: "https://res.cloudinary.com/demo/image/upload/v${below(1e9)}/${pick(idents)}.jpg",`,
])());

function textBody(bytes) {
  const parts = [];
  let size = 0;
  while (size < bytes) { const l = pick(fillerLines); parts.push(l); size += l.length + 1; }
  return parts;
}

// Plants: [kind, maker] where maker gives {text} for a line (or bytes for binary).
const b64 = (s) => Buffer.from(s).toString('base64');
const PLANTS = [
  ['known/plain', () => `const s = '${KNOWN}';`],
  ['known/hex', () => `sig = "${Buffer.from(KNOWN).toString('hex')}"`],
  ['known/HEX', () => `SIG=${Buffer.from(KNOWN).toString('hex').toUpperCase()}`],
  ['known/base64-0', () => `Authorization: Basic ${b64(KNOWN + ':x')}`],
  ['known/base64-1', () => `Authorization: Basic ${b64('k' + KNOWN)}`],
  ['known/base64-2', () => `Authorization: Basic ${b64('ke' + KNOWN)}`],
  ['known/url-encoded', () => `q=${encodeURIComponent(NASTY)}&x=1`],
  ['known/json-escaped', () => `{"s":${JSON.stringify(NASTY)}}`],
  ['known/cloudinary-url', () => `CLOUDINARY_URL=cloudinary://${fakeKey()}:${KNOWN}@demo`],
  ['pattern/cloudinary-url', () => `url = "cloudinary://${fakeKey()}:${fakeSecret()}@${below(9)}cloud"`],
  ['pattern/pair', () => `cloudinary.config({ cloud_name: 'demo', api_key: '${fakeKey()}', secret_value: '${fakeSecret()}' });`],
  ['pattern/yaml', () => `  api_secret: ${fakeSecret()}`],
  ['pattern/env', () => `CLOUDINARY_API_SECRET=${fakeSecret()}`],
  ['pattern/json', () => `  "api_secret": "${fakeSecret()}",`],
  ['pattern/php', () => `define('CLOUDINARY_API_SECRET', '${fakeSecret()}');`],
];
const PLANTS_PER_KIND = 12;

function generate() {
  const stampFile = path.join(root, 'stamp.json');
  const stamp = JSON.stringify({ version: 3, totalMiB });
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return JSON.parse(fs.readFileSync(path.join(root, 'plants.json'), 'utf8'));
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(tree, { recursive: true });
  const plants = [];
  const planted = [];
  for (const [kind, make] of PLANTS) for (let i = 0; i < PLANTS_PER_KIND; ++i) planted.push([kind, make]);
  let written = 0, n = 0;
  while (written < totalMiB * MiB || planted.length > 0) {
    const dir = path.join(tree, `pkg${n % 40}`, pick(['src', 'dist', 'lib', 'assets', 'config']));
    fs.mkdirSync(dir, { recursive: true });
    const roll = next();
    const size = 64 * 1024 + below(896 * 1024);
    const plant = planted.length > 0 && n % 4 === 0 ? planted.pop() : null;
    let file, data, line = 0;
    if (roll < 0.25 && !plant) {
      file = path.join(dir, `blob${n}.bin`);
      data = crypto.randomBytes(size);
    } else {
      const lines = textBody(size);
      if (roll < 0.4 && !plant) {
        file = path.join(dir, `data${n}.min.json`);
        data = Buffer.from(`{"items":[${lines.map((l) => JSON.stringify(l)).join(',')}]}\n`);
      } else {
        file = path.join(dir, `${plant && plant[0].startsWith('pattern/') ? pick(['settings', 'config', 'app']) : 'module'}${n}.${pick(['js', 'php', 'yml', 'env', 'json'])}`);
        if (plant) {
          const at = below(lines.length);
          lines.splice(at, 0, plant[1]());
          line = at + 1;
        }
        data = Buffer.from(lines.join('\n') + '\n');
      }
    }
    fs.writeFileSync(file, data);
    if (plant) plants.push({ kind: plant[0], file: path.relative(tree, file), line });
    written += data.length;
    ++n;
  }
  fs.writeFileSync(path.join(root, 'plants.json'), JSON.stringify({ known: [KNOWN, NASTY], files: n, bytes: written, plants }));
  fs.writeFileSync(stampFile, stamp);
  return JSON.parse(fs.readFileSync(path.join(root, 'plants.json'), 'utf8'));
}

function recall(plants, hits) {
  const byKind = {};
  let found = 0;
  for (const p of plants) {
    const ok = hits.has(`${p.file}:${p.line}`);
    found += ok;
    byKind[p.kind] = (byKind[p.kind] || 0) + ok;
  }
  return { found, total: plants.length, byKind };
}

function timed(command, args, options) {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.error) throw r.error;
  return { r, seconds };
}

function cldcert(dir, corpus, out) {
  const args = ['-c', '0', bin, 'scan', dir, '--secret', corpus.known[0], '--secret', corpus.known[1], '--no-history',
    '--ignore-env', '--json', out];
  let best = Infinity, result;
  for (let i = 0; i < 3; ++i) {  // the first run warms the page cache
    const { r, seconds } = timed('taskset', args);
    if (r.status !== 1) throw new Error(`cldcert scan exited ${r.status}: ${r.stderr}`);
    if (seconds < best) best = seconds, result = r;
  }
  const findings = JSON.parse(fs.readFileSync(out, 'utf8'));
  return { seconds: best, findings, hits: new Set(findings.map((f) => `${f.file}:${f.line}`)), stderr: result.stderr };
}

function dirBytes(dir) {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += fs.statSync(path.join(e.parentPath ?? e.path, e.name)).size;
  }
  return total;
}

function main() {
  if (!bin) throw new Error('CLDCERT_BIN is not set');
  const corpus = generate();
  const planted = new Set(corpus.plants.map((p) => p.file));
  console.log(`tree: ${corpus.files} files, ${(corpus.bytes / MiB).toFixed(0)} MiB, ${corpus.plants.length} planted secrets`);

  const full = cldcert(tree, corpus, path.join(root, 'cldcert.json'));
  const fullRecall = recall(corpus.plants, full.hits);
  const extra = full.findings.filter((f) => !corpus.plants.some((p) => p.file === f.file && p.line === f.line));
  console.log(`cldcert scan (1 CPU): ${(corpus.bytes / MiB / full.seconds).toFixed(0)} MiB/s over ${(corpus.bytes / MiB).toFixed(0)} MiB` +
              ` (${full.seconds.toFixed(2)} s); recall ${fullRecall.found}/${fullRecall.total}; ${extra.length} findings outside the plants`);

  // secretlint: a subset of the tree holding every planted file plus filler, hard-linked.
  const subset = path.join(root, 'subset');
  fs.rmSync(subset, { recursive: true, force: true });
  let subsetBytes = 0;
  const all = fs.readdirSync(tree, { withFileTypes: true, recursive: true }).filter((e) => e.isFile())
    .map((e) => path.relative(tree, path.join(e.parentPath ?? e.path, e.name))).sort();
  for (const rel of all) {
    const size = fs.statSync(path.join(tree, rel)).size;
    if (!planted.has(rel) && subsetBytes + size > secretlintMiB * MiB) continue;
    fs.mkdirSync(path.dirname(path.join(subset, rel)), { recursive: true });
    fs.linkSync(path.join(tree, rel), path.join(subset, rel));
    subsetBytes += size;
  }
  const small = cldcert(subset, corpus, path.join(root, 'cldcert-subset.json'));
  const smallRecall = recall(corpus.plants, small.hits);
  console.log(`cldcert scan on the secretlint subset: ${(subsetBytes / MiB / small.seconds).toFixed(0)} MiB/s over ` +
              `${(subsetBytes / MiB).toFixed(0)} MiB; recall ${smallRecall.found}/${smallRecall.total}`);

  const modules = path.join(process.env.CLDCERT_SECRETLINT_DIR, 'node_modules');
  const rc = path.join(root, 'secretlintrc.json');
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  fs.writeFileSync(rc, JSON.stringify({ rules: [
    { id: '@secretlint/secretlint-rule-preset-recommend' },
    // The known secrets as literal patterns: what secretlint offers for "find this secret".
    { id: '@secretlint/secretlint-rule-pattern', options: { patterns: corpus.known.map((s, i) => ({ name: `known${i}`, pattern: `/${escape(s)}/` })) } },
  ] }));
  const { r, seconds } = timed(process.execPath, [path.join(modules, 'secretlint', 'bin', 'secretlint.js'), '**/*',
    '--secretlintrc', rc, '--format', 'json', '--no-color', '--secretlintignore', path.join(root, 'none')], { cwd: subset });
  if (r.status !== 0 && r.status !== 1) throw new Error(`secretlint exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  const hits = new Set();
  for (const file of JSON.parse(r.stdout)) {
    for (const m of file.messages) hits.add(`${path.relative(subset, file.filePath)}:${m.loc.start.line}`);
  }
  const slRecall = recall(corpus.plants, hits);
  console.log(`secretlint 13.0.6 (preset-recommend + the known secrets as patterns): ${(subsetBytes / MiB / seconds).toFixed(1)} MiB/s over ` +
              `${(subsetBytes / MiB).toFixed(0)} MiB (${seconds.toFixed(1)} s); recall ${slRecall.found}/${slRecall.total}`);
  console.log('recall by kind (cldcert / secretlint, of ' + PLANTS_PER_KIND + '):');
  for (const [kind] of PLANTS) console.log(`  ${kind.padEnd(24)} ${smallRecall.byKind[kind] ?? 0} / ${slRecall.byKind[kind] ?? 0}`);
}

main();
