// cldcert widget shim: Upload widget (https://upload-widget.cloudinary.com/latest/global/all.js).
(function () {
  'use strict';
  var cld = window.__cldcert;
  // What the real widget calls once a file is uploaded: callback(null, {event: "success", info}),
  // info being the Upload API's response (Upload widget reference, "Events":
  // https://cloudinary.com/documentation/upload_widget_reference#events).
  function widget(options, callback) {
    var opts = options || {};
    var state = { shown: false };
    if (typeof callback === 'function') {
      cld.handle('upload_widget', 'callback', function (result) { callback(null, result); }, state);
    }
    return {
      open: function () {
        state.shown = true;
        cld.record('upload_widget', 'open', arguments);
        cld.box('upload_widget', opts.inlineContainer, 'Upload widget (cldcert shim): cloud ' + (opts.cloudName || opts.cloud_name));
        // A signed widget asks the page's uploadSignature for a signature before uploading: call
        // it the way the widget does and record what it hands back.
        if (typeof opts.uploadSignature === 'function') {
          var params = { source: 'uw', timestamp: Math.floor(Date.now() / 1000) };
          opts.uploadSignature(function (signature) {
            cld.record('upload_widget', 'uploadSignature:callback', [signature, params]);
          }, params);
        }
        if (typeof callback === 'function') callback(null, { event: 'display-changed', info: 'shown' });
        return this;
      },
      close: function () { cld.record('upload_widget', 'close', arguments); return this; },
      destroy: function () { cld.record('upload_widget', 'destroy', arguments); return this; },
      update: function () { cld.record('upload_widget', 'update', arguments); return this; },
      isShowing: function () { return false; },
    };
  }
  window.cloudinary.createUploadWidget = function (options, callback) {
    cld.record('upload_widget', 'createUploadWidget', arguments);
    return widget(options, callback);
  };
  window.cloudinary.openUploadWidget = function (options, callback) {
    cld.record('upload_widget', 'openUploadWidget', arguments);
    return widget(options, callback).open();
  };
  window.cloudinary.applyUploadWidget = function (element, options, callback) {
    cld.record('upload_widget', 'applyUploadWidget', arguments);
    return widget(options, callback);
  };
  window.cloudinary.setCloudName = function () { cld.record('upload_widget', 'setCloudName', arguments); };
})();
