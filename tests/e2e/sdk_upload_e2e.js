// End to end: the official Cloudinary Node SDK, unmodified, uploads to `cldcert serve`
// (only upload_prefix points it at us); results are checked from the SDK and the journal.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { startMockServer, required } = require('./mock_server');

let server;
let cloudinary;
let cloud;        // master_admin cloud with the unsigned preset
let readOnly;     // a read_only cloud
let files;

const MiB = 1024 * 1024;

// Deterministic bytes, fast: a 1 MiB pseudo-random block varied per MiB.
function writeGeneratedFile(file, size, seed) {
  const fd = fs.openSync(file, 'w');
  const block = crypto.createHash('sha512');
  let base = Buffer.alloc(MiB);
  for (let i = 0; i < MiB; i += 64) crypto.createHash('sha512').update(`${seed}:${i}`).digest().copy(base, i);
  for (let written = 0, n = 0; written < size; n++) {
    base.writeUInt32LE(n, 0);
    const len = Math.min(MiB, size - written);
    fs.writeSync(fd, base, 0, len);
    written += len;
  }
  fs.closeSync(fd);
  void block;
}

function sha256File(file) {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(4 * MiB);
  let n;
  while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n));
  fs.closeSync(fd);
  return hash.digest('hex');
}

function png(width, height) {
  const header = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const size = Buffer.alloc(8);
  size.writeUInt32BE(width, 0);
  size.writeUInt32BE(height, 4);
  return Buffer.concat([header, size, crypto.randomBytes(200)]);
}

// A raw multipart POST, for what the SDK never sends (malformed bodies, parallel chunks).
function post(pathname, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${pathname}`, { method: 'POST', headers }, (res) => {
      let data = '';
      res.on('data', (d) => { data += d; });
      res.on('end', () => resolve({ status: res.statusCode, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function multipart(fields, file) {
  const boundary = '----cldcert' + crypto.randomBytes(8).toString('hex');
  const parts = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
                           'Content-Type: application/octet-stream\r\n\r\n'));
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function signedFields(params, target) {
  const withTime = { ...params, timestamp: Math.floor(Date.now() / 1000) };
  const signature = cloudinary.utils.api_sign_request(withTime, target.api_secret);
  return { ...withTime, signature, api_key: target.api_key };
}

test.before(async () => {
  server = await startMockServer();
  cloud = server.clouds.find((c) => (c.upload_presets || []).some((p) => p.unsigned));
  readOnly = server.clouds.find((c) => c.role === 'read_only');
  assert.ok(cloud && readOnly, 'generated accounts have an unsigned preset cloud and a read_only cloud');
  // The SDK picks http vs https when first required: CLOUDINARY_URL must be set before.
  process.env.CLOUDINARY_URL = server.cloudinaryUrl(cloud);
  cloudinary = require(path.join(required('CLDCERT_SDK_DIR'), 'node_modules', 'cloudinary')).v2;

  const dir = path.join(server.dir, 'files');
  fs.mkdirSync(dir);
  files = {
    png: path.join(dir, 'photo.png'),
    mp4: path.join(dir, 'clip.mp4'),
    txt: path.join(dir, 'notes.txt'),
    large: path.join(dir, 'large.bin'),
  };
  fs.writeFileSync(files.png, png(640, 480));
  fs.writeFileSync(files.mp4, Buffer.concat([Buffer.from('000000186674797069736f6d', 'hex'), crypto.randomBytes(4000)]));
  fs.writeFileSync(files.txt, 'plain text asset\n');
  writeGeneratedFile(files.large, 110 * MiB, 7);
});

test.after(async () => {
  if (!server) return;
  const code = await server.stop();
  assert.equal(code, 0, `cldcert serve exits 0 on SIGTERM (stderr: ${server.stderr()})`);
  // The journal file was flushed: it holds every request the API saw.
  const lines = fs.readFileSync(server.journalFile, 'utf8').trim().split('\n');
  assert.ok(lines.length >= 20, `journal file has ${lines.length} lines`);
  fs.rmSync(server.dir, { recursive: true, force: true });
});

test('image upload with tags, folder and context is answered like Cloudinary', async () => {
  const r = await cloudinary.uploader.upload(files.png, { tags: 'a,b', folder: 'shop', context: 'alt=hi|caption=x' });
  assert.equal(r.resource_type, 'image');
  assert.equal(r.type, 'upload');
  assert.equal(r.format, 'png');
  assert.equal(r.width, 640);
  assert.equal(r.height, 480);
  assert.equal(r.bytes, fs.statSync(files.png).size);
  assert.deepEqual(r.tags, ['a', 'b']);
  assert.deepEqual(r.context, { custom: { alt: 'hi', caption: 'x' } });
  assert.match(r.public_id, /^shop\/[0-9a-z]{20}$/);
  assert.match(r.asset_id, /^[0-9a-f]{32}$/);
  assert.equal(r.secure_url, `https://res.cloudinary.com/${cloud.cloud_name}/image/upload/v${r.version}/${r.public_id}.png`);
  // The response signature verifies with the SDK's own check.
  assert.ok(cloudinary.utils.verify_api_response_signature(r.public_id, r.version, r.signature));
});

