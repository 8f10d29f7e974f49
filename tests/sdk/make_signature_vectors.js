#!/usr/bin/env node
// Generates tests/data/signature_vectors.json from the official Cloudinary
// Node SDK (exact version pinned in package.json / package-lock.json).
//
// Regenerate (from the repository root):
//   (cd tests/sdk && npm ci) && node tests/sdk/make_signature_vectors.js > tests/data/signature_vectors.json
//
// Every expected value comes out of the SDK itself; nothing here re-implements
// the algorithms. The strings to sign are read off the SDK's own hash input
// (crypto.createHash is wrapped while an SDK call runs), because
// api_string_to_sign is not exported. The "captured" vectors run real
// uploader calls against a throw-away local HTTP server and record the
// multipart fields exactly as sent, so they show what the SDK leaves unsigned
// (api_key, signature, a remote-URL file, the file part).
//
// Only obviously fake secrets and keys are used. The output is deterministic
// (timestamps are pinned) apart from the "node" provenance field.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const SECRET = 'fake_secret_for_tests_0000000';
const SECRET_2 = 'fake_secret_for_tests_1111111';
const API_KEY = '000000000000000';
const CLOUD = 'fake-cloud';
const TIMESTAMP = 1795892338;

// Runs fn and returns its result plus every string the SDK hashed meanwhile.
function withHashCapture(fn) {
  const original = crypto.createHash;
  const inputs = [];
  crypto.createHash = function (algorithm, ...rest) {
    const hash = original.call(crypto, algorithm, ...rest);
    const update = hash.update.bind(hash);
    hash.update = (data, encoding) => {
      inputs.push({ algorithm, data: String(data) });
      return update(data, encoding);
    };
    return hash;
  };
  try {
    return { result: fn(), inputs };
  } finally {
    crypto.createHash = original;
  }
}

function onlyInput(inputs, secret) {
  if (inputs.length !== 1) throw new Error(`expected one hash input, got ${inputs.length}`);
  const { algorithm, data } = inputs[0];
  if (!data.endsWith(secret)) throw new Error('hash input does not end with the secret');
  return { algorithm, to_sign: data.slice(0, data.length - secret.length) };
}

// Form fields as the uploader would put them on the wire (call_api:
// hashToParameters, null/undefined dropped, values stringified).
function wireForm(utils, params) {
  return utils.hashToParameters(params)
    .filter(([, v]) => v != null)
    .map(([k, v]) => [k, String(v)]);
}

