// Fills the commune list when the province changes, so the "show communes" round trip is only
// needed without JavaScript. The server checks the commune against the province either way.
(function () {
  "use strict";
  var selects = document.querySelectorAll("select[data-commune-select]");
  Array.prototype.forEach.call(selects, function (communeSelect) {
    var provinceSelect = document.getElementById(communeSelect.getAttribute("data-province-field"));
    if (!provinceSelect) { return; }
    var form = communeSelect.form;
    var button = form && form.querySelector("[data-show-communes]");
    if (button) { button.hidden = true; }
    var placeholder = communeSelect.options.length ? communeSelect.options[0].text : "";
    provinceSelect.addEventListener("change", function () {
      var code = provinceSelect.value;
      communeSelect.length = 1;
      communeSelect.options[0].text = placeholder;
      if (!code) { return; }
      communeSelect.disabled = true;
      fetch("/places/communes/?province=" + encodeURIComponent(code), {credentials: "same-origin"})
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (data) {
          data.communes.forEach(function (commune) {
            communeSelect.add(new Option(commune.name, commune.code));
          });
        })
        .catch(function () {
          if (button) { button.hidden = false; }
        })
        .then(function () { communeSelect.disabled = false; });
    });
  });
})();
