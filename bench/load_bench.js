// Benchmark, not a test: 20 integrations' worth of concurrent traffic from the official Node SDK
// (uploads, Admin API reads, deliveries) against one `cldcert serve` on loopback for a bounded time.
// Fails on any error, on a request missing from the journal or a journal out of order; prints
// requests/s and p50/p99 latency per kind.
//   node bench/load_bench.js [--seconds 60] [--clients 20]   (through ctest: ctest -R bench.load -V)
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { startMockServer, required } = require('../tests/e2e/mock_server');

function flag(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  const text = i >= 0 ? process.argv[i + 1] : process.env[`CLDCERT_LOAD_${name.toUpperCase()}`];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 3600) {
    console.error(`load_bench: --${name} must be a whole number from 1 to 3600, got '${text}'`);
    process.exit(2);
  }
  return value;
}
const seconds = flag('seconds', 60);
const clientCount = flag('clients', 20);
const kMaxIterations = 100000; // per client: the loop is bounded even if the clock misbehaves

function png(width, height) {
  const size = Buffer.alloc(8);
  size.writeUInt32BE(width, 0);
  size.writeUInt32BE(height, 4);
  return Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), size, crypto.randomBytes(2000)]);
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

(async () => {
  const server = await startMockServer();
  // Integrations share the clouds that may upload, round robin (each has its own Admin API quota).
  const clouds = server.clouds.filter((c) => c.role !== 'read_only');
  // The SDK picks http vs https when first required: an http upload_prefix must be in CLOUDINARY_URL by then.
  process.env.CLOUDINARY_URL = server.cloudinaryUrl(clouds[0]);
  const cloudinary = require(path.join(required('CLDCERT_SDK_DIR'), 'node_modules', 'cloudinary')).v2;
  const image = path.join(server.dir, 'photo.png');
  fs.writeFileSync(image, png(640, 480));

  const latencies = { upload: [], admin: [], delivery: [] };
  const errors = [];
  const sent = []; // what each client asked, to find in the journal: { cloud, kind, public_id }
  const deadline = Date.now() + seconds * 1000;

  async function timed(kind, cloud, publicId, call) {
    const started = process.hrtime.bigint();
    sent.push({ cloud: cloud.cloud_name, kind, public_id: publicId });
    try {
      await call();
    } catch (e) {
      errors.push(`${kind} ${cloud.cloud_name}/${publicId}: ${e.message || JSON.stringify(e)}`);
    }
    latencies[kind].push(Number(process.hrtime.bigint() - started) / 1e6);
  }

  async function integration(index) {
    const cloud = clouds[index % clouds.length];
    const auth = { cloud_name: cloud.cloud_name, api_key: cloud.api_key, api_secret: cloud.api_secret,
                   upload_prefix: server.url };
    for (let n = 0; n < kMaxIterations && Date.now() < deadline && errors.length === 0; n++) {
      const publicId = `load/i${index}/n${n}`;
      let uploaded;
      await timed('upload', cloud, publicId, async () => {
        uploaded = await cloudinary.uploader.upload(image, { ...auth, public_id: publicId });
      });
      if (!uploaded) break;
      await timed('delivery', cloud, publicId, async () => {
        const url = new URL(cloudinary.url(uploaded.public_id, { ...auth, version: uploaded.version, format: 'png',
                                                                  transformation: [{ width: 100, crop: 'scale' }] }));
        const res = await fetch(`${server.url}${url.pathname}${url.search}`);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`delivery answered ${res.status}: ${res.headers.get('x-cld-error')}`);
      });
      if (n % 3 === 0) {
        await timed('admin', cloud, publicId, () => cloudinary.api.resource(publicId, auth));
      }
    }
  }

  const started = Date.now();
  await Promise.all(Array.from({ length: clientCount }, (_, i) => integration(i)));
  const wall = (Date.now() - started) / 1000;
  const exitCode = await server.stop();
  const journal = fs.readFileSync(server.journalFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  fs.rmSync(server.dir, { recursive: true, force: true });

  const problems = [...errors.slice(0, 10)];
  if (exitCode !== 0) problems.push(`cldcert serve exited with ${exitCode}`);
  // Complete: every request a client made is in the journal, once, and nothing else is.
  const clientRequests = journal.filter((e) => !e.path.startsWith('/__cldcert/'));
  if (clientRequests.length !== sent.length) {
    problems.push(`journal holds ${clientRequests.length} client requests, the clients made ${sent.length}`);
  }
  const uploads = new Set(clientRequests.filter((e) => e.method === 'POST' && e.status === 200)
    .map((e) => `${e.cloud}|${e.public_id}`));
  const missing = sent.filter((s) => s.kind === 'upload' && !uploads.has(`${s.cloud}|${s.public_id}`));
  if (missing.length) problems.push(`${missing.length} uploads missing from the journal, e.g. ${JSON.stringify(missing[0])}`);
  const failed = clientRequests.filter((e) => e.status >= 400);
  if (failed.length) problems.push(`${failed.length} journaled requests failed, e.g. ${failed[0].status} ${failed[0].path}`);
  // Ordered: the journal appends an exchange when it ends, so ids strictly increase and end times
  // (start + duration) never go back; concurrent requests may well have started in another order.
  // 1 ms of slack: the start is kept in whole milliseconds.
  const ended = (e) => e.started_unix_ms + e.duration_ms;
  for (let i = 1; i < journal.length; i++) {
    if (!(journal[i].id > journal[i - 1].id)) {
      problems.push(`journal ids out of order at line ${i + 1}: ${journal[i - 1].id} then ${journal[i].id}`);
      break;
    }
    if (ended(journal[i]) < ended(journal[i - 1]) - 1) {
      problems.push(`journal end times go back at line ${i + 1}: ${ended(journal[i - 1])} then ${ended(journal[i])} (unix ms)`);
      break;
    }
  }

  const all = [];
  console.log(`${clientCount} integrations on ${clouds.length} clouds, ${seconds} s budget, ${wall.toFixed(1)} s wall`);
  for (const [kind, values] of Object.entries(latencies)) {
    values.sort((a, b) => a - b);
    all.push(...values);
    console.log(`${kind.padEnd(8)} ${String(values.length).padStart(6)} requests  ` +
                `p50 ${percentile(values, 50).toFixed(1)} ms  p99 ${percentile(values, 99).toFixed(1)} ms`);
  }
  all.sort((a, b) => a - b);
  console.log(`all      ${String(all.length).padStart(6)} requests  p50 ${percentile(all, 50).toFixed(1)} ms  ` +
              `p99 ${percentile(all, 99).toFixed(1)} ms  ${(all.length / wall).toFixed(1)} requests/s`);
  console.log(`journal: ${journal.length} entries, ${problems.length ? 'PROBLEMS' : 'complete and ordered'}`);
  if (problems.length) {
    for (const p of problems) console.error(`load_bench: ${p}`);
    process.exit(1);
  }
})().catch((e) => { console.error(e); process.exit(1); });
