/* Offline progress queue (docs/decisions/031-offline-progress.md).

   "Mark as done", quiz answers and H5P scores that cannot reach the server (no signal, or a
   request that fails on the network) are kept in IndexedDB with an action id, and sent again
   with `X-Action-Id` when the connection returns: on the `online` event, on the next page
   load, and from the service worker's `sync` event (sw.js imports this file). The server
   performs each action once (courses/sync), so sending one twice is harmless. Only the form
   fields are kept, never the CSRF token: a fresh one is read when sending. An action stays
   queued while the server answers 401 (signed out, or another learner signed in), 403 (CSRF)
   or 5xx; any other answer means the server has decided, and it is dropped. Signing out
   sends what waits first (sign-out clears the device's storage). */
(function (scope) {
  "use strict";
  var DB = "elearn-offline";
  var STORE = "actions";
  var TAG = "elearn-actions";
  var KEEP = { 401: true, 403: true };

  function database() {
    return new Promise(function (resolve, reject) {
      var request = scope.indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "id" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function store(mode, work) {
    return database().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var result = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { db.close(); resolve(result && result.result); };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  function all() {
    return store("readonly", function (actions) { return actions.getAll(); }).then(function (list) {
      return (list || []).sort(function (a, b) { return a.created - b.created; });
    });
  }

  function remove(id) {
    return store("readwrite", function (actions) { actions["delete"](id); });
  }

  function removeKey(key) {
    if (!key) return Promise.resolve();
    return all().then(function (list) {
      return Promise.all(list.filter(function (entry) { return entry.key === key; })
        .map(function (entry) { return remove(entry.id); }));
    });
  }

  /* Sends one action; resolves true when the server has decided (drop it), false to keep it,
     and rejects on a network failure. */
  function deliver(entry, token) {
    var headers = { "X-Action-Id": entry.id, "X-CSRFToken": token || "", "Accept": entry.accept };
    if (entry.learner) headers["X-Action-Learner"] = entry.learner;
    if (entry.type) headers["Content-Type"] = entry.type;
    return fetch(entry.url, {
      method: "POST", body: entry.body, headers: headers,
      credentials: "same-origin", redirect: "manual"
    }).then(function (response) {
      return response.type === "opaqueredirect" || !(KEEP[response.status] || response.status >= 500);
    });
  }

  var flushing = null;

  /* Sends the queued actions oldest first (those of `learner` when given); stops at the first
     network failure. One tab or worker at a time (Web Locks, where present): the others find
     the queue emptied instead of sending it again. Resolves with the number still waiting. */
  function flush(token, learner) {
    if (flushing) return flushing;
    var send = function () {
      return all().then(function (list) {
        var chain = Promise.resolve();
        list.forEach(function (entry) {
          if (learner && entry.learner && entry.learner !== learner) return;
          chain = chain.then(function () {
            return deliver(entry, token).then(function (done) { if (done) return remove(entry.id); });
          });
        });
        return chain;
      });
    };
    var locks = scope.navigator && scope.navigator.locks;
    flushing = (locks ? locks.request(TAG, send) : send()).catch(function () {}).then(function () {
      flushing = null;
      return all();
    }).then(function (list) { return list.length; });
    return flushing;
  }

  scope.elearnQueueCore = { flush: flush, TAG: TAG };
  if (typeof document === "undefined" || !scope.indexedDB || !scope.fetch || !scope.Promise) return;

  var banner = document.querySelector("[data-offline-queue]");
  if (!banner) return;
  var learner = banner.getAttribute("data-learner") || "";

  function text(name) { return banner.getAttribute("data-" + name + "-text") || ""; }

  function token() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return match ? decodeURIComponent(match[1]) : (input ? input.value : "");
  }

  function actionId() {
    if (scope.crypto && scope.crypto.randomUUID) return scope.crypto.randomUUID();
    var bytes = scope.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 15) | 64;
    bytes[8] = (bytes[8] & 63) | 128;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
  }

  function show(list) {
    var count = list.filter(function (entry) { return !entry.learner || entry.learner === learner; }).length;
    banner.hidden = !count;
    banner.textContent = text("waiting").replace("%(count)s", count);
  }

  function refresh() { return all().then(show); }

  function send() {
    if (scope.navigator.onLine === false) return refresh();
    return flush(token(), learner).then(refresh);
  }

  function enqueue(entry) {
    entry.learner = learner;
    entry.created = Date.now();
    return removeKey(entry.key).then(function () {
      return store("readwrite", function (actions) { actions.put(entry); });
    }).then(refresh).then(function () {
      if (!scope.navigator.serviceWorker) return;
      scope.navigator.serviceWorker.ready.then(function (registration) {
        if (registration.sync) return registration.sync.register(TAG);
      })["catch"](function () {});
    });
  }

  /* For page scripts: POST `options` ({url, kind, body, type, accept, key}) with an action id.
     Resolves with the response, or with null when the action was queued instead (offline, or
     the request failed on the network: the same id is kept, so it counts once). A newer action
     with the same `key` replaces a queued one (a quiz save carries every answer). */
  function post(options) {
    var entry = {
      id: actionId(), kind: options.kind, url: options.url, body: options.body,
      type: options.type || "", accept: options.accept || "application/json", key: options.key || ""
    };
    var queue = function () { return enqueue(entry).then(function () { return null; }); };
    if (scope.navigator.onLine === false) return queue();
    return removeKey(entry.key).then(refresh).then(function () {
      var headers = { "X-Action-Id": entry.id, "X-CSRFToken": token(), "Accept": entry.accept };
      if (entry.type) headers["Content-Type"] = entry.type;
      return fetch(entry.url, { method: "POST", body: entry.body, headers: headers, credentials: "same-origin", signal: options.signal });
    }).then(null, function (error) {
      if (error && error.name === "AbortError") throw error;
      return queue();
    });
  }

  scope.elearnOffline = { post: post, queuedText: text("queued") };

  function formBody(form, submitter) {
    var data = new scope.URLSearchParams();
    new scope.FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") data.append(name, value);
    });
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    return data.toString();
  }

  // Forms marked data-offline-action, posted while offline, are queued instead of lost.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var kind = (submitter && submitter.getAttribute("data-offline-action")) || form.getAttribute("data-offline-action");
    if (event.defaultPrevented || !kind || scope.navigator.onLine !== false) return;
    event.preventDefault();
    var url = (submitter && submitter.hasAttribute("formaction")) ? submitter.formAction : form.action;
    enqueue({
      id: actionId(), kind: kind, url: url, body: formBody(form, submitter),
      type: "application/x-www-form-urlencoded", accept: "text/html", key: ""
    }).then(function () {
      var note = document.createElement("p");
      note.className = "status status-warn";
      note.setAttribute("role", "status");
      note.textContent = text("queued");
      if (form.hasAttribute("data-offline-replace")) {
        form.parentNode.replaceChild(note, form);
        var next = document.querySelector("[data-module-footer] a[rel=next]");
        if (next) next.hidden = false;
      } else {
        form.appendChild(note);
      }
    });
  });

  // Signing out clears this device's storage (Clear-Site-Data), and the queue with it: what
  // waits is sent first (at most 8 s); what still cannot be sent is named, and pressing
  // "Sign out" again signs out anyway.
  var warned = false;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.hasAttribute("data-sign-out") || form.elearnLeaving) return;
    event.preventDefault();
    var leave = function () {
      form.elearnLeaving = true;
      form.submit();
    };
    var waited = new Promise(function (resolve) { setTimeout(resolve, 8000); });
    var sending = scope.navigator.onLine === false ? Promise.resolve() : Promise.race([flush(token(), learner), waited]);
    sending.then(all).then(function (list) {
      show(list);
      var mine = list.filter(function (entry) { return !entry.learner || entry.learner === learner; });
      if (!mine.length || warned) return leave();
      warned = true;
      banner.textContent = text("sign-out");
      banner.hidden = false;
      banner.scrollIntoView({ block: "nearest" });
    }).then(null, leave);
  });

  // Starting a quiz needs the server: while offline its button says so and waits.
  function connection() {
    var offline = scope.navigator.onLine === false;
    Array.prototype.forEach.call(document.querySelectorAll("[data-needs-connection]"), function (form) {
      Array.prototype.forEach.call(form.querySelectorAll("button"), function (button) { button.disabled = offline; });
      var notice = form.querySelector("[data-offline-notice]");
      if (notice) notice.hidden = !offline;
    });
  }

  scope.addEventListener("online", function () { connection(); send(); });
  scope.addEventListener("offline", connection);
  connection();
  send();
})(self);
