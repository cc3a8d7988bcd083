/* Doorstep field app service worker (served at /sw.js so its scope is the whole app).
   Keeps what a team carries all day: the agenda (/field), the customer briefs and visit
   forms (/field/cases/...), and the scripts and styles they need. Pages are fetched from
   the network first and kept; with no network the kept copy is served, so a page opened in
   a basement still works. Records are not sent from here: field.js keeps each visit record
   (and its photos) on the phone and sends it, exactly once, when the network returns. */
"use strict";
var CACHE = "doorstep-field-v1";
var SHELL = ["/field", "/static/css/app.css", "/static/js/app.js", "/static/js/field.js",
             "/static/js/offline.js", "/static/vendor/htmx.min.js", "/manifest.json"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (c) {
    return Promise.all(SHELL.map(function (u) { return c.add(u).catch(function () {}); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function kept(url) {
  var path = new URL(url).pathname;
  return path === "/field" || path.indexOf("/field/cases/") === 0 || path.indexOf("/static/") === 0 ||
    path === "/manifest.json";
}

self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET" || new URL(req.url).origin !== self.location.origin || !kept(req.url)) { return; }
  event.respondWith(fetch(req).then(function (res) {
    if (res.ok && !res.redirected) {
      var copy = res.clone();
      caches.open(CACHE).then(function (c) { c.put(req, copy); });
    }
    return res;
  }).catch(function () {
    return caches.match(req, { ignoreSearch: false }).then(function (hit) {
      return hit || caches.match(req, { ignoreSearch: true }).then(function (any) {
        return any || new Response("offline", { status: 503, headers: { "Content-Type": "text/plain" } });
      });
    });
  }));
});