test('dynamic folders: asset_folder prefixes the public id only with use_asset_folder_as_public_id_prefix', async () => {
  const plain = await cloudinary.uploader.upload(files.png, { public_id: 'boot', asset_folder: 'shop/boots' });
  assert.equal(plain.public_id, 'boot');
  assert.equal(plain.asset_folder, 'shop/boots');
  const prefixed = await cloudinary.uploader.upload(files.png, {
    public_id: 'boot', asset_folder: 'shop/boots', use_asset_folder_as_public_id_prefix: true, display_name: 'Brown boot' });
  assert.equal(prefixed.public_id, 'shop/boots/boot');
  assert.equal(prefixed.asset_folder, 'shop/boots');
  assert.equal(prefixed.display_name, 'Brown boot');
  const generated = await cloudinary.uploader.upload(files.png, {
    asset_folder: 'inbox', use_asset_folder_as_public_id_prefix: true, public_id_prefix: 'seo' });
  assert.match(generated.public_id, /^inbox\/seo\/[0-9a-z]{20}$/);
  const found = await cloudinary.api.resource('shop/boots/boot');
  assert.equal(found.asset_folder, 'shop/boots');
});

test('video, raw and auto resource types use their endpoints', async () => {
  const v = await cloudinary.uploader.upload(files.mp4, { resource_type: 'video' });
  assert.equal(v.resource_type, 'video');
  assert.equal(v.format, 'mp4');
  const raw = await cloudinary.uploader.upload(files.txt, { resource_type: 'raw', use_filename: true, unique_filename: false });
  assert.equal(raw.resource_type, 'raw');
  assert.equal(raw.public_id, 'notes.txt');
  assert.equal(raw.format, undefined);
  const auto = await cloudinary.uploader.upload(files.mp4, { resource_type: 'auto' });
  assert.equal(auto.resource_type, 'video');
  const entries = await server.journal();
  const paths = entries.filter((e) => e.action === 'upload').map((e) => e.path);
  for (const rt of ['video', 'raw', 'auto']) {
    assert.ok(paths.includes(`/v1_1/${cloud.cloud_name}/${rt}/upload`), `journal has a ${rt} upload`);
  }
});

test('private and authenticated uploads get signed delivery URLs', async () => {
  for (const type of ['private', 'authenticated']) {
    const r = await cloudinary.uploader.upload(files.png, { type, public_id: `secret-${type}` });
    assert.equal(r.type, type);
    // The SDK builds the same signed URL from the same secret.
    const expected = cloudinary.url(`secret-${type}.png`, { type, sign_url: true, version: r.version, secure: true,
                                                            analytics: false });
    assert.equal(r.secure_url, expected);
  }
});

test('unsigned upload works only with an unsigned preset', async () => {
  const preset = cloud.upload_presets.find((p) => p.unsigned).name;
  const r = await cloudinary.uploader.unsigned_upload(files.png, preset);
  assert.equal(r.resource_type, 'image');
  const entries = await server.journal();
  const last = entries.filter((e) => e.action === 'upload').at(-1);
  assert.equal(last.auth.method, 'unsigned_preset');
  assert.equal(last.auth.upload_preset, preset);

  await assert.rejects(cloudinary.uploader.unsigned_upload(files.png, 'no_such_preset'),
                       (e) => e.http_code === 400 && /Upload preset not found/.test(e.message));
  const signedPreset = cloud.upload_presets.find((p) => !p.unsigned);
  if (signedPreset) {
    await assert.rejects(cloudinary.uploader.unsigned_upload(files.png, signedPreset.name),
                         (e) => e.http_code === 400 && /whitelisted for unsigned/.test(e.message));
  }
});

