/* Quiz attempt page: save answers on change, count the time down, submit once.
   Without this script the page still works: "Save answers" and "Submit" post the form.
   A form post waits for the autosave in flight (at most WAIT_MS, then aborts it), so the
   page never sends its own two writes of one attempt at once. */
(function () {
  "use strict";
  var form = document.querySelector("[data-quiz-form]");
  if (!form || !window.fetch || !window.FormData) return;
  var status = form.querySelector("[data-quiz-status]");
  var submitButton = form.querySelector("[data-quiz-submit]");
  var WAIT_MS = 15000;
  var saveTimer = null;
  var inFlight = null;
  var controller = null;
  var pending = false;
  var submitted = false;
  var leaving = false;
  var releasing = false;

  function say(text) { if (status) status.textContent = text; }

  function save() {
    if (leaving) return;
    if (inFlight) { pending = true; return; }
    pending = false;
    controller = window.AbortController ? new AbortController() : null;
    inFlight = send().then(function (response) {
      // null: kept by the offline queue (elearn/js/offline-queue.js), sent when the signal returns.
      if (!response) return { response: { status: 202 }, data: { message: window.elearnOffline.queuedText } };
      return response.json().then(function (data) { return { response: response, data: data }; });
    }).then(function (reply) {
      if (leaving) return;
      say(reply.data.message || "");
      if (reply.response.status === 409) window.location.reload();
    }).catch(function () {
      if (leaving) return;
      say(form.getAttribute("data-offline-message") || "…");
      pending = true;
    }).then(function () {
      inFlight = null;
      controller = null;
      if (pending && !leaving) schedule(3000);
    });
  }

  function send() {
    if (!window.elearnOffline) {
      return fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "Accept": "application/json" },
        signal: controller ? controller.signal : undefined
      });
    }
    var data = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") data.append(name, value);
    });
    return window.elearnOffline.post({
      url: form.action, kind: "quiz_save", body: data.toString(), key: form.action,
      type: "application/x-www-form-urlencoded", accept: "application/json",
      signal: controller ? controller.signal : undefined
    });
  }

  /* Resolves once no autosave is in flight: on the next task, when the one in flight ends, or
     after WAIT_MS, aborting it (the form post carries every answer anyway). Never within the
     submit event itself: browsers ignore requestSubmit() while submit events are firing, and
     an already resolved promise would call it there. */
  function autosaveSettled() {
    if (!inFlight) return new Promise(function (resolve) { window.setTimeout(resolve, 0); });
    var waiting = inFlight;
    return new Promise(function (resolve) {
      var timer = window.setTimeout(function () {
        if (controller) controller.abort();
        resolve();
      }, WAIT_MS);
      waiting.then(function () { window.clearTimeout(timer); resolve(); });
    });
  }

  function schedule(delay) {
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(save, delay);
  }

  form.addEventListener("change", function () { schedule(200); });
  form.addEventListener("input", function (event) {
    if (event.target.type === "text") schedule(1500);
  });
  form.addEventListener("submit", function (event) {
    if (releasing) return;
    if (leaving) { event.preventDefault(); return; }
    var submitter = event.submitter;
    leaving = true;
    if (submitter && submitter.hasAttribute("data-quiz-submit")) submitted = true;
    window.clearTimeout(saveTimer);
    // Browsers without requestSubmit or event.submitter post at once, as before.
    if (submitter === undefined || !form.requestSubmit) return;
    event.preventDefault();
    if (submitter) submitter.setAttribute("aria-busy", "true");
    autosaveSettled().then(function () {
      releasing = true;
      form.requestSubmit(submitter);
      releasing = false;
      if (submitted && submitter) window.setTimeout(function () { submitter.disabled = true; }, 0);
    });
  });

  // Coming back through the history cache: the page may post again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    leaving = submitted = false;
    Array.prototype.forEach.call(form.querySelectorAll("[aria-busy]"), function (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    });
  });

  // Answers ticked from now on are saved (tests and assistive tools can wait for this).
  form.setAttribute("data-quiz-ready", "");

  var timer = document.querySelector("[data-quiz-timer]");
  if (!timer) return;
  var countdown = timer.querySelector("[data-quiz-countdown]");
  var endsAt = Date.now() + parseInt(timer.getAttribute("data-seconds-left"), 10) * 1000;
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    countdown.textContent = "⏱ " + pad(Math.floor(left / 60)) + ":" + pad(left % 60);
    if (left <= 60) timer.classList.add("is-urgent");
    if (left === 0) {
      if (!submitted && submitButton) {
        if (form.requestSubmit) form.requestSubmit(submitButton); else submitButton.click();
      }
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