function requestVectors(cloudinary) {
  const utils = cloudinary.v2.utils;
  const eager = utils.build_eager([
    { width: 100, crop: 'scale' },
    { width: 50, height: 50, crop: 'fill', format: 'png' },
  ]);
  const cases = [
    { name: 'basic', params: { public_id: 'sample', timestamp: TIMESTAMP } },
    {
      name: 'arrays_tags_and_public_ids',
      params: { timestamp: TIMESTAMP, tags: ['a', 'b', 'c'], public_ids: ['p1', 'p2'], command: 'add', tag: 'x' },
    },
    {
      name: 'ampersand_and_equals_in_values',
      params: { timestamp: TIMESTAMP, folder: 'f&x', public_id: 'a=b&c=d', notification_url: 'https://example.com/n?x=1&y=2' },
    },
    {
      name: 'literal_percent26_in_value',
      params: { timestamp: TIMESTAMP, folder: 'f%26x' },
    },
    {
      name: 'empty_values_dropped',
      params: { timestamp: TIMESTAMP, folder: '', public_id: 'p', tags: [], invalidate: null, overwrite: false, backup: 0 },
    },
    {
      name: 'array_with_empty_element_kept_inside',
      params: { timestamp: TIMESTAMP, tags: ['a', '', 'b'] },
    },
    {
      name: 'array_of_only_empty_element_dropped',
      params: { timestamp: TIMESTAMP, tags: [''], public_id: 'p' },
    },
    {
      name: 'context_and_metadata_pipes',
      params: {
        timestamp: TIMESTAMP,
        context: 'alt=My\\=photo|caption=a\\|b&c',
        metadata: 'color_id=["green","red"]|in_stock=50',
        public_id: 'p',
      },
    },
    { name: 'eager', params: { timestamp: TIMESTAMP, eager, eager_async: 1, eager_notification_url: 'https://example.com/e' } },
    {
      name: 'transformation_with_slash',
      params: { timestamp: TIMESTAMP, transformation: 'c_crop,h_100,w_100/e_sepia', public_id: 'p' },
    },
    {
      name: 'unicode',
      params: { timestamp: TIMESTAMP, public_id: 'café/ünïcødé 日本', display_name: 'Ünïcode ✓ & more' },
    },
    {
      name: 'many_upload_keys_sorting',
      params: {
        use_filename_as_display_name: 1,
        use_filename: 1,
        upload_preset: 'signed_preset',
        unique_filename: 0,
        public_id_prefix: 'pre',
        public_id: 'p',
        eager_notification_url: 'https://example.com/e',
        eager_async: true,
        eager: 'w_10',
        asset_folder: 'af',
        access_mode: 'public',
        timestamp: TIMESTAMP,
      },
    },
    {
      name: 'excluded_keys_present_in_form',
      params: { public_id: 'p1', timestamp: TIMESTAMP, tags: 'a,b' },
      excluded: [
        ['file', 'https://example.com/sample.jpg'],
        ['api_key', API_KEY],
        ['cloud_name', CLOUD],
        ['resource_type', 'image'],
      ],
    },
  ];

  const variants = [
    { algorithm: 'sha1', version: 2, secret: SECRET },
    { algorithm: 'sha256', version: 2, secret: SECRET },
    { algorithm: 'sha1', version: 1, secret: SECRET },
    { algorithm: 'sha256', version: 1, secret: SECRET_2 },
  ];

  const out = [];
  for (const c of cases) {
    for (const v of variants) {
      const { result: signature, inputs } = withHashCapture(() =>
        utils.api_sign_request(c.params, v.secret, v.algorithm, v.version));
      const { algorithm, to_sign } = onlyInput(inputs, v.secret);
      if (algorithm !== v.algorithm) throw new Error('algorithm mismatch');
      const excluded = c.excluded || [];
      // Excluded fields go both before and after the signed ones, as clients vary.
      const form = [...excluded.slice(0, 1), ...wireForm(utils, c.params), ...excluded.slice(1),
        ['signature', signature]];
      out.push({
        name: `${c.name}/${v.algorithm}/v${v.version}`,
        source: 'utils.api_sign_request(params, secret, algorithm, version)',
        sdk_params: c.params,
        form,
        secret: v.secret,
        algorithm: v.algorithm,
        signature_version: v.version,
        string_to_sign: to_sign,
        signature,
      });
    }
  }
  return out;
}

// Minimal multipart/form-data parser for the capture server: text fields
// and the file part, in wire order.
function parseMultipart(body, contentType) {
  const boundary = /boundary=(.+)$/.exec(contentType)[1];
  const fields = [];
  const text = body.toString('utf8');
  for (const part of text.split(`--${boundary}`).slice(1)) {
    if (part.startsWith('--')) break;
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.slice(0, headerEnd);
    let value = part.slice(headerEnd + 4);
    if (value.endsWith('\r\n')) value = value.slice(0, -2);
    const name = /name="([^"]*)"/.exec(headers)[1];
    const filename = /filename="([^"]*)"/.exec(headers);
    fields.push(filename ? { name, value, filename: filename[1] } : { name, value });
  }
  return fields;
}

