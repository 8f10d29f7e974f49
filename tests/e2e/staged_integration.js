// A tiny integration for end-to-end tests of the runner itself: one `upload` action that is a shell
// line (to stage timeouts, hangs, daemons and Ctrl-C), and scenarios written beside it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

// Writes DIR/cldcert.json whose upload action runs `sh -c uploadCommand upload <file>`; its login
// does nothing (the credentials come through the environment, from login to logout).
function writeStagedManifest(dir, uploadCommand, timeout) {
  fs.mkdirSync(path.join(dir, 'scenarios'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'cldcert.json'), JSON.stringify({
    schema: 'cldcert/manifest/v1',
    integration: { type: 'staged', name: 'staged', version: '0.1.0' },
    platform: { name: 'Stage', version: '1.0' }, environment: 'dev', capabilities: ['upload'],
    actions: { login: { command: ['true'] },
               upload: { command: ['sh', '-c', uploadCommand, 'upload', '{file}'], timeout_s: timeout } } }));
}

module.exports = { writeStagedManifest };
