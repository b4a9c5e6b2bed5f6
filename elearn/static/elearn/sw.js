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
        return keptCourseFile(request).then(function (file) {
          if (file) return file;
          throw error;
        });
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
    event.respondWith(fetch(request).catch(function () { return keptPage(request); }));
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
/* ---- Offline courses (docs/decisions/033-offline-courses.md) ----------------------------
   A course downloaded on its course page (courses/static/courses/offline.js) is kept in a
   cache of its own, "offline-course-<id>", which the activate step above leaves alone (its
   prefix is not "elearn-"): removed only by the learner, or on sign-out (Clear-Site-Data).
   - A page that cannot be reached is answered from a downloaded course when it holds it
     (network first: online, the learner always gets the current page), else the offline page.
   - Other kept files (images, documents, videos, H5P libraries, under `config.keptPrefixes`):
     those that elements load come from a downloaded course first (a video's byte ranges cut
     from the kept file), those that scripts fetch from the network first; without signal an
     image width that was not kept is answered with another width of the same picture.
     Nothing is kept here for a course not downloaded. */
var COURSE_CACHE_PREFIX = "offline-course-";
var RENDITION_WIDTH = /\.width-\d+(\.[A-Za-z0-9]+)$/;

function courseCaches() {
  return caches.keys().then(function (names) {
    return names.filter(function (name) { return name.indexOf(COURSE_CACHE_PREFIX) === 0; });
  });
}

function keptCourseFile(request) {
  return courseCaches().then(function (names) {
    return names.reduce(function (found, name) {
      return found.then(function (response) {
        if (response) return response;
        return caches.open(name).then(function (cache) {
          return cache.match(request, { ignoreVary: true });
        });
      });
    }, Promise.resolve(undefined));
  });
}

function keptPage(request) {
  return keptCourseFile(request).then(function (page) {
    return page || offlinePage();
  });
}

function otherWidth(request) {
  var path = new URL(request.url).pathname;
  if (!RENDITION_WIDTH.test(path)) return Promise.resolve(undefined);
  var stem = path.replace(RENDITION_WIDTH, "");
  return courseCaches().then(function (names) {
    return Promise.all(names.map(function (name) {
      return caches.open(name).then(function (cache) {
        return cache.keys().then(function (requests) {
          var match, widest = 0;
          requests.forEach(function (kept) {
            var keptPath = new URL(kept.url).pathname;
            var width = /\.width-(\d+)\.[A-Za-z0-9]+$/.exec(keptPath);
            if (width && keptPath.replace(RENDITION_WIDTH, "") === stem && Number(width[1]) > widest) {
              widest = Number(width[1]);
              match = kept;
            }
          });
          return match ? cache.match(match) : undefined;
        });
      });
    })).then(function (found) {
      return found.filter(Boolean)[0];
    });
  });
}

function partOf(response, range) {
  var bounds = /^bytes=(\d+)-(\d*)$/.exec(range);
  if (!bounds) return response;
  return response.blob().then(function (blob) {
    var start = Number(bounds[1]);
    var end = bounds[2] ? Math.min(Number(bounds[2]), blob.size - 1) : blob.size - 1;
    if (start > end) return new Response(null, { status: 416, headers: { "Content-Range": "bytes */" + blob.size } });
    var headers = new Headers(response.headers);
    headers.set("Content-Range", "bytes " + start + "-" + end + "/" + blob.size);
    headers.set("Content-Length", String(end - start + 1));
    return new Response(blob.slice(start, end + 1), { status: 206, headers: headers });
  });
}

function fallBack(request, error) {
  return keptCourseFile(request).then(function (kept) {
    return kept || otherWidth(request);
  }).then(function (kept) {
    if (!kept) throw error;
    var range = request.headers.get("Range");
    return range ? partOf(kept, range) : kept;
  });
}

// Pictures, videos and documents that elements load ("no-cors") come from a download first;
// what scripts fetch (a download and its update, the H5P relay) goes to the network first.
function keptFile(request) {
  if (request.mode !== "no-cors") {
    return fetch(request).catch(function (error) { return fallBack(request, error); });
  }
  return keptCourseFile(request).then(function (kept) {
    var range = request.headers.get("Range");
    if (kept) return range ? partOf(kept, range) : kept;
    return fetch(request).catch(function (error) { return fallBack(request, error); });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.mode === "navigate") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  var kept = (config.keptPrefixes || []).some(function (prefix) {
    return url.pathname.indexOf(prefix) === 0;
  });
  if (kept) event.respondWith(keptFile(request));
});
/* ---- End of offline courses ---- */