test('bad signature, stale timestamp and unknown key are refused as Cloudinary does', async () => {
  await assert.rejects(cloudinary.uploader.upload(files.png, { api_secret: 'wrong_fake_secret_000000000' }),
                       (e) => e.http_code === 401 && /^Invalid Signature [0-9a-f]{40}\. String to sign - '.*timestamp=\d+'\.$/.test(e.message));
  const stale = Math.floor(Date.now() / 1000) - 7200;
  await assert.rejects(cloudinary.uploader.upload(files.png, { timestamp: stale }),
                       (e) => e.http_code === 400 && /^Stale request - reported time is .* which is more than 1 hour ago$/.test(e.message));
  // Milliseconds (a future timestamp in seconds) are accepted, as by Cloudinary.
  const r = await cloudinary.uploader.upload(files.png, { timestamp: Date.now() });
  assert.equal(r.resource_type, 'image');
  await assert.rejects(cloudinary.uploader.upload(files.png, { api_key: '999999999999999' }),
                       (e) => e.http_code === 401 && e.message === 'Unknown API key 999999999999999');
  // SHA-256 request signatures are told apart by length and accepted.
  const r256 = await cloudinary.uploader.upload(files.png, { signature_algorithm: 'sha256' });
  assert.equal(r256.resource_type, 'image');
  const entries = await server.journal();
  const outcomes = entries.filter((e) => e.action === 'upload').map((e) => e.auth.outcome);
  for (const o of ['invalid_signature', 'stale_timestamp', 'unknown_api_key']) assert.ok(outcomes.includes(o), o);
  assert.ok(entries.some((e) => e.auth.signature_algorithm === 'sha256' && e.auth.outcome === 'ok'));
});

test('an unknown cloud gets a Cloudinary error and the server keeps serving', async () => {
  await assert.rejects(cloudinary.uploader.upload(files.png, { cloud_name: 'no-such-cloud' }),
                       (e) => e.http_code === 401 && /Invalid cloud_name no-such-cloud/.test(e.message));
  const r = await cloudinary.uploader.upload(files.png);
  assert.equal(r.resource_type, 'image');
});

test('a read_only cloud key may not upload (403)', async () => {
  await assert.rejects(cloudinary.uploader.upload(files.png, { cloud_name: readOnly.cloud_name, api_key: readOnly.api_key,
                                                              api_secret: readOnly.api_secret }),
                       (e) => /403/.test(e.message));
});

test('data URIs and remote URLs are accepted; remote URLs are recorded, not fetched', async () => {
  const bytes = fs.readFileSync(files.png);
  const d = await cloudinary.uploader.upload(`data:image/png;base64,${bytes.toString('base64')}`);
  assert.equal(d.bytes, bytes.length);
  assert.equal(d.width, 640);
  const u = await cloudinary.uploader.upload('https://example.com/products/shoe.jpg');
  assert.equal(u.format, 'jpg');
  const entries = await server.journal();
  assert.ok(entries.some((e) => e.remote_file_url === 'https://example.com/products/shoe.jpg'));
  const dataEntry = entries.find((e) => e.public_id === d.public_id);
  assert.equal(dataEntry.asset_sha256, crypto.createHash('sha256').update(bytes).digest('hex'));
});

test('eager and responsive_breakpoints are reflected in the response', async () => {
  const r = await cloudinary.uploader.upload(files.png, {
    eager: [{ width: 100, crop: 'scale' }, { width: 50, crop: 'fill', format: 'webp' }],
    responsive_breakpoints: { create_derived: true, min_width: 100, max_width: 600, max_images: 3 },
  });
  assert.equal(r.eager.length, 2);
  assert.equal(r.eager[0].transformation, 'c_scale,w_100');
  assert.equal(r.eager[1].format, 'webp');
  assert.ok(r.eager[1].secure_url.endsWith('.webp'));
  const widths = r.responsive_breakpoints[0].breakpoints.map((b) => b.width);
  assert.deepEqual(widths, [600, 350, 100]);
});

