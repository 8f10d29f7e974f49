'use strict';
// What a forger does after editing a bundle: rewrite MANIFEST.sha256 so every hash matches again,
// leaving `cldcert verify` only the re-derivation from the evidence to catch the edit.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

function rehash(dir) {
  const files = [];
  const walk = (at) => {
    for (const e of fs.readdirSync(path.join(dir, at), { withFileTypes: true })) {
      const rel = at ? `${at}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else if (rel !== 'MANIFEST.sha256') files.push(rel);
    }
  };
  walk('');
  const hash = (f) => crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex');
  fs.writeFileSync(path.join(dir, 'MANIFEST.sha256'), files.sort().map((f) => `${hash(f)}  ${f}\n`).join(''));
}

module.exports = { rehash };
