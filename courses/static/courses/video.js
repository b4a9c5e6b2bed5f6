/* Video blocks (courses/blocks/video_block.html): the light version on slow connections or
   when the learner saves data, and, for a video that must be watched, resuming where the
   learner stopped and reporting what was played (docs/decisions/030-videos-that-count.md). */
(function () {
  "use strict";
  var SLOW = { "slow-2g": true, "2g": true, "3g": true };
  var REPORT_EVERY_MS = 15000;

  function wantsLight() {
    if (/(?:^|;\s*)elearn_save_data=1(?:;|$)/.test(document.cookie)) return true;
    var connection = navigator.connection;
    return !!(connection && (connection.saveData || SLOW[connection.effectiveType]));
  }

  function preferLight(figure, video) {
    var light = figure.getAttribute("data-light-src");
    var sources = video.querySelectorAll("source");
    if (!light || !sources.length || !wantsLight()) return;
    for (var i = 1; i < sources.length; i++) {
      if (sources[i].getAttribute("src") === light) {
        video.insertBefore(sources[i], sources[0]);
        video.load();
        return;
      }
    }
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

  function watch(figure, video) {
    var url = figure.getAttribute("data-report-url");
    var status = figure.querySelector("[data-video-status]");
    var tokenInput = figure.querySelector("input[name=csrfmiddlewaretoken]");
    var start = parseFloat(figure.getAttribute("data-start")) || 0;
    var lastSent = "";

    // Resume once the length is known (preload="none": nothing loads before "play"). Not by
    // setting currentTime earlier: Chromium then counts 0 to the start position as played.
    video.addEventListener("loadedmetadata", function () {
      if (start > 0 && start < video.duration - 2) video.currentTime = start;
      start = 0;
    });

    function say(text, ok) {
      if (!status || !text) return;
      status.textContent = text;
      status.classList.toggle("status-ok", !!ok);
    }

    // What was played, kept from "timeupdate" rather than read from video.played: Chromium
    // counts 0 to the resume position as played once the video is moved there. A seek leaves
    // the skipped part out; only small forward steps while playing are counted.
    var ranges = [];
    var last = null;
    function add(from, to) {
      ranges.push([from, to]);
      ranges.sort(function (a, b) { return a[0] - b[0]; });
      var merged = [ranges[0]];
      for (var i = 1; i < ranges.length; i++) {
        var previous = merged[merged.length - 1];
        if (ranges[i][0] <= previous[1] + 0.01) previous[1] = Math.max(previous[1], ranges[i][1]);
        else merged.push(ranges[i]);
      }
      ranges = merged;
    }
    video.addEventListener("seeking", function () { last = null; });
    video.addEventListener("timeupdate", function () {
      var now = video.currentTime;
      var step = now - (last === null ? now : last);
      if (!video.seeking && step > 0 && step <= 1.5 * Math.max(1, video.playbackRate)) {
        add(last, now);
      }
      last = video.seeking ? null : now;
    });

    function played() {
      // The server keeps the union of all reports: the latest ranges are enough.
      return JSON.stringify(ranges.slice(-150).map(function (range) {
        return [Math.floor(range[0] * 100) / 100, Math.floor(range[1] * 100) / 100];
      }));
    }

    // Every report carries all that was played since the page loaded: the server keeps the
    // union, so a lost report is made good by the next one, and one sent twice counts once.
    function report(leaving) {
      if (!isFinite(video.duration) || video.duration <= 0) return;
      var ranges = played();
      var position = (Math.floor(video.currentTime * 100) / 100).toString();
      if (ranges + position === lastSent) return;
      lastSent = ranges + position;
      var body = new URLSearchParams();
      body.append("csrfmiddlewaretoken", tokenInput ? tokenInput.value : "");
      body.append("ranges", ranges);
      body.append("duration", video.duration.toString());
      body.append("position", position);
      if (leaving && navigator.sendBeacon && navigator.sendBeacon(url, body)) return;
      if (!window.fetch) return;
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        keepalive: true,
        headers: { "Accept": "application/json" },
        body: body
      }).then(function (response) {
        return response.json();
      }).then(function (data) {
        say(data.message, data.passed);
        if (data.module_completed) showModuleCompleted();
      }).catch(function () {
        lastSent = "";
        say(figure.getAttribute("data-offline-text"));
      });
    }

    var timer = null;
    video.addEventListener("playing", function () {
      report(false);
      if (timer === null) {
        timer = window.setInterval(function () {
          if (!video.paused && !video.ended) report(false);
        }, REPORT_EVERY_MS);
      }
    });
    video.addEventListener("pause", function () { report(false); });
    video.addEventListener("ended", function () { report(false); });
    window.addEventListener("pagehide", function () { report(true); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") report(true);
    });
  }

  var figures = document.querySelectorAll("figure.block-video:not([data-video-ready])");
  for (var i = 0; i < figures.length; i++) {
    var figure = figures[i];
    var video = figure.querySelector("video");
    figure.setAttribute("data-video-ready", "");
    if (!video) continue;
    preferLight(figure, video);
    if (figure.hasAttribute("data-video-watch")) watch(figure, video);
  }
})();
