/* Installs the site's service worker (home/webapp.py): an offline page when there is no
   signal, and the site's static files kept on the phone. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  });
})();
