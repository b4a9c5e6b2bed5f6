/* Runs inside the sandboxed H5P player (an opaque origin): starts h5p-standalone, then
   forwards the activity's xAPI statements and the page height to the module page by
   postMessage, addressed to that page's origin only. It cannot reach the site itself. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("h5p-player-config").textContent);
  var container = document.getElementById("h5p-container");
  var status = document.getElementById("h5p-player-status");
  var lastHeight = 0;

  function send(message) {
    window.parent.postMessage(message, config.parentOrigin);
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

  status.textContent = container.getAttribute("data-loading-text");
  new H5PStandalone.H5P(container, config.options).then(function () {
    status.textContent = "";
    window.H5P.externalDispatcher.on("xAPI", function (event) {
      var statement = event && event.data && event.data.statement;
      if (statement) send({ type: "elearn:h5p-xapi", statement: statement });
    });
    if (window.ResizeObserver) new ResizeObserver(reportHeight).observe(document.body);
    window.setInterval(reportHeight, 1000);
    reportHeight();
  }, function (error) {
    status.textContent = container.getAttribute("data-error-text");
    status.setAttribute("data-error", String((error && (error.stack || error.message)) || error));
    reportHeight();
  });
})();
