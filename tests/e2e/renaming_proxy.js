// A "Cloudinary" that differs from the mock in one field: an HTTPS proxy in front of a `cldcert serve`
// upstream that renames a top-level field of every JSON answer (FROM → TO). live_e2e.js runs it as a child
// process (its own cldcert runs are synchronous) and reads the port from its first line of output.
//   node renaming_proxy.js CERT KEY UPSTREAM_URL CA FROM TO
'use strict';
const fs = require('node:fs');
const https = require('node:https');

const [cert, key, upstream, ca, from, to] = process.argv.slice(2);
const target = new URL(upstream);
const trusted = fs.readFileSync(ca);

const server = https.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) }, (req, res) => {
  const forwarded = https.request({ host: target.hostname, port: target.port, method: req.method, path: req.url,
                                    headers: req.headers, ca: trusted }, (answer) => {
    const isJson = /json/.test(answer.headers['content-type'] || '');
    if (!isJson) {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
      return;
    }
    const chunks = [];
    answer.on('data', (c) => chunks.push(c));
    answer.on('end', () => {
      let body = Buffer.concat(chunks);
      try {
        const doc = JSON.parse(body.toString('utf8'));
        if (doc && typeof doc === 'object' && !Array.isArray(doc) && from in doc) {
          doc[to] = doc[from];
          delete doc[from];
          body = Buffer.from(JSON.stringify(doc));
        }
      } catch { /* not JSON after all: passed on as it came */ }
      const headers = { ...answer.headers, 'content-length': String(body.length) };
      delete headers['transfer-encoding'];
      res.writeHead(answer.statusCode, headers);
      res.end(body);
    });
  });
  forwarded.on('error', (e) => { res.writeHead(502); res.end(String(e)); });
  req.pipe(forwarded);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
