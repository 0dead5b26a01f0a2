// Service worker for the tablet pages: a started questionnaire can be finished offline.
// Pages: network first, the cached copy when offline. Pictograms, speech, CSS, JS: cache first.
"use strict";
var CACHE = "kiosk-v1";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== location.origin) return;
  var immutable = url.pathname.indexOf("/static/") === 0 || url.pathname.indexOf("/kiosk/audio/") === 0;
  if (immutable) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      });
    }));
  } else if (request.mode === "navigate" && /^\/kiosk\/(t\/|$)/.test(url.pathname)) {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(request).then(function (hit) { return hit || caches.match(url.pathname); });
    }));
  }
});
