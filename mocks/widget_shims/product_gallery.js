// cldcert widget shim: Product Gallery (https://product-gallery.cloudinary.com/latest/all.js).
(function () {
  'use strict';
  var cld = window.__cldcert;
  window.cloudinary.galleryWidget = function (options) {
    cld.record('product_gallery', 'galleryWidget', arguments);
    var opts = options || {};
    return {
      render: function () {
        cld.record('product_gallery', 'render', arguments);
        cld.box('product_gallery', opts.container, 'Product Gallery (cldcert shim): cloud ' + opts.cloudName);
        return this;
      },
      update: function () { cld.record('product_gallery', 'update', arguments); return this; },
      destroy: function () { cld.record('product_gallery', 'destroy', arguments); },
      on: function () { return this; },
    };
  };
})();