test('destroy, explicit and rename act on the stored asset', async () => {
  const up = await cloudinary.uploader.upload(files.png, { public_id: 'to-manage', type: 'private' });
  const ex = await cloudinary.uploader.explicit('to-manage', { type: 'private', tags: ['x'] });
  assert.equal(ex.public_id, 'to-manage');
  assert.deepEqual(ex.tags, ['x']);
  assert.equal(ex.version, up.version);
  const rn = await cloudinary.uploader.rename('to-manage', 'renamed', { type: 'private' });
  assert.equal(rn.public_id, 'renamed');
  // Forgetting the type looks in "upload" and finds nothing: the private asset stays.
  assert.deepEqual(await cloudinary.uploader.destroy('renamed'), { result: 'not found' });
  assert.deepEqual(await cloudinary.uploader.destroy('renamed', { type: 'private' }), { result: 'ok' });
  assert.deepEqual(await cloudinary.uploader.destroy('renamed', { type: 'private' }), { result: 'not found' });
  await assert.rejects(cloudinary.uploader.explicit('renamed', { type: 'private' }),
                       (e) => e.http_code === 404 && e.message === 'Resource not found - renamed');
});

test('add_tag, remove_tag, replace_tag and remove_all_tags through the SDK', async () => {
  await cloudinary.uploader.upload(files.png, { public_id: 'tagged-1', tags: 'own' });
  await cloudinary.uploader.upload(files.png, { public_id: 'tagged-2', tags: 'own' });
  // add keeps the asset's own tags; an id the cloud does not hold is left out of the answer.
  const added = await cloudinary.uploader.add_tag('cldcert-x', ['tagged-1', 'tagged-2', 'no-such-asset']);
  assert.deepEqual(added.public_ids, ['tagged-1', 'tagged-2']);
  assert.deepEqual((await cloudinary.api.resource('tagged-1')).tags, ['own', 'cldcert-x']);
  const byTag = await cloudinary.api.resources_by_tag('cldcert-x');
  assert.deepEqual(byTag.resources.map((r) => r.public_id).sort(), ['tagged-1', 'tagged-2']);
  await cloudinary.uploader.remove_tag('own', ['tagged-1']);
  assert.deepEqual((await cloudinary.api.resource('tagged-1')).tags, ['cldcert-x']);
  await cloudinary.uploader.replace_tag('only', ['tagged-2']);
  assert.deepEqual((await cloudinary.api.resource('tagged-2')).tags, ['only']);
  await cloudinary.uploader.remove_all_tags(['tagged-1', 'tagged-2']);
  assert.deepEqual((await cloudinary.api.resource('tagged-1')).tags, []);
  const entries = await server.journal();
  const tagCalls = entries.filter((e) => e.action === 'tags');
  assert.equal(tagCalls.length, 4);
  for (const e of tagCalls) {
    assert.equal(e.api, 'upload');
    assert.equal(e.path, `/v1_1/${cloud.cloud_name}/image/tags`);
    assert.equal(e.status, 200);
  }
});

test('upload_large of 110 MiB arrives in contiguous chunks with the right SHA-256', async () => {
  const r = await new Promise((resolve, reject) => {
    cloudinary.uploader.upload_large(files.large, { chunk_size: 20000000 }, (e, res) => (e ? reject(e) : resolve(res)));
  });
  assert.equal(r.bytes, 110 * MiB);
  assert.equal(r.resource_type, 'raw');
  const chunks = (await server.journal()).filter((e) => e.chunk && e.status === 200);
  const ids = new Set(chunks.map((e) => e.chunk.upload_id));
  assert.equal(ids.size, 1, 'one upload id for all chunks');
  assert.equal(chunks.length, Math.ceil((110 * MiB) / 20000000));
  let next = 0;
  for (const e of chunks) {
    assert.equal(e.chunk.start, next, 'chunks are contiguous');
    next = e.chunk.end + 1;
  }
  assert.equal(next, 110 * MiB);
  const last = chunks.at(-1);
  assert.ok(last.chunk.completed_upload);
  assert.equal(last.asset_sha256, sha256File(files.large));
});

test('a non-chunked upload over 100 MB is refused with 413 and the server goes on', async () => {
  await assert.rejects(cloudinary.uploader.upload(files.large, { resource_type: 'raw' }),
                       (e) => /413/.test(e.message));
  const entries = await server.journal();
  const refused = entries.filter((e) => e.status === 413).at(-1);
  assert.match(JSON.parse(refused.response_body).error.message, /^File size too large\. Got \d+\. Maximum is 104857600\./);
  assert.equal((await cloudinary.uploader.upload(files.png)).resource_type, 'image');
});

