// End to end: the official Node SDK's Admin, Provisioning and delivery calls against
// `cldcert serve` — signed URLs accepted, tampered ones refused, rate limits and faults seen.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { startMockServer, required } = require('./mock_server');

let server;
let cloudinary;
let cloud;
let account;
let readOnly;
let image;

function png(width, height) {
  const size = Buffer.alloc(8);
  size.writeUInt32BE(width, 0);
  size.writeUInt32BE(height, 4);
  return Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), size, crypto.randomBytes(300)]);
}

// Delivery URLs name res.cloudinary.com; the same path is asked of the mock.
function onMock(url) {
  const u = new URL(url);
  return `${server.url}${u.pathname}${u.search}`;
}

async function control(method, route, body) {
  const res = await fetch(`${server.url}/__cldcert/${route}`, {
    method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

test.before(async () => {
  server = await startMockServer();
  cloud = server.clouds.find((c) => c.role === 'master_admin');
  readOnly = server.clouds.find((c) => c.role === 'read_only');
  account = server.accounts.accounts.find((a) => a.clouds.some((c) => c.cloud_name === cloud.cloud_name));
  process.env.CLOUDINARY_URL = server.cloudinaryUrl(cloud);
  process.env.CLOUDINARY_ACCOUNT_URL =
    `account://${account.provisioning_key}:${account.provisioning_secret}@${account.id}?upload_prefix=${server.url}`;
  cloudinary = require(path.join(required('CLDCERT_SDK_DIR'), 'node_modules', 'cloudinary')).v2;
  image = path.join(server.dir, 'photo.png');
  fs.writeFileSync(image, png(320, 200));
});

test.after(async () => {
  if (!server) return;
  await server.stop();
  fs.rmSync(server.dir, { recursive: true, force: true });
});

test('ping and usage carry the rate-limit headers the SDK reads', async () => {
  const ping = await cloudinary.api.ping();
  assert.equal(ping.status, 'ok');
  assert.equal(ping.rate_limit_allowed, 5000);
  assert.ok(ping.rate_limit_remaining < 5000);
  assert.ok(ping.rate_limit_reset_at instanceof Date);
  const usage = await cloudinary.api.usage();
  assert.ok(usage.media_limits.image_max_size_bytes > 0);
});

test('uploads are visible to resources, resource, search, tags; pagination covers all', async () => {
  const ids = [];
  for (let i = 0; i < 5; i++) {
    ids.push((await cloudinary.uploader.upload(image, { folder: 'catalog', tags: i % 2 ? 'odd' : 'even' })).public_id);
  }
  await cloudinary.uploader.upload(image, { public_id: 'elsewhere/x', type: 'private' });
  const seen = [];
  let cursor;
  do {
    const page = await cloudinary.api.resources({ type: 'upload', prefix: 'catalog/', max_results: 2, next_cursor: cursor });
    assert.ok(page.resources.length <= 2);
    seen.push(...page.resources.map((r) => r.public_id));
    cursor = page.next_cursor;
  } while (cursor);
  assert.deepEqual(seen.sort(), [...ids].sort());
  const one = await cloudinary.api.resource(ids[0]);
  assert.equal(one.public_id, ids[0]);
  assert.equal(one.width, 320);
  const found = await cloudinary.search.expression('folder:catalog AND tags=odd').execute();
  assert.equal(found.total_count, 2);
  const byTag = await cloudinary.api.resources_by_tag('even');
  assert.equal(byTag.resources.length, 3);
  const tags = await cloudinary.api.tags();
  assert.deepEqual(tags.tags, ['even', 'odd']);
  const del = await cloudinary.api.delete_resources([ids[0], 'missing-id']);
  assert.equal(del.deleted[ids[0]], 'deleted');
  assert.equal(del.deleted['missing-id'], 'not_found');
  await assert.rejects(cloudinary.api.resource(ids[0]), (e) => e.error.http_code === 404);
});

test('search: field-less terms with prefixes, AND/OR/NOT, parentheses and quotes', async () => {
  await cloudinary.uploader.upload(image, { public_id: 'garden/kitten-on-wall', tags: 'pets' });
  await cloudinary.uploader.upload(image, { public_id: 'garden/kitchen-list', tags: 'docs' });
  await cloudinary.uploader.upload(image, { public_id: 'house/dog', tags: 'pets', context: 'alt=sleeping kitten' });
  const ids = async (expression) =>
    (await cloudinary.search.expression(expression).max_results(100).execute()).resources.map((r) => r.public_id).sort();
  assert.deepEqual(await ids('kitten'), ['garden/kitten-on-wall', 'house/dog']);
  assert.deepEqual(await ids('kit*'), ['garden/kitchen-list', 'garden/kitten-on-wall', 'house/dog']);
  assert.deepEqual(await ids('kit* AND NOT tags=docs'), ['garden/kitten-on-wall', 'house/dog']);
  assert.deepEqual(await ids('(garden OR house) AND -kitten'), ['garden/kitchen-list']);
  assert.deepEqual(await ids('"sleeping kitten"'), ['house/dog']);
  assert.deepEqual(await ids('tags=pets AND (dog || wall)'), ['garden/kitten-on-wall', 'house/dog']);
  await assert.rejects(cloudinary.search.expression('kitten AND (').execute(), (e) => e.error.http_code === 400);
});

test('upload presets: create, use unsigned, update, delete', async () => {
  const created = await cloudinary.api.create_upload_preset({ name: 'e2e_unsigned', unsigned: true, folder: 'from-widget' });
  assert.equal(created.message, 'created');
  const up = await cloudinary.uploader.unsigned_upload(image, 'e2e_unsigned');
  assert.equal(up.resource_type, 'image');
  const got = await cloudinary.api.upload_preset('e2e_unsigned');
  assert.equal(got.unsigned, true);
  assert.equal(got.settings.folder, 'from-widget');
  await cloudinary.api.update_upload_preset('e2e_unsigned', { unsigned: false });
  await assert.rejects(cloudinary.uploader.unsigned_upload(image, 'e2e_unsigned'), (e) => e.http_code === 400);
  const list = await cloudinary.api.upload_presets();
  assert.ok(list.presets.some((p) => p.name === 'e2e_unsigned'));
  await cloudinary.api.delete_upload_preset('e2e_unsigned');
  await assert.rejects(cloudinary.api.upload_preset('e2e_unsigned'), (e) => e.error.http_code === 404);
});

test('named transformations resolve in delivery URLs', async () => {
  await cloudinary.api.create_transformation('thumb', 'c_fill,h_100,w_100');
  const info = await cloudinary.api.transformation('thumb');
  assert.equal(info.name, 't_thumb');
  const up = await cloudinary.uploader.upload(image, { public_id: 'with-named' });
  const good = await fetch(onMock(cloudinary.url('with-named.png', { transformation: 'thumb', secure: true })));
  assert.equal(good.status, 200);
  const missing = await fetch(onMock(cloudinary.url('with-named.png', { transformation: 'nope', secure: true })));
  assert.equal(missing.status, 400);
  assert.match(missing.headers.get('x-cld-error'), /t_nope/);
  const invalid = await fetch(`${server.url}/${cloud.cloud_name}/image/upload/foo_bar/v1/with-named.png`);
  assert.equal(invalid.status, 400);
  assert.equal(invalid.headers.get('x-cld-error'), 'Invalid transformation component - foo_bar');
  const plain = await fetch(onMock(up.secure_url));
  assert.equal(plain.status, 200);
  assert.deepEqual(Buffer.from(await plain.arrayBuffer()), fs.readFileSync(image));
  await cloudinary.api.delete_transformation('thumb');
  assert.equal((await fetch(onMock(cloudinary.url('with-named.png', { transformation: 'thumb' })))).status, 400);
});

test('authenticated delivery: the SDK signed URL is accepted, a tampered one refused', async () => {
  await cloudinary.uploader.upload(image, { public_id: 'members/card', type: 'authenticated' });
  for (const options of [{}, { transformation: [{ width: 100, crop: 'scale' }, { fetch_format: 'auto', quality: 'auto' }] },
                         { long_url_signature: true }]) {
    const url = cloudinary.url('members/card.png', { type: 'authenticated', sign_url: true, secure: true, ...options });
    assert.match(url, /\/s--[A-Za-z0-9_-]{8,32}--\//);
    const ok = await fetch(onMock(url));
    assert.equal(ok.status, 200, `${url}: ${ok.headers.get('x-cld-error')}`);
    const tampered = url.replace(/s--(.)/, (m, c) => `s--${c === 'A' ? 'B' : 'A'}`);
    const refused = await fetch(onMock(tampered));
    assert.equal(refused.status, 401, tampered);
  }
  const unsigned = await fetch(onMock(cloudinary.url('members/card.png', { type: 'authenticated', secure: true })));
  assert.equal(unsigned.status, 401);
  const journal = await server.journal();
  const deliveries = journal.filter((e) => e.api === 'delivery' && e.delivery_type === 'authenticated');
  assert.ok(deliveries.some((e) => e.auth.outcome === 'ok'));
  assert.ok(deliveries.some((e) => e.auth.outcome === 'invalid_signature'));
  assert.ok(deliveries.some((e) => e.auth.outcome === 'missing_signature'));
});

test('access_mode authenticated: stored and returned, delivered on /upload/ only when signed', async () => {
  const up = await cloudinary.uploader.upload(image, { public_id: 'vault/plan', access_mode: 'authenticated' });
  assert.equal(up.type, 'upload');
  assert.equal(up.access_mode, 'authenticated');
  assert.equal((await cloudinary.api.resource('vault/plan')).access_mode, 'authenticated');
  const found = await cloudinary.search.expression('access_mode:authenticated').execute();
  assert.deepEqual(found.resources.map((r) => r.public_id), ['vault/plan']);
  const unsigned = await fetch(onMock(cloudinary.url('vault/plan.png', { secure: true })));
  assert.equal(unsigned.status, 401);
  const signed = cloudinary.url('vault/plan.png', { sign_url: true, secure: true });
  assert.match(signed, /\/image\/upload\/s--[A-Za-z0-9_-]{8}--\//);
  const ok = await fetch(onMock(signed));
  assert.equal(ok.status, 200, ok.headers.get('x-cld-error'));
  assert.deepEqual(Buffer.from(await ok.arrayBuffer()), fs.readFileSync(image));
  assert.equal((await fetch(onMock(signed.replace(/s--(.)/, (m, c) => `s--${c === 'A' ? 'B' : 'A'}`)))).status, 401);
  assert.equal((await cloudinary.uploader.upload(image, { public_id: 'open/plan' })).access_mode, 'public');
});

test('private assets: original only through private_download_url', async () => {
  await cloudinary.uploader.upload(image, { public_id: 'invoices/2026', type: 'private' });
  const download = cloudinary.utils.private_download_url('invoices/2026', 'png', { type: 'private', attachment: true });
  assert.ok(download.startsWith(`${server.url}/v1_1/${cloud.cloud_name}/image/download?`));
  const ok = await fetch(download);
  assert.equal(ok.status, 200);
  assert.deepEqual(Buffer.from(await ok.arrayBuffer()), fs.readFileSync(image));
  assert.match(ok.headers.get('content-disposition'), /attachment/);
  const tampered = download.replace('public_id=invoices', 'public_id=invoicez');
  assert.equal((await fetch(tampered)).status, 401);
  const byUrl = await fetch(onMock(cloudinary.url('invoices/2026.png', { type: 'private', sign_url: true })));
  assert.equal(byUrl.status, 401);
});

test('SEO-friendly and root-path URLs deliver the asset; HEAD answers its size and type', async () => {
  const up = await cloudinary.uploader.upload(image, { public_id: 'shop/red-shoe' });
  const urls = [
    cloudinary.url('shop/red-shoe', { url_suffix: 'red-running-shoe', format: 'png', secure: true }),
    cloudinary.url('shop/red-shoe', { url_suffix: 'thumb', format: 'png', width: 100, crop: 'scale', secure: true }),
    cloudinary.url('shop/red-shoe', { use_root_path: true, format: 'png', secure: true }),
    cloudinary.url('shop/red-shoe', { use_root_path: true, url_suffix: 'red', format: 'png', secure: true }),
  ];
  assert.match(urls[0], /\/images\/v1\/shop\/red-shoe\/red-running-shoe\.png/);
  for (const url of urls) {
    const get = await fetch(onMock(url));
    assert.equal(get.status, 200, `${url}: ${get.headers.get('x-cld-error')}`);
    assert.deepEqual(Buffer.from(await get.arrayBuffer()), fs.readFileSync(image));
    const head = await fetch(onMock(url), { method: 'HEAD' });
    assert.equal(head.status, 200, url);
    assert.equal(head.headers.get('content-length'), String(up.bytes));
    assert.equal(head.headers.get('content-type'), 'image/png');
    assert.equal((await head.arrayBuffer()).byteLength, 0);
  }
  const missing = await fetch(onMock(cloudinary.url('shop/blue-shoe', { url_suffix: 'x', format: 'png' })),
                              { method: 'HEAD' });
  assert.equal(missing.status, 404);
  await cloudinary.uploader.upload(image, { public_id: 'vip/pass', type: 'authenticated' });
  const signed = cloudinary.url('vip/pass', { type: 'authenticated', url_suffix: 'pass', format: 'png', sign_url: true });
  assert.match(signed, /\/authenticated_images\/s--/);
  assert.equal((await fetch(onMock(signed))).status, 200);
  assert.equal((await fetch(onMock(signed.replace(/s--[^/]+--\//, '')))).status, 401);
  const heads = (await server.journal()).filter((e) => e.api === 'delivery' && e.method === 'HEAD');
  assert.ok(heads.length >= urls.length);
  assert.ok(heads.every((e) => e.public_id === 'shop/red-shoe' || e.public_id === 'shop/blue-shoe'));
});

test('fetch delivery is recorded, not fetched', async () => {
  const url = cloudinary.url('https://example.com/shoe.jpg', { type: 'fetch', fetch_format: 'auto', quality: 'auto' });
  const res = await fetch(onMock(url));
  assert.equal(res.status, 200);
  const entry = (await server.journal()).filter((e) => e.api === 'delivery').at(-1);
  assert.equal(entry.remote_file_url, 'https://example.com/shoe.jpg');
  assert.equal(entry.transformation, 'f_auto,q_auto');
});

test('provisioning lists the account sub-accounts and users', async () => {
  const subs = await cloudinary.provisioning.account.sub_accounts();
  assert.deepEqual(subs.sub_accounts.map((s) => s.cloud_name).sort(), account.clouds.map((c) => c.cloud_name).sort());
  const one = await cloudinary.provisioning.account.sub_account(subs.sub_accounts[0].id);
  assert.equal(one.id, subs.sub_accounts[0].id);
  const users = await cloudinary.provisioning.account.users();
  assert.equal(users.users.length, 1);
});

test('a read_only key gets 403 on Admin writes but may read', async () => {
  const asReadOnly = { cloud_name: readOnly.cloud_name, api_key: readOnly.api_key, api_secret: readOnly.api_secret };
  const list = await cloudinary.api.resources(asReadOnly);
  assert.deepEqual(list.resources, []);
  await assert.rejects(cloudinary.api.delete_resources(['x'], asReadOnly), (e) => e.error.http_code === 403);
  await assert.rejects(cloudinary.api.ping({ ...asReadOnly, api_secret: 'wrong_fake_secret_0000000000' }),
                       (e) => e.error.http_code === 401);
});

test('rate limit: past the quota the SDK sees 420', async () => {
  const other = server.clouds.find((c) => c.role === 'admin');
  const opts = { cloud_name: other.cloud_name, api_key: other.api_key, api_secret: other.api_secret };
  assert.equal((await control('POST', 'rate_limits', { cloud: other.cloud_name, limit_per_hour: 2 })).status, 200);
  const first = await cloudinary.api.ping(opts);
  assert.equal(first.rate_limit_remaining, 1);
  await cloudinary.api.ping(opts);
  await assert.rejects(cloudinary.api.ping(opts), (e) => e.error.http_code === 420);
});

test('faults: a 500 on the first upload, then normal service', async () => {
  const rule = await control('POST', 'faults', { method: 'POST', path: '/v1_1/*/image/upload', from: 1, to: 1, status: 500 });
  assert.equal(rule.status, 201);
  await assert.rejects(cloudinary.uploader.upload(image), (e) => e.http_code === 500);
  const ok = await cloudinary.uploader.upload(image);
  assert.equal(ok.resource_type, 'image');
  const faulted = (await server.journal()).filter((e) => e.fault === rule.body.id);
  assert.equal(faulted.length, 1);
  assert.equal(faulted[0].action, 'upload');
  await control('DELETE', 'faults');
});

test('the HAR export holds no secret, but keeps keys and signatures', async () => {
  const res = await fetch(`${server.url}/__cldcert/har`);
  const text = await res.text();
  const har = JSON.parse(text);
  assert.equal(har.log.version, '1.2');
  for (const c of server.clouds) {
    assert.ok(!text.includes(c.api_secret), `secret of ${c.cloud_name} leaked`);
    assert.ok(!text.includes(Buffer.from(`${c.api_key}:${c.api_secret}`).toString('base64')));
  }
  assert.ok(text.includes(cloud.api_key));
  assert.ok(har.log.entries.some((e) => (e.request.postData?.params || []).some((p) => p.name === 'signature')));
});
