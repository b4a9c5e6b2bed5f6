/* Module page side of H5P blocks: size the sandboxed player to its content, and send the
   xAPI statements it reports to the server with the CSRF token. Messages are accepted only
   from the block's own iframe and only from a sandboxed (opaque, "null") origin. Every answer
   of the server ends with a final message in the block's status line; a result that did not
   pass offers "Try again" (reloads the activity), and a module completed by this result
   updates the module footer (no "Mark as done" left behind). The frame is the player shell,
   the same page for every activity: the block sends it its activity's configuration
   (`data-h5p-activity`) when the shell says hello, and once at set-up in case it was already
   waiting. */
(function () {
  "use strict";
  if (window.elearnH5PBlocks) return;
  window.elearnH5PBlocks = true;
  var COUNTED = {
    "http://adlnet.gov/expapi/verbs/answered": true,
    "http://adlnet.gov/expapi/verbs/completed": true
  };

  // Each file once per page, however often players ask for it ("Try again" reloads the
  // player, two activities share libraries).
  var files = {};

  // `credentials` is "omit" for what the player asks; "same-origin" only for what the server
  // named in the page (public player and library code, whose answers do not depend on the
  // session), so that the fetch picks up the page's <link rel="preload" crossorigin>.
  function fetched(url, binary, credentials) {
    var key = (binary ? "bytes:" : "text:") + url;
    if (!files[key]) {
      files[key] = fetch(url, { credentials: credentials || "omit" }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return (binary ? response.arrayBuffer() : response.text()).then(function (body) {
          return { body: body, type: response.headers.get("Content-Type") || "" };
        });
      });
      files[key].catch(function () { delete files[key]; });
    }
    return files[key];
  }

  // An activity's library code comes in one file (`data-h5p-bundle`: its address, the
  // libraries' base address and the paths in it): each path is answered from it when the
  // player asks, or fetched alone when the bundle fails or leaves it out.
  function fromBundle(spec, allowedAddress) {
    if (!spec || typeof spec.url !== "string" || !Array.isArray(spec.files)) return;
    var address = allowedAddress(spec.url);
    if (!address) return;
    var whole = fetch(address, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    });
    spec.files.forEach(function (path) {
      var url = typeof path === "string" ? allowedAddress(spec.base + path) : null;
      var key = "text:" + url;
      if (!url || files[key]) return;
      files[key] = whole.then(function (found) {
        var file = found && found.files && found.files[path];
        if (!file || typeof file.body !== "string") throw new Error("not in the bundle");
        return { body: file.body, type: String(file.type || "") };
      }).catch(function () {
        delete files[key];
        return fetched(url);
      });
    });
  }

  function setUp(block) {
    var frame = block.querySelector("iframe.h5p-frame");
    var status = block.querySelector("[data-h5p-status]");
    var tokenInput = block.querySelector("input[name=csrfmiddlewaretoken]");
    var url = block.getAttribute("data-xapi-url");
    var origin = block.getAttribute("data-player-origin");
    var retry = block.querySelector("[data-h5p-retry]");
    if (!frame) return;
    var activity = null;
    try {
      activity = JSON.parse(block.getAttribute("data-h5p-activity") || "null");
    } catch (error) {
      activity = null;
    }

    function say(text, ok) {
      if (!status) return;
      status.textContent = text;
      status.classList.toggle("status-ok", !!ok);
    }

    function offerRetry(show) {
      if (retry) retry.hidden = !show;
    }

    function showModuleCompleted() {
      var footer = document.querySelector("[data-module-footer]");
      if (!footer) return;
      var done = document.createElement("p");
      done.className = "status status-ok";
      done.textContent = footer.getAttribute("data-completed-text");
      var current = footer.querySelector("[data-module-status]");
      if (current) current.parentNode.replaceChild(done, current);
      var next = footer.querySelector("a[rel=next]");
      if (next) next.hidden = false;
    }

    function answered(data) {
      say(data.message || block.getAttribute("data-unsaved-text"), data.passed);
      offerRetry(!data.passed);
      if (data.module_completed) showModuleCompleted();
    }

    // Replies to statements sent before the learner retried are stale: they must not bring the
    // retry button or an old score back once the activity has restarted.
    var round = 0;

    if (retry) {
      retry.addEventListener("click", function () {
        round += 1;
        offerRetry(false);
        frame.src = frame.src;
      });
    }

    function post(statement) {
      if (!url || !window.fetch) return;
      var verb = statement.verb && statement.verb.id;
      if (!COUNTED[verb] || !statement.result || !statement.result.score) return;
      var object = statement.object && statement.object.id;
      // A question inside the activity: the activity's own statement carries the total.
      if (typeof object === "string" && object.indexOf("?subContentId=") !== -1) return;
      say(block.getAttribute("data-saving-text"));
      var sentIn = round;
      var body = JSON.stringify({ statement: statement });
      // Through the offline queue when the page has it (elearn/js/offline-queue.js): null = kept.
      (window.elearnOffline ? window.elearnOffline.post({
        url: url, kind: "h5p_statement", body: body, type: "application/json"
      }) : fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "Accept": "application/json",
          "X-CSRFToken": tokenInput ? tokenInput.value : ""
        },
        body: body
      })).then(function (response) {
        if (!response) {
          if (sentIn === round) say(window.elearnOffline.queuedText);
          return null;
        }
        return response.json().catch(function () {
          return { message: "" };
        });
      }).then(function (data) {
        if (data && sentIn === round) answered(data);
      }).catch(function () {
        if (sentIn !== round) return;
        say(block.getAttribute("data-offline-text"));
        offerRetry(true);
      });
    }

    // Files the player asks for (h5p-player.js, "relay"): only public player and library
    // files and this activity's own content, fetched without cookies, so a package can learn
    // nothing through the page that it could not fetch itself; answered to the frame's window
    // only (its origin is opaque, hence "*").
    var allowed = JSON.parse(block.getAttribute("data-h5p-files") || "[]");

    // The address as fetch() would read it (dot segments, encoded dots and backslashes
    // resolved), or null when it is outside the allowed folders.
    function allowedAddress(url) {
      var parsed;
      try {
        parsed = new URL(url);
      } catch (error) {
        return null;
      }
      if (parsed.search || parsed.hash || parsed.username || parsed.password) return null;
      var href = parsed.href;
      return allowed.some(function (prefix) { return href.indexOf(prefix) === 0; }) ? href : null;
    }

    function answer(id, reply) {
      reply.type = "elearn:h5p-file";
      reply.id = id;
      if (frame.contentWindow) frame.contentWindow.postMessage(reply, "*");
    }

    function relay(data) {
      if (typeof data.id !== "number") return;
      var url = typeof data.url === "string" ? allowedAddress(data.url) : null;
      if (!url || !window.fetch) {
        answer(data.id, { ok: false, status: "refused" });
        return;
      }
      fetched(url, data.binary === true).then(function (file) {
        answer(data.id, { ok: true, body: file.body, contentType: file.type });
      }, function (error) {
        answer(data.id, { ok: false, status: String(error && error.message) });
      });
    }

    // Start on the player's files while its page loads: they are the same files it asks for.
    if (window.fetch) {
      JSON.parse(block.getAttribute("data-h5p-prefetch") || "[]").forEach(function (url) {
        var address = allowedAddress(url);
        if (address) fetched(address, false, "same-origin").catch(function () {});
      });
      fromBundle(JSON.parse(block.getAttribute("data-h5p-bundle") || "null"), allowedAddress);
    }

    // The activity's configuration, to the frame's window only (its origin is opaque); the
    // shell starts on the first it receives and ignores the rest.
    function greet() {
      if (!activity || !frame.contentWindow) return;
      frame.contentWindow.postMessage({ type: "elearn:h5p-config", config: activity }, "*");
    }

    window.addEventListener("message", function (event) {
      if (event.source !== frame.contentWindow || event.origin !== origin) return;
      var data = event.data;
      if (!data || typeof data !== "object") return;
      if (data.type === "elearn:h5p-hello") {
        greet();
      } else if (data.type === "elearn:h5p-fetch") {
        relay(data);
      } else if (data.type === "elearn:h5p-resize" && typeof data.height === "number") {
        frame.style.height = Math.max(150, Math.min(data.height, 20000)) + "px";
      } else if (data.type === "elearn:h5p-xapi" && data.statement && typeof data.statement === "object") {
        post(data.statement);
      }
    });
    // The player may have asked for files before this (deferred) script listened: tell it
    // to ask again (h5p-player.js). Posted to the frame's window only; its origin is opaque.
    if (frame.contentWindow) frame.contentWindow.postMessage({ type: "elearn:h5p-ready" }, "*");
    greet();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-h5p-block]"), setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
