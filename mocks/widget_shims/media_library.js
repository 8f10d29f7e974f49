// cldcert widget shim: Media Library (https://media-library.cloudinary.com/global/all.js).
(function () {
  'use strict';
  var cld = window.__cldcert;
  function instance(options, callbacks) {
    var opts = options || {};
    return {
      show: function () {
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
