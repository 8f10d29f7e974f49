// Starts `cldcert serve` on a free port for an end-to-end test and stops it again;
// shared by the e2e scripts so each one reads as a list of behaviours.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run this test through ctest`);
  return value;
}

async function startMockServer(extraArgs = []) {
  const bin = required('CLDCERT_BIN');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cldcert-e2e-'));
  const accountsFile = path.join(dir, 'accounts.json');
  const journalFile = path.join(dir, 'journal.jsonl');
  const child = spawn(bin, ['serve', '--port', '0', '--write-accounts', accountsFile, '--journal', journalFile,
                            ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => { stderr += d; });
  child.stdout.on('data', (d) => { stdout += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`cldcert serve did not start: ${stderr}`)), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/^listening on (https?:\/\/\S+)$/m);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => reject(new Error(`cldcert serve exited with ${code}: ${stderr}`)));
  });
  const accounts = JSON.parse(fs.readFileSync(accountsFile, 'utf8'));
  const clouds = accounts.accounts.flatMap((a) => a.clouds.map((c) => ({ ...c, account_id: a.id })));
  return {
    url, dir, accounts, clouds, journalFile, child,
    stderr: () => stderr,
    stdout: () => stdout,
    cloudinaryUrl(cloud) {
      return `cloudinary://${cloud.api_key}:${cloud.api_secret}@${cloud.cloud_name}?upload_prefix=${url}`;
    },
    async journal() {
      const res = await fetch(`${url}/__cldcert/journal`);
      return (await res.json()).entries;
    },
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      return exited;
    },
  };
}

module.exports = { startMockServer, required };
