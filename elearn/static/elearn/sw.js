/* The site's service worker, served at /sw.js (scope "/") by home.webapp.service_worker, which
   puts `self.ELEARN_SW` (version, offline page, files to keep) in front of this file.

   - On install it keeps the offline page and the site's stylesheet and icons.
   - A page that cannot be reached (no signal) is answered with the offline page; pages are
     never kept, since they belong to the learner signed in.
   - Static files with a hashed name (collectstatic, production) never change: taken from the
     cache once kept. Other static files (development, tests) go to the network first.
   - Everything else (forms, scores, H5P content) goes to the network untouched.
   docs/decisions/019-weak-signal.md */
"use strict";

var config = self.ELEARN_SW;
var CACHE = "elearn-" + config.version;
var HASHED = /\.[0-9a-f]{12}\.[A-Za-z0-9]+$/;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll([config.offlineUrl].concat(config.precache));
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("elearn-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

function offlinePage() {
  return caches.match(config.offlineUrl);
}

function staticFile(request) {
  var hashed = HASHED.test(new URL(request.url).pathname);
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (kept) {
      if (kept && hashed) return kept;
      return fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      }, function (error) {
        if (kept) return kept;
        throw error;
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(offlinePage));
  } else if (url.pathname.indexOf(config.staticUrl) === 0) {
    event.respondWith(staticFile(request));
  }
});

/* ---- Offline progress queue (docs/decisions/031-offline-progress.md) -------------------------
   Actions kept by elearn/js/offline-queue.js while there was no signal are sent from here by
   Background Sync where the browser has it; pages also send them on load and when the
   connection returns. The CSRF token is read with the Cookie Store API; without it the actions
   wait for the next page. The queue's code is imported, not copied: one place for its rules. */
try {
  importScripts(config.staticUrl + "elearn/js/offline-queue.js");
} catch (error) {
  // No queue in this worker: pages still send what is waiting.
}

function queueToken() {
  if (!self.cookieStore) return Promise.resolve("");
  return self.cookieStore.get("csrftoken").then(function (cookie) {
    return cookie ? cookie.value : "";
  }, function () { return ""; });
}

self.addEventListener("sync", function (event) {
  var queue = self.elearnQueueCore;
  if (!queue || event.tag !== queue.TAG) return;
  event.waitUntil(queueToken().then(function (token) {
    if (!token) return;
    return queue.flush(token).then(function (waiting) {
      if (waiting) throw new Error("actions still waiting"); // the browser tries again later
    });
  }));
});
/* ---- end of the offline progress queue ---------------------------------------------------- */
