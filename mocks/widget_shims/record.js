// cldcert widget shim: the recorder every shim starts with. Each call a page makes to a widget
// (the options exactly as given, then show()/open()/render()/source()…) is kept in
// window.__cldcert.calls, which cldcert's browser step reads after the page has run.
(function () {
  'use strict';
  if (window.__cldcert) return;
  // Options as JSON: functions and DOM elements cannot be serialised, so they become markers the
  // checks understand ({"$function": name}, {"$element": "div#id"}).
  function plain(value, depth) {
    if (depth > 8) return '[too deep]';
    if (typeof value === 'function') return { $function: value.name || 'anonymous' };
    if (typeof Element !== 'undefined' && value instanceof Element) {
      return { $element: value.tagName.toLowerCase() + (value.id ? '#' + value.id : '') };
    }
    if (Array.isArray(value)) return value.map(function (v) { return plain(v, depth + 1); });
    if (value && typeof value === 'object') {
      var out = {};
      Object.keys(value).forEach(function (k) { out[k] = plain(value[k], depth + 1); });
      return out;
    }
    return value === undefined ? null : value;
  }
  window.__cldcert = {
    calls: [],
    // The page's callbacks (Media Library insertHandler, Upload widget callback) in the order the
    // widgets were created; cldcert.browse fires them one at a time with fire(i, payloads).
    handlers: [],
    handle: function (widget, callback, invoke, state) {
      window.__cldcert.handlers.push({ widget: widget, callback: callback, invoke: invoke, state: state });
    },
    // Hands handler i the payload a real widget would (payloads[widget]); a throw is the page's answer.
    fire: function (i, payloads) {
      var h = window.__cldcert.handlers[i];
      var out = { widget: h.widget, callback: h.callback, shown: !!h.state.shown, error: null };
      try {
        h.invoke(payloads[h.widget]);
      } catch (e) {
        out.error = String(e && e.message ? e.message : e);
      }
      return out;
    },
    record: function (widget, method, args) {
      var call = { widget: widget, method: method, args: plain(Array.prototype.slice.call(args), 0) };
      window.__cldcert.calls.push(call);
      return call;
    },
    // A visible box where the real widget would render, so the page's screenshot shows it.
    box: function (widget, container, text) {
      var parent = null;
      if (typeof container === 'string') parent = document.querySelector(container);
      else if (typeof Element !== 'undefined' && container instanceof Element) parent = container;
      if (!parent) parent = document.body;
      if (!parent) return null;
      var div = document.createElement('div');
      div.className = 'cldcert-widget-shim';
      div.setAttribute('data-widget', widget);
      div.style.cssText = 'border:2px dashed #3448c5;padding:12px;margin:8px;font:14px sans-serif;color:#3448c5';
      div.textContent = text;
      parent.appendChild(div);
      return div;
    },
  };
  window.cloudinary = window.cloudinary || {};
})();
