/* Quiz attempt page: save answers on change, count the time down, submit once.
   Without this script the page still works: "Save answers" and "Submit" post the form. */
(function () {
  "use strict";
  var form = document.querySelector("[data-quiz-form]");
  if (!form || !window.fetch || !window.FormData) return;
  var status = form.querySelector("[data-quiz-status]");
  var submitButton = form.querySelector("[data-quiz-submit]");
  var saveTimer = null;
  var saving = false;
  var pending = false;
  var submitted = false;

  function say(text) { if (status) status.textContent = text; }

  function save() {
    if (submitted) return;
    if (saving) { pending = true; return; }
    saving = true;
    pending = false;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (data) { return { response: response, data: data }; });
    }).then(function (reply) {
      say(reply.data.message || "");
      if (reply.response.status === 409) window.location.reload();
    }).catch(function () {
      say(form.getAttribute("data-offline-message") || "…");
      pending = true;
    }).then(function () {
      saving = false;
      if (pending) schedule(3000);
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
    if (submitted) { event.preventDefault(); return; }
    var submitter = event.submitter;
    if (submitter && submitter.hasAttribute("data-quiz-submit")) {
      submitted = true;
      window.clearTimeout(saveTimer);
      window.setTimeout(function () { submitter.disabled = true; }, 0);
    }
  });

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