async function capturedVectors(cloudinary, port, requests) {
  const utils = cloudinary.v2.utils;
  const uploader = cloudinary.v2.uploader;
  utils.timestamp = () => TIMESTAMP;
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cldcert-sdk-'));
  const localFile = path.join(tmpDir, 'hello.txt');
  fs.writeFileSync(localFile, 'fake file content');

  const calls = [
    {
      name: 'upload_local_file_with_tags_context_metadata_eager',
      secret: SECRET,
      call: (o) => uploader.upload(localFile, {
        ...o,
        public_id: 'folder/p&1',
        folder: 'f&x',
        tags: ['a', 'b'],
        context: { alt: 'hi', caption: 'x=y|z' },
        metadata: { color_id: ['green', 'red'], in_stock: 50 },
        eager: [{ width: 100, crop: 'scale' }, { width: 50, crop: 'fit', format: 'png' }],
        overwrite: true,
        use_filename: false,
        display_name: 'Ünïcode ✓',
      }),
    },
    {
      name: 'upload_remote_url_sha256',
      secret: SECRET,
      call: (o) => uploader.upload('https://example.com/sample.jpg', {
        ...o, signature_algorithm: 'sha256', public_id: 'remote', tags: 'x,y',
      }),
    },
    {
      name: 'upload_data_uri_signature_version_1',
      secret: SECRET,
      version: 1,
      call: (o) => uploader.upload('data:text/plain;base64,aGVsbG8=', {
        ...o, signature_version: 1, folder: 'f&x', public_id: 'a=b',
      }),
    },
    {
      name: 'add_tag_public_ids_array',
      secret: SECRET,
      call: (o) => uploader.add_tag('tag&x', ['p1', 'p 2', 'ü'], o),
    },
    {
      name: 'destroy_authenticated',
      secret: SECRET,
      call: (o) => uploader.destroy('p1', { ...o, type: 'authenticated', invalidate: true }),
    },
    {
      name: 'rename_sha256_v1',
      secret: SECRET_2,
      version: 1,
      call: (o) => uploader.rename('from/a', 'to/b', {
        ...o, api_secret: SECRET_2, signature_algorithm: 'sha256', signature_version: 1, overwrite: true,
      }),
    },
    {
      name: 'explicit_eager',
      secret: SECRET,
      call: (o) => uploader.explicit('p1', {
        ...o, type: 'upload', eager: [{ width: 200, crop: 'limit' }], eager_async: true,
      }),
    },
    {
      name: 'add_context',
      secret: SECRET,
      call: (o) => uploader.add_context({ alt: 'a=b', note: 'x|y' }, ['p1', 'p2'], o),
    },
  ];

  const out = [];
  for (const c of calls) {
    const options = { api_secret: c.secret };
    const { result: promise, inputs } = withHashCapture(() => c.call(options));
    await promise;
    const request = requests.shift();
    const { algorithm, to_sign } = onlyInput(inputs, c.secret);
    const fields = parseMultipart(request.body, request.headers['content-type']);
    const form = fields.map((f) => [f.name, f.value]);
    const signature = fields.find((f) => f.name === 'signature').value;
    const filePart = fields.find((f) => f.filename !== undefined);
    const vector = {
      name: `captured/${c.name}`,
      source: 'cloudinary.v2.uploader call, multipart body captured by a local HTTP server',
      path: request.url,
      form,
      secret: c.secret,
      algorithm,
      // The SDK signs with version 2 unless the call passes signature_version.
      signature_version: c.version || 2,
      string_to_sign: to_sign,
      signature,
    };
    if (filePart) vector.file_part_filename = filePart.filename;
    out.push(vector);
  }
  fs.rmSync(tmpDir, { recursive: true, force: true });
  return out;
}

