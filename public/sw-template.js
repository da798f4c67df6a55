// MSC·HSCT service worker. scripts/post-build.mjs writes dist/sw.js from this template,
// filling in the build version and the list of every file of the build (hashed names), so
// the precache list is never maintained by hand.
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const CACHE = `msc-hsct-${VERSION}`;
const scoped = (path) => new URL(path, self.registration.scope).href;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE.map(scoped))));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((key) => key.startsWith("msc-hsct-") && key !== CACHE).map((key) => caches.delete(key))),
      )
      .then(() => self.clients.claim()),
  );
});

// The page asks a waiting worker to take over when the user accepts the update.
self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Every page of the app is index.html: deep links work offline.
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(scoped("index.html")).then((cached) => cached || fetch(request)),
      ),
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) => cache.match(request, { ignoreSearch: true }).then((cached) => cached || fetch(request))),
  );
});
