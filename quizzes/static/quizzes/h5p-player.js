/* Runs inside the sandboxed H5P player (an opaque origin): starts h5p-standalone, then
   forwards the activity's xAPI statements and the page height to the module page by
   postMessage, addressed to that page's origin only. It cannot reach the site itself.

   Chromium keeps nothing an opaque origin downloads in its HTTP cache, so the player's own
   files (main.bundle.js, frame.bundle.js, h5p.css), the libraries' scripts, styles and
   library.json, and the activity's JSON are asked of the module page instead ("relay"): it
   fetches them without cookies from addresses it allows, keeps them in its own cache (hashed
   static names, long cache life) and answers with their text. Scripts then run inline and
   styles are inserted as <style>, in the order h5p-standalone asked for them. A file the page
   refuses is fetched directly.

   The module page frames the "player shell", the same page for every learner and activity
   (kept by the browser's HTTP cache, which does keep the frame's own page): its configuration
   names only the module page's origin, so the player says "hello" and starts with the
   activity's configuration the page posts back ("elearn:h5p-config"), once. The per-visit
   player page (the admin's preview) carries its configuration and starts at once.
   docs/decisions/019-weak-signal.md. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("h5p-player-config").textContent);
  var parentOrigin = config.parentOrigin;
  var started = false;
  var container = document.getElementById("h5p-container");
  var status = document.getElementById("h5p-player-status");
  var lastHeight = 0;
  var embedded = window.parent !== window;

  function send(message) {
    window.parent.postMessage(message, parentOrigin);
  }

  function reportHeight() {
    // The content's own height: the document's would never shrink below the frame's.
    var height = Math.ceil(container.getBoundingClientRect().height + status.offsetHeight);
    if (height !== lastHeight) {
      lastHeight = height;
      send({ type: "elearn:h5p-resize", height: height });
    }
  }

  // The sandbox has no storage (reading localStorage throws), and H5P keeps small things there
  // (an offline queue, the clipboard): give it a memory-only stand-in for this page's life.
  function memoryStorage() {
    var items = {};
    return {
      get length() { return Object.keys(items).length; },
      key: function (index) { return Object.keys(items)[index] || null; },
      getItem: function (key) { return Object.prototype.hasOwnProperty.call(items, key) ? items[key] : null; },
      setItem: function (key, value) { items[key] = String(value); },
      removeItem: function (key) { delete items[key]; },
      clear: function () { items = {}; }
    };
  }
  ["localStorage", "sessionStorage"].forEach(function (name) {
    try {
      window[name].length;
    } catch (error) {
      Object.defineProperty(window, name, { value: memoryStorage(), configurable: true });
    }
  });

  // --- Files through the module page -------------------------------------------------------
  var waiting = {};
  var asked = {};
  var nextId = 0;
  var nativeFetch = window.fetch.bind(window);

  // The module page's script is deferred: this frame can load, run and ask for its files
  // (or say hello) before the page listens, and those messages are lost. The page says
  // "ready" once it listens; whatever is still unanswered then is asked again, and the height
  // sent again.
  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || event.origin !== parentOrigin) return;
    var data = event.data;
    if (data && data.type === "elearn:h5p-config") {
      begin(data.config);
      return;
    }
    if (data && data.type === "elearn:h5p-ready") {
      if (!started) send({ type: "elearn:h5p-hello" });
      Object.keys(waiting).forEach(function (id) { send(waiting[id].message); });
      lastHeight = 0;
      reportHeight();
      return;
    }
    if (!data || data.type !== "elearn:h5p-file" || !waiting[data.id]) return;
    var promise = waiting[data.id];
    delete waiting[data.id];
    var body = data.body instanceof ArrayBuffer ? data.body : String(data.body);
    if (data.ok) promise.resolve({ body: body, type: String(data.contentType || "") });
    else promise.reject(new Error(String(data.status || "refused")));
  });

  var given = {};

  // The text of `url` (its bytes when `binary`): handed over with the page (the activity's
  // JSON), or asked of the module page once per address.
  function relay(url, binary) {
    if (!binary && Object.prototype.hasOwnProperty.call(given, url)) {
      return Promise.resolve({ body: given[url], type: "application/json" });
    }
    if (!embedded) return Promise.reject(new Error("no module page"));
    var key = (binary ? "bytes:" : "text:") + url;
    if (!asked[key]) {
      asked[key] = new Promise(function (resolve, reject) {
        nextId += 1;
        var message = { type: "elearn:h5p-fetch", id: nextId, url: url, binary: !!binary };
        waiting[nextId] = { resolve: resolve, reject: reject, message: message };
        send(message);
      });
    }
    return asked[key];
  }

  function direct(url) {
    return nativeFetch(url).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text().then(function (body) {
        return { body: body, type: response.headers.get("Content-Type") || "" };
      });
    });
  }

  function text(url) {
    return relay(url).catch(function () { return direct(url); });
  }

  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : input && input.url;
    var method = (init && init.method) || (input && input.method) || "GET";
    if (typeof url !== "string" || method.toUpperCase() !== "GET") return nativeFetch(input, init);
    var absolute = new URL(url, document.baseURI).href;
    return relay(absolute).then(function (file) {
      return new Response(file.body, { status: 200, headers: { "Content-Type": file.type } });
    }, function () {
      return nativeFetch(input, init);
    });
  };

  // A picture or sound of the content that cannot load (no signal: this sandboxed frame has
  // no service worker, so the browser asks the network) is asked again through the module
  // page, which answers from a downloaded course (docs/decisions/033-offline-courses.md).
  var retried = typeof WeakSet === "function" ? new WeakSet() : null;
  document.addEventListener("error", function (event) {
    var element = event.target;
    var media = element instanceof HTMLImageElement || element instanceof HTMLMediaElement ||
      element instanceof HTMLSourceElement;
    if (!retried || !media || retried.has(element)) return;
    var src = element.currentSrc || element.src;
    if (!src || /^(data|blob):/i.test(src)) return;
    retried.add(element);
    relay(src.split("#")[0], true).then(function (found) {
      element.src = URL.createObjectURL(new Blob([found.body], { type: found.type }));
      var player = element instanceof HTMLSourceElement ? element.parentNode : null;
      if (player && typeof player.load === "function") player.load();
    }, function () {});
  }, true);

  var URL_PATTERN = /url\(\s*(['"]?)([^'")]+)\1\s*\)/g;

  // Player files under config.staticBase are on the site's static files, which send no CORS
  // header everywhere: fonts and images their styles name are loaded through the player's own
  // view (config.assetBase), which does. They are fetched only if the content uses them.
  function absoluteUrls(css, base) {
    return css.replace(URL_PATTERN, function (match, quote, ref) {
      if (/^(data|blob):/i.test(ref)) return match;
      var absolute = new URL(ref, base).href;
      if (absolute.indexOf(config.staticBase) === 0) {
        absolute = config.assetBase + absolute.slice(config.staticBase.length);
      }
      return "url(\"" + absolute + "\")";
    });
  }

  // Font files a browser that runs the player reads, best first, then any other address: never
  // EOT (Internet Explorer's, often the first `src` of older libraries, e.g. H5P.FontIcons) nor
  // SVG fonts.
  var FONT_FORMATS = [
    /\.woff2(\?|#|$)/i, /\.woff(\?|#|$)/i, /\.[ot]tf(\?|#|$)/i, /^(?!.*\.(eot|svg)(\?|#|$))/i
  ];

  // A library's fonts are its icons, used as soon as it shows: each @font-face gets its best
  // file (FONT_FORMATS) through the module page's cache, as a blob of this frame.
  function cachedFonts(css) {
    var faces = css.match(/@font-face\s*\{[^}]*\}/g) || [];
    return Promise.all(faces.map(function (face) {
      var urls = [];
      face.replace(URL_PATTERN, function (match, quote, ref) { urls.push(ref); return match; });
      var chosen = null;
      FONT_FORMATS.some(function (format) {
        chosen = urls.filter(function (ref) { return format.test(ref); })[0] || null;
        return chosen;
      });
      if (!chosen || /^(data|blob):/i.test(chosen)) return null;
      return relay(chosen.split(/[?#]/)[0], true).then(function (found) {
        var blob = URL.createObjectURL(new Blob([found.body], { type: found.type }));
        css = css.replace(face, face.replace(/src\s*:[^;}]*;?/g, "").replace(
          /\}$/, ";src:url(\"" + blob + "\");}"));
      }, function () { return null; });
    })).then(function () { return css; });
  }

  function stylesheet(css, base) {
    css = absoluteUrls(css, base);
    return base.indexOf(config.staticBase) === 0 ? Promise.resolve(css) : cachedFonts(css);
  }

  // The pictures a library's styles name (jQuery UI's sprites, H5P.Question's score marks)
  // load from the network when a rule first uses them; without signal this frame cannot
  // (it has no service worker). Then, and when the signal goes, each picture is asked
  // through the module page, which answers from a downloaded course, and the style takes it
  // as a blob of this frame. Fonts are done apart (cachedFonts); the player's own styles
  // (config.staticBase) are not libraries' and are left as they are.
  var PICTURE = /\.(png|gif|jpe?g|svg|webp)$/i;

  function offlinePictures(style) {
    if (navigator.onLine !== false || style.getAttribute("data-elearn-pictures")) return;
    style.setAttribute("data-elearn-pictures", "asked");
    var rules = style.textContent.replace(/@font-face\s*\{[^}]*\}/g, "");
    var pictures = {};
    rules.replace(URL_PATTERN, function (match, quote, ref) {
      var address = ref.split(/[?#]/)[0];
      if (!/^(data|blob):/i.test(ref) && PICTURE.test(address)) pictures[ref] = address;
      return match;
    });
    Object.keys(pictures).forEach(function (ref) {
      relay(pictures[ref], true).then(function (found) {
        var blob = URL.createObjectURL(new Blob([found.body], { type: found.type }));
        style.textContent = style.textContent.split("url(\"" + ref + "\")").join(
          "url(\"" + blob + "\")");
      }, function () {});
    });
  }

  window.addEventListener("offline", function () {
    var styles = document.querySelectorAll("style[data-elearn-library]");
    Array.prototype.forEach.call(styles, offlinePictures);
  });

  // h5p-standalone marks what it loads with data-h5p; scripts must run in the order added.
  var order = Promise.resolve();
  var nativeAppend = Element.prototype.append;
  var nativeAppendChild = Node.prototype.appendChild;

  function relayed(node) {
    if (!(node instanceof HTMLElement) || !node.dataset || !node.dataset.h5p) return false;
    if (node.tagName === "SCRIPT" && node.src) return "script";
    if (node.tagName === "LINK" && node.rel === "stylesheet" && node.href) return "style";
    return false;
  }

  function place(target, node, insert) {
    var kind = relayed(node);
    if (!kind) return insert.call(target, node);
    var url = kind === "script" ? node.src : node.href;
    var file = text(url);
    if (kind === "style") {
      var style = document.createElement("style");
      style.setAttribute("data-h5p", node.dataset.h5p);
      insert.call(target, style);
      file.then(function (found) {
        return stylesheet(found.body, url);
      }).then(function (css) {
        style.textContent = css;
        if (url.indexOf(config.staticBase) !== 0) {
          style.setAttribute("data-elearn-library", "");
          offlinePictures(style);
        }
      });
      return node;
    }
    order = order.then(function () { return file; }).then(function (found) {
      var script = document.createElement("script");
      script.setAttribute("data-h5p", node.dataset.h5p);
      script.textContent = found.body + "\n//# sourceURL=" + url;
      insert.call(target, script);
      node.dispatchEvent(new Event("load"));
    }, function () {
      node.dispatchEvent(new Event("error"));
    });
    return node;
  }

  Element.prototype.append = function () {
    var target = this;
    Array.prototype.forEach.call(arguments, function (node) {
      if (relayed(node)) place(target, node, nativeAppendChild);
      else nativeAppend.call(target, node);
    });
  };
  Node.prototype.appendChild = function (node) {
    return place(this, node, nativeAppendChild);
  };

  function run(source, url) {
    var script = document.createElement("script");
    script.textContent = source + "\n//# sourceURL=" + url;
    nativeAppendChild.call(document.head, script);
  }

  function fail(error) {
    status.textContent = container.getAttribute("data-error-text");
    status.setAttribute("data-error", String((error && (error.stack || error.message)) || error));
    reportHeight();
  }

  // Starts h5p-standalone with an activity's configuration, once.
  function begin(activity) {
    if (started || !activity || typeof activity !== "object" || !activity.options) return;
    started = true;
    config = activity;
    config.parentOrigin = parentOrigin;
    given = config.files || {};
    text(config.mainJs).then(function (found) {
      run(found.body, config.mainJs);
      return new H5PStandalone.H5P(container, config.options);
    }).then(function () {
      status.textContent = "";
      window.H5P.externalDispatcher.on("xAPI", function (event) {
        var statement = event && event.data && event.data.statement;
        if (statement) send({ type: "elearn:h5p-xapi", statement: statement });
      });
      if (window.ResizeObserver) new ResizeObserver(reportHeight).observe(document.body);
      window.setInterval(reportHeight, 1000);
      reportHeight();
    }, fail);
  }

  status.textContent = container.getAttribute("data-loading-text");
  if (config.options) begin(config);
  else if (embedded) send({ type: "elearn:h5p-hello" });
})();