function urlVectors(cloudinary) {
  const cases = [
    { name: 'plain', public_id: 'sample.jpg', options: {} },
    { name: 'format_option', public_id: 'sample', options: { format: 'jpg' } },
    { name: 'transformation', public_id: 'sample.jpg', options: { width: 100, crop: 'scale' } },
    {
      name: 'chained_transformation',
      public_id: 'sample.jpg',
      options: { transformation: [{ crop: 'pad', width: 400 }, { fetch_format: 'auto', quality: 'auto' }] },
    },
    { name: 'named_transformation', public_id: 'sample.jpg', options: { transformation: 'thumb' } },
    { name: 'explicit_version_not_signed', public_id: 'sample.jpg', options: { version: 1234567890, width: 10 } },
    { name: 'folder_gets_v1_not_signed', public_id: 'folder/sample.jpg', options: {} },
    { name: 'unicode_and_space_percent_encoded', public_id: 'café/ünï 1.jpg', options: { width: 10, crop: 'fit' } },
    { name: 'long_url_signature', public_id: 'sample.jpg', options: { width: 100, crop: 'scale', long_url_signature: true } },
    {
      name: 'long_url_signature_overrides_sha1',
      public_id: 'sample.jpg',
      options: { long_url_signature: true, signature_algorithm: 'sha1' },
    },
    { name: 'sha256_short', public_id: 'sample.jpg', options: { width: 100, crop: 'scale', signature_algorithm: 'sha256' } },
    { name: 'authenticated', public_id: 'sample.jpg', options: { type: 'authenticated', version: 123 } },
    { name: 'authenticated_sha256_transformation', public_id: 'secret/doc.png', options: { type: 'authenticated', signature_algorithm: 'sha256', height: 50, crop: 'thumb' } },
    { name: 'private', public_id: 'sample.jpg', options: { type: 'private', width: 100, crop: 'scale' } },
    { name: 'video', public_id: 'clip.mp4', options: { resource_type: 'video', width: 300 } },
    { name: 'raw', public_id: 'doc.pdf', options: { resource_type: 'raw' } },
    { name: 'fetch', public_id: 'https://example.com/a b.jpg', options: { type: 'fetch', width: 100 } },
    { name: 'other_secret', public_id: 'sample.jpg', options: { width: 100, crop: 'scale' }, secret: SECRET_2 },
  ];
  const out = [];
  for (const c of cases) {
    const secret = c.secret || SECRET;
    const given = JSON.parse(JSON.stringify(c.options));
    const options = { ...given, sign_url: true, api_secret: secret, cloud_name: CLOUD, analytics: false };
    const { result: url, inputs } = withHashCapture(() => cloudinary.v2.url(c.public_id, options));
    const { algorithm, to_sign } = onlyInput(inputs, secret);
    const match = /\/(s--([A-Za-z0-9_-]+)--)\/(.*)$/.exec(url);
    out.push({
      name: c.name,
      public_id: c.public_id,
      options: given,
      secret,
      cloud_signature_algorithm: given.signature_algorithm || 'sha1',
      algorithm,
      long_url_signature: !!given.long_url_signature,
      to_sign,
      url,
      path_after_signature: match[3],
      signature: match[1],
    });
  }
  return out;
}

async function main() {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (d) => chunks.push(d));
    req.on('end', () => {
      requests.push({ url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"public_id":"captured"}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  // The SDK picks http vs https at require time, so the prefix must be set first.
  process.env.CLOUDINARY_URL =
    `cloudinary://${API_KEY}:${SECRET}@${CLOUD}?upload_prefix=http://127.0.0.1:${port}`;
  const cloudinary = require('cloudinary');
  const version = require('cloudinary/package.json').version;

  const output = {
    _generated_by: 'node tests/sdk/make_signature_vectors.js > tests/data/signature_vectors.json ' +
      '(after `npm ci` in tests/sdk); do not edit by hand',
    sdk: { package: 'cloudinary', version, node: process.version },
    _notes: [
      'request_signatures[].form is the list of form fields in wire order (keys may end in []); ' +
        'string_to_sign is the SDK hash input without the secret; signature is lower-case hex.',
      'url_signatures[].to_sign is the SDK hash input without the secret; signature is the s--...-- component.',
      'api_sign_request signs whatever it is given: file/api_key/cloud_name/resource_type are left out by the ' +
        'callers (sign_request, call_api), so sdk_params never holds them while form may.',
    ],
    request_signatures: [...requestVectors(cloudinary), ...await capturedVectors(cloudinary, port, requests)],
    url_signatures: urlVectors(cloudinary),
  };
  server.close();
  // Keep [key, value] pairs on one line so the file stays readable.
  const text = JSON.stringify(output, null, 2)
    .replace(/\[\s*("(?:[^"\\]|\\.)*"),\s*("(?:[^"\\]|\\.)*")\s*\]/g, '[$1, $2]');
  process.stdout.write(text + '\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
