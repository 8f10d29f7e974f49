// The widget shims (mocks/widget_shims/*.js) outside a browser: each exposes the real widget's
// globals, records the exact options and later calls, and returns objects a page can go on with.
// (The browser run of the same files is e2e.runner's widgets scenario.)
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const dir = path.join(process.env.CLDCERT_SOURCE_DIR || path.join(__dirname, '..', '..'), 'mocks', 'widget_shims');

// A page with just enough DOM for the shims' visible boxes; the shims run as the mock serves them.
function page(...widgets) {
  const appended = [];
  const element = () => ({ style: {}, setAttribute() {}, appendChild(c) { appended.push(c); } });
  const window = {};
  window.window = window;
  window.document = { body: element(), querySelector: () => null, querySelectorAll: () => [], getElementById: () => null,
                      createElement: element };
  window.Date = Date;
  window.Math = Math;
  const context = vm.createContext(window);
  for (const w of widgets) {
    vm.runInContext(fs.readFileSync(path.join(dir, 'record.js'), 'utf8') + fs.readFileSync(path.join(dir, `${w}.js`), 'utf8'), context);
  }
  return { window, calls: () => JSON.parse(JSON.stringify(window.__cldcert.calls)) };
}

test('Media Library: options recorded exactly, functions as markers, show() recorded', () => {
  const p = page('media_library');
  const options = { cloud_name: 'c', integration: { type: 't', platform: 'P 1', version: '1.0.0', environment: 'dev' } };
  const ml = p.window.cloudinary.createMediaLibrary(options, { insertHandler: function insert() {} });
  ml.show({ folder: { path: 'a' } });
  assert.deepEqual(p.calls(), [
    { widget: 'media_library', method: 'createMediaLibrary', args: [options, { insertHandler: { $function: 'insert' } }] },
    { widget: 'media_library', method: 'show', args: [{ folder: { path: 'a' } }] },
  ]);
  assert.equal(typeof ml.hide, 'function');
});

test('Upload widget: open() asks the page for a signature the way the widget does', () => {
  const p = page('upload_widget');
  let asked = null;
  const w = p.window.cloudinary.createUploadWidget({ cloudName: 'c', apiKey: '1', uploadSignature: function sign(cb, params) {
    asked = params;
    cb('abc');
  } }, () => {});
  w.open();
  assert.equal(asked.source, 'uw');
  const calls = p.calls();
  assert.deepEqual(calls[0].args[0].uploadSignature, { $function: 'sign' });
  assert.deepEqual(calls.map((c) => c.method), ['createUploadWidget', 'open', 'uploadSignature:callback']);
  assert.equal(calls[2].args[0], 'abc');
});

test('Product Gallery and Video Player: the globals, their options and later calls', () => {
  const p = page('product_gallery', 'video_player');  // two shims on one page share one recorder
  p.window.cloudinary.galleryWidget({ cloudName: 'c', mediaAssets: [{ publicId: 'x' }] }).render();
  p.window.cloudinary.videoPlayer('player', { cloudName: 'c' }).source('clip', { info: {} });
  assert.equal(typeof p.window.cloudinary.videoPlayers, 'function');
  assert.deepEqual(p.calls().map((c) => `${c.widget}.${c.method}`),
    ['product_gallery.galleryWidget', 'product_gallery.render', 'video_player.videoPlayer', 'video_player.source']);
  assert.deepEqual(p.calls()[3].args, ['clip', { info: {} }]);
});

// cldcert.browse fires the page's callbacks through the recorder: the Media Library's insertHandler
// with data.assets[], the Upload widget's callback with (null, {event: "success", info}).
test('callbacks: each widget registers what the page gave it, and fire() hands it the payload', () => {
  const p = page('media_library', 'upload_widget');
  const got = [];
  p.window.cloudinary.createMediaLibrary({ cloud_name: 'c' }, { insertHandler: (data) => got.push(['ml', data]) }).show();
  p.window.cloudinary.createUploadWidget({ cloudName: 'c' }, (error, result) => {
    if (result.event === 'success') got.push(['uw', error, result]);
  });
  p.window.cloudinary.createMediaLibrary({ cloud_name: 'c' }, {});  // no insertHandler: nothing to fire
  const cld = p.window.__cldcert;
  assert.deepEqual(Array.from(cld.handlers, (h) => `${h.widget}.${h.callback}`), ['media_library.insertHandler', 'upload_widget.callback']);
  const asset = { public_id: 'shop/shoe', secure_url: 'https://res.cloudinary.com/c/image/upload/v1/shop/shoe.png' };
  const payloads = { media_library: { assets: [asset] }, upload_widget: { event: 'success', info: asset } };
  assert.deepEqual(JSON.parse(JSON.stringify(cld.fire(0, payloads))),
    { widget: 'media_library', callback: 'insertHandler', shown: true, error: null });
  assert.deepEqual(JSON.parse(JSON.stringify(cld.fire(1, payloads))),
    { widget: 'upload_widget', callback: 'callback', shown: false, error: null }, 'never opened');
  assert.deepEqual(got, [['ml', { assets: [asset] }], ['uw', null, { event: 'success', info: asset }]]);
});

test('callbacks: a handler that throws is recorded, not fatal', () => {
  const p = page('media_library');
  p.window.cloudinary.openMediaLibrary({ cloud_name: 'c' }, { insertHandler: (data) => data.nothing.here });
  const fired = p.window.__cldcert.fire(0, { media_library: { assets: [] } });
  assert.match(fired.error, /Cannot read properties of undefined/);
});
