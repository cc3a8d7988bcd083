/* Registers the field app's service worker (installable web app; pages work offline) and,
   on the agenda, keeps every brief and visit form of the day on the phone at once, so a
   brief never opened before still opens in a basement. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) { return; }
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function () {
    if (location.pathname !== "/field" || !("caches" in window)) { return; }
    var links = Array.prototype.map.call(document.querySelectorAll("a[data-testid=open-visit]"),
      function (a) { return a.getAttribute("href"); });
    return caches.open("doorstep-field-v1").then(function (c) {
      return Promise.all(links.map(function (u) { return c.add(u).catch(function () {}); }));
    }).then(function () { document.documentElement.dataset.offlineReady = "1"; });
  }).catch(function () {});
})();
