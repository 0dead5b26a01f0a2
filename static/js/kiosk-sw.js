// Service worker for the tablet pages: a started questionnaire can be finished offline, and
// every page the tablet goes to by itself (thanks, the round's first screen, the locked
// screen, the neutral start) opens with the server unreachable.
// Pages: network first, the cached copy when offline, never a null response. A page marked
// "Kiosk-Keep-Offline: no" (a client's own words) is never kept. Static files, speech: cache first.
"use strict";
var CACHE = "kiosk-v1";
var START = new URL("./", self.location).href, LOCKED = new URL("locked", self.location).href;
var PAGES = /^\/kiosk\/(t\/|locked$|thanks$|$)/;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll([START, LOCKED]).catch(function () {});
  }).then(function () { return self.skipWaiting(); }));
});
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function keep(request, response) {
  if (response.ok && response.headers.get("Kiosk-Keep-Offline") !== "no") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

function offlinePage(request, url) {
  return caches.match(request).then(function (hit) {
    if (hit) return hit;
    return caches.match(url.pathname === "/kiosk/locked" ? LOCKED : START);
  }).then(function (hit) {
    return hit || new Response("<!doctype html><meta charset=utf-8><title>…</title><p>…</p>",
                               { status: 503, headers: { "Content-Type": "text/html" } });
  });
}

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
  } else if (request.mode === "navigate" && PAGES.test(url.pathname)) {
    event.respondWith(fetch(request).then(function (response) { return keep(request, response); },
                                          function () { return offlinePage(request, url); }));
  }
});
