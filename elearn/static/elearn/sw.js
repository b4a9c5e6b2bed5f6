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
