// cldcert widget shim: Video Player (https://unpkg.com/cloudinary-video-player/dist/cld-video-player.min.js).
// A shim rather than the real package: the real player fetches sources and analytics at run time.
(function () {
  'use strict';
  var cld = window.__cldcert;
  function player(element, options) {
    var opts = options || {};
    var target = typeof element === 'string' ? (document.getElementById(element) || document.querySelector(element)) : element;
    cld.box('video_player', target ? target.parentNode : null, 'Video Player (cldcert shim): cloud ' + (opts.cloudName || opts.cloud_name));
    return {
      source: function () { cld.record('video_player', 'source', arguments); return this; },
      play: function () { cld.record('video_player', 'play', arguments); return this; },
      pause: function () { return this; },
      on: function () { return this; },
      dispose: function () { cld.record('video_player', 'dispose', arguments); },
    };
  }
  window.cloudinary.videoPlayer = function (element, options) {
    cld.record('video_player', 'videoPlayer', arguments);
    return player(element, options);
  };
  window.cloudinary.videoPlayers = function (selector, options) {
    cld.record('video_player', 'videoPlayers', arguments);
    return Array.prototype.map.call(document.querySelectorAll(selector), function (el) { return player(el, options); });
  };
})();
