/* "Download for offline" on the course page of an enrolled learner (courses/course_page.html):
   asks the server for the course's offline manifest (courses/offline/), shows its size, keeps
   its pages and files in the Cache Storage cache the manifest names, with a record of the
   version, date and size, and offers the update when the course was republished. The service
   worker (elearn/sw.js, "Offline courses" block) answers from that cache without signal.
   Hidden where Cache Storage or service workers are missing.
   docs/decisions/033-offline-courses.md */
(function () {
  "use strict";
  var root = document.querySelector("[data-offline-course]");
  if (!root || !("caches" in window) || !("serviceWorker" in navigator)) return;

  var RECORD_PATH = "/offline-record/";
  var manifestUrl = root.getAttribute("data-manifest-url");
  var cacheName = root.getAttribute("data-cache");
  var recordUrl = RECORD_PATH + root.getAttribute("data-course") + ".json";
  var status = root.querySelector("[data-offline-status]");
  var stored = root.querySelector("[data-offline-stored]");
  var bar = root.querySelector("[data-offline-progress]");
  var choices = root.querySelector("[data-offline-documents]");
  var downloadButton = root.querySelector("[data-offline-download]");
  var updateButton = root.querySelector("[data-offline-update]");
  var removeButton = root.querySelector("[data-offline-remove]");
  var manifest = null;
  var busy = false;

  function text(name, values) {
    var template = root.getAttribute("data-text-" + name) || "";
    return template.replace(/\{(\w+)\}/g, function (_match, key) {
      return values && key in values ? values[key] : "";
    });
  }

  function formatSize(bytes) {
    var lang = document.documentElement.lang || undefined;
    var units = [["MB", 1024 * 1024], ["KB", 1024]];
    for (var i = 0; i < units.length; i++) {
      if (bytes >= units[i][1]) {
        var value = bytes / units[i][1];
        return new Intl.NumberFormat(lang, { maximumFractionDigits: value < 10 ? 1 : 0 })
          .format(value) + " " + units[i][0];
      }
    }
    return new Intl.NumberFormat(lang).format(bytes) + " B";
  }

  function say(message) {
    status.textContent = message;
  }

  function chosenDocuments() {
    var chosen = {};
    choices.querySelectorAll("input:checked").forEach(function (box) {
      chosen[box.value] = true;
    });
    return chosen;
  }

  function filesToKeep(data, chosen) {
    var files = [].concat(data.pages, data.images, data.static);
    data.h5p.forEach(function (activity) { files = files.concat(activity.files); });
    data.documents.forEach(function (item) { if (chosen[item.url]) files.push(item); });
    var seen = {};
    return files.filter(function (item) {
      if (seen[item.url]) return false;
      seen[item.url] = true;
      return true;
    });
  }

  function total(files) {
    return files.reduce(function (sum, item) { return sum + (item.size || 0); }, 0);
  }

  // An activity's own content files (H5P pictures, sounds) have addresses of one visit: each
  // kept page names, for each activity it shows, where that visit's player serves them.
  function contentSize(data) {
    return data.h5p.reduce(function (sum, activity) { return sum + total(activity.content || []); }, 0);
  }

  function downloadSize(data) {
    return total(filesToKeep(data, chosenDocuments())) + contentSize(data);
  }

  function contentToKeep(cache, data) {
    var byActivity = {};
    data.h5p.forEach(function (activity) { byActivity[activity.pk] = activity.content || []; });
    return Promise.all(data.pages.map(function (page) {
      return cache.match(page.url).then(function (response) {
        return response ? response.text() : "";
      }).then(function (html) {
        var found = [];
        var doc = new DOMParser().parseFromString(html, "text/html");
        doc.querySelectorAll("[data-offline-content]").forEach(function (element) {
          var base = new URL(element.getAttribute("data-offline-content") + "/", location.href);
          if (base.origin !== location.origin) return;
          (byActivity[element.getAttribute("data-offline-activity")] || []).forEach(function (file) {
            found.push({ url: new URL(file.path, base).href, size: file.size, kind: "content" });
          });
        });
        return found;
      });
    })).then(function (lists) { return [].concat.apply([], lists); });
  }

  function showSize() {
    if (!manifest) return;
    say(text("size", { size: formatSize(downloadSize(manifest)) }));
  }

  function showChoices(data, kept) {
    choices.querySelectorAll("label").forEach(function (label) { label.remove(); });
    data.documents.forEach(function (item) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.value = item.url;
      box.checked = !!(kept && kept[item.url]);
      box.addEventListener("change", showSize);
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + item.title + " (" + formatSize(item.size) + ")"));
      choices.appendChild(label);
    });
    choices.hidden = !data.documents.length;
  }

  function readRecord() {
    return caches.has(cacheName).then(function (exists) {
      if (!exists) return null;
      return caches.open(cacheName).then(function (cache) {
        return cache.match(recordUrl);
      }).then(function (response) {
        return response ? response.json() : null;
      });
    });
  }

  function showStored(record) {
    if (!record) {
      stored.textContent = "";
      removeButton.hidden = true;
      downloadButton.hidden = false;
      return Promise.resolve();
    }
    removeButton.hidden = false;
    downloadButton.hidden = true;
    var date = new Date(record.date).toLocaleDateString(document.documentElement.lang || undefined);
    var values = { date: date, size: formatSize(record.size) };
    stored.textContent = text("stored", values);
    if (!navigator.storage || !navigator.storage.estimate) return Promise.resolve();
    return navigator.storage.estimate().then(function (estimate) {
      values.used = formatSize(estimate.usage || 0);
      stored.textContent = text("stored-used", values);
    }, function () {});
  }

  function fetchManifest() {
    return fetch(manifestUrl, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (!response.ok) throw new Error("manifest " + response.status);
      return response.json();
    });
  }

  // The H5P player shell is shown in a sandboxed frame, which the worker cannot answer and
  // the browser takes from its HTTP cache only for a frame: opening it once in a hidden
  // frame keeps it there (decision 033).
  function keepInFrame(item) {
    return new Promise(function (resolve) {
      var frame = document.createElement("iframe");
      frame.hidden = true;
      frame.setAttribute("sandbox", "allow-scripts");
      frame.setAttribute("referrerpolicy", "no-referrer");
      frame.addEventListener("load", function () {
        frame.remove();
        resolve();
      });
      frame.src = item.url;
      document.body.appendChild(frame);
    });
  }

  function keep(cache, item) {
    if (item.kind === "shell") {
      return keepInFrame(item).then(function () { return item.size || 0; });
    }
    return fetch(item.url, { credentials: "same-origin", cache: "no-cache" }).then(function (response) {
      if (!response.ok || response.redirected) throw new Error(item.url + " " + response.status);
      return response.blob().then(function (blob) {
        var headers = new Headers(response.headers);
        headers.delete("Vary");
        return cache.put(item.url, new Response(blob, { status: 200, headers: headers }))
          .then(function () { return blob.size; });
      });
    });
  }

  function download() {
    if (busy || !manifest) return;
    busy = true;
    var data = manifest;
    var chosen = chosenDocuments();
    var files = filesToKeep(data, chosen);
    var expected = Math.max(total(files) + contentSize(data), 1);
    var done = 0;
    var size = 0;
    bar.value = 0;
    bar.hidden = false;
    downloadButton.disabled = updateButton.disabled = removeButton.disabled = true;
    say(text("downloading"));
    caches.open(cacheName).then(function (cache) {
      // Three files at a time; the pages first, then the content files they name.
      function keepAll(list) {
        var next = 0;
        function worker() {
          if (next >= list.length) return Promise.resolve();
          var item = list[next++];
          return keep(cache, item).then(function (bytes) {
            size += bytes;
            done += item.size || 0;
            bar.value = Math.min(99, Math.floor((done * 100) / expected));
            return worker();
          });
        }
        return Promise.all([worker(), worker(), worker()]);
      }
      return keepAll(files).then(function () {
        return contentToKeep(cache, data);
      }).then(function (content) {
        files = files.concat(content);
        return keepAll(content);
      }).then(function () {
        var wanted = {};
        files.forEach(function (item) { wanted[new URL(item.url, location.href).href] = true; });
        return cache.keys().then(function (requests) {
          return Promise.all(requests.filter(function (request) {
            return !wanted[request.url] && request.url.indexOf(RECORD_PATH) < 0;
          }).map(function (request) { return cache.delete(request); }));
        });
      }).then(function () {
        var record = { version: data.version, date: new Date().toISOString(), size: size, documents: chosen };
        return cache.put(recordUrl, new Response(JSON.stringify(record), {
          headers: { "Content-Type": "application/json" },
        })).then(function () { return record; });
      });
    }).then(function (record) {
      bar.value = 100;
      updateButton.hidden = true;
      say(text("done"));
      return showStored(record);
    }, function () {
      say(text("failed"));
    }).then(function () {
      busy = false;
      downloadButton.disabled = updateButton.disabled = removeButton.disabled = false;
    });
  }

  function remove() {
    if (busy) return;
    caches.delete(cacheName).then(function () {
      bar.hidden = true;
      updateButton.hidden = true;
      say(text("removed"));
      return showStored(null);
    });
  }

  downloadButton.addEventListener("click", download);
  updateButton.addEventListener("click", download);
  removeButton.addEventListener("click", remove);

  readRecord().then(function (record) {
    // Without signal there is nothing to download: shown only to say what is kept.
    root.hidden = !record && navigator.onLine === false;
    return showStored(record).then(function () {
      return navigator.onLine === false ? null : fetchManifest();
    }).then(function (data) {
      if (!data) return;
      manifest = data;
      showChoices(data, record && record.documents);
      if (!record) {
        showSize();
      } else if (record.version !== data.version) {
        updateButton.hidden = false;
        say(text("changed", { size: formatSize(downloadSize(data)) }));
      }
    });
  }).catch(function () {
    if (!manifest && navigator.onLine) say(text("failed"));
  });
})();