test('chunks sent in parallel and out of order are assembled', async () => {
  const chunkSize = 5 * MiB;
  const total = 4 * chunkSize + 12345;
  const data = crypto.randomBytes(total);
  const uploadId = 'par' + crypto.randomBytes(6).toString('hex');
  const starts = [];
  for (let s = 0; s < total; s += chunkSize) starts.push(s);
  const responses = await Promise.all(starts.reverse().map((start) => {
    const end = Math.min(start + chunkSize, total) - 1;
    const { body, contentType } = multipart(signedFields({ public_id: 'parallel' }, cloud),
                                            { name: 'parallel.bin', data: data.subarray(start, end + 1) });
    // Python and the WordPress plugin give the total on every chunk.
    return post(`/v1_1/${cloud.cloud_name}/raw/upload`, {
      'Content-Type': contentType, 'X-Unique-Upload-Id': uploadId, 'Content-Range': `bytes ${start}-${end}/${total}`,
    }, body);
  }));
  for (const r of responses) assert.equal(r.status, 200, r.body);
  const finals = responses.map((r) => JSON.parse(r.body)).filter((b) => b.done !== false);
  assert.equal(finals.length, 1, 'exactly one chunk completes the upload');
  assert.equal(finals[0].bytes, total);
  assert.equal(finals[0].public_id, 'parallel');
  const done = (await server.journal()).find((e) => e.chunk && e.chunk.upload_id === uploadId && e.chunk.completed_upload);
  assert.equal(done.asset_sha256, crypto.createHash('sha256').update(data).digest('hex'));
});

test('a small file sent as a single chunk is stored at once', async () => {
  const data = crypto.randomBytes(1000);
  const { body, contentType } = multipart(signedFields({}, cloud), { name: 'one.bin', data });
  const r = await post(`/v1_1/${cloud.cloud_name}/raw/upload`, {
    'Content-Type': contentType, 'X-Unique-Upload-Id': 'single1', 'Content-Range': 'bytes 0-999/1000' }, body);
  assert.equal(r.status, 200, r.body);
  assert.equal(JSON.parse(r.body).bytes, 1000);
});

test('malformed bodies and wrong Content-Range get clear 400s; nothing crashes', async () => {
  const bad = await post(`/v1_1/${cloud.cloud_name}/image/upload`,
                         { 'Content-Type': 'multipart/form-data; boundary=xyz' }, 'this is not multipart');
  assert.equal(bad.status, 400);
  assert.match(JSON.parse(bad.body).error.message, /multipart/);
  const { body, contentType } = multipart(signedFields({}, cloud), { name: 'a.bin', data: Buffer.alloc(10) });
  const range = await post(`/v1_1/${cloud.cloud_name}/raw/upload`,
                           { 'Content-Type': contentType, 'X-Unique-Upload-Id': 'bad1', 'Content-Range': 'bytes 9-0/10' }, body);
  assert.equal(range.status, 400);
  assert.match(JSON.parse(range.body).error.message, /Invalid Content-Range/);
  const mismatch = await post(`/v1_1/${cloud.cloud_name}/raw/upload`,
                              { 'Content-Type': contentType, 'X-Unique-Upload-Id': 'bad2', 'Content-Range': 'bytes 0-19/20' }, body);
  assert.equal(mismatch.status, 400);
  assert.match(JSON.parse(mismatch.body).error.message, /Chunk size mismatch/);
  const small = await post(`/v1_1/${cloud.cloud_name}/raw/upload`,
                           { 'Content-Type': contentType, 'X-Unique-Upload-Id': 'bad3', 'Content-Range': 'bytes 0-9/-1' }, body);
  assert.equal(small.status, 400);
  assert.match(JSON.parse(small.body).error.message, /All parts except EOF-chunk must be larger than 5mb/);
  const health = await fetch(`${server.url}/__cldcert/health`);
  assert.equal(health.status, 200);
});

test('urlencoded and JSON bodies are accepted', async () => {
  const bytes = fs.readFileSync(files.png);
  const fields = signedFields({ public_id: 'from-form' }, cloud);
  const form = new URLSearchParams({ ...fields, file: `data:image/png;base64,${bytes.toString('base64')}` });
  const a = await post(`/v1_1/${cloud.cloud_name}/image/upload`, { 'Content-Type': 'application/x-www-form-urlencoded' },
                       form.toString());
  assert.equal(a.status, 200, a.body);
  assert.equal(JSON.parse(a.body).public_id, 'from-form');
  const json = { ...signedFields({ public_id: 'from-json' }, cloud), file: 'https://example.com/a.png' };
  const b = await post(`/v1_1/${cloud.cloud_name}/image/upload`, { 'Content-Type': 'application/json' }, JSON.stringify(json));
  assert.equal(b.status, 200, b.body);
  assert.equal(JSON.parse(b.body).public_id, 'from-json');
});
