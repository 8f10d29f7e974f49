// cldcert widget shim: Media Library (https://media-library.cloudinary.com/global/all.js).
(function () {
  'use strict';
  var cld = window.__cldcert;
  // What the real widget calls when the user picks assets and presses insert: insertHandler(data),
  // data.assets[] each an asset as the Admin API describes it (public_id, resource_type, type, url,
  // secure_url, format, version, width, height, bytes, …): Media Library Widget API reference,
  // https://cloudinary.com/documentation/media_library_widget_api_reference ("insertHandler").
  function instance(options, callbacks) {
    var opts = options || {};
    var state = { shown: false };
    if (callbacks && typeof callbacks.insertHandler === 'function') {
      cld.handle('media_library', 'insertHandler', function (data) { callbacks.insertHandler(data); }, state);
    }
    return {
      show: function () {
        state.shown = true;
        cld.record('media_library', 'show', arguments);
        cld.box('media_library', opts.inline_container, 'Media Library (cldcert shim): cloud ' + opts.cloud_name);
        if (callbacks && typeof callbacks.showHandler === 'function') callbacks.showHandler();
        return this;
      },
      hide: function () {
        cld.record('media_library', 'hide', arguments);
        if (callbacks && typeof callbacks.hideHandler === 'function') callbacks.hideHandler();
        return this;
      },
    };
  }
  window.cloudinary.createMediaLibrary = function (options, callbacks) {
    cld.record('media_library', 'createMediaLibrary', arguments);
    return instance(options, callbacks);
  };
  window.cloudinary.openMediaLibrary = function (options, callbacks) {
    cld.record('media_library', 'openMediaLibrary', arguments);
    return instance(options, callbacks).show();
  };
})();
