// Benchmark, not a test: the official SDK's upload_large of a generated 1.1 GiB file into
// `cldcert serve`; prints the mock's CPU seconds per GiB and its peak RSS (targets in README).
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { startMockServer, required } = require('../tests/e2e/mock_server');

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const size = Math.round(Number(process.env.CLDCERT_BENCH_MIB || 1126) * MiB); // 1.1 GiB

function generate(file, bytes) {
  if (fs.existsSync(file) && fs.statSync(file).size === bytes) return;
  const fd = fs.openSync(file, 'w');
  const block = crypto.randomBytes(MiB);
  for (let written = 0, n = 0; written < bytes; n++) {
    block.writeUInt32LE(n, 0); // every MiB differs, so misplaced chunks change the hash
    const len = Math.min(MiB, bytes - written);
    fs.writeSync(fd, block, 0, len);
    written += len;
  }
  fs.closeSync(fd);
}

function procStats(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = 100; // USER_HZ on Linux
  const user = Number(fields[11]) / ticks;
  const system = Number(fields[12]) / ticks;
  const cpu = user + system;
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwm = Number(status.match(/VmHWM:\s+(\d+) kB/)[1]) / 1024;
  return { cpu, user, system, peakRssMiB: hwm };
}

(async () => {
  const cacheDir = process.env.CLDCERT_BENCH_CACHE || path.join(require('node:os').tmpdir(), 'cldcert-bench');
  fs.mkdirSync(cacheDir, { recursive: true });
  const file = path.join(cacheDir, `upload-large-${size}.bin`);
  generate(file, size);
  const server = await startMockServer();
  const cloud = server.clouds[0];
  process.env.CLOUDINARY_URL = server.cloudinaryUrl(cloud);
  const cloudinary = require(path.join(required('CLDCERT_SDK_DIR'), 'node_modules', 'cloudinary')).v2;

  const before = procStats(server.child.pid);
  const started = Date.now();
  const result = await new Promise((resolve, reject) => {
    cloudinary.uploader.upload_large(file, {}, (e, r) => (e ? reject(e) : resolve(r)));
  });
  const seconds = (Date.now() - started) / 1000;
  const after = procStats(server.child.pid);
  const entries = await server.journal();
  await server.stop();
  fs.rmSync(server.dir, { recursive: true, force: true });

  const done = entries.find((e) => e.chunk && e.chunk.completed_upload);
  if (result.bytes !== size || !done) throw new Error(`upload incomplete: ${JSON.stringify(result)}`);
  const gib = size / GiB;
  const cpuPerGiB = (after.cpu - before.cpu) / gib;
  console.log(`upload_large of ${(size / MiB).toFixed(0)} MiB in ${entries.filter((e) => e.chunk).length} chunks, ` +
              `${seconds.toFixed(1)} s wall`);
  console.log(`mock CPU: ${cpuPerGiB.toFixed(2)} CPU-s/GiB (target <= 3.0, stretch <= 1.2); ` +
              `user ${((after.user - before.user) / gib).toFixed(2)}, system ${((after.system - before.system) / gib).toFixed(2)}`);
  console.log(`mock peak RSS: ${after.peakRssMiB.toFixed(1)} MiB (target <= 96)`);
  console.log(`stored SHA-256 ${done.asset_sha256}`);
})().catch((e) => { console.error(e); process.exit(1); });
