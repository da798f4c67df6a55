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
    // Each page has its pre-rendered file (`/studies` -> studies.html); any other path
    // is index.html, and the app shows its page: deep links work offline.
    const scope = new URL(self.registration.scope).pathname;
    const path = new URL(request.url).pathname;
    const rest = path.startsWith(scope) ? path.slice(scope.length).replace(/\/+$/, "") : "";
    const page = rest && !rest.includes("/") && PRECACHE.includes(`${rest}.html`) ? `${rest}.html` : "index.html";
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(scoped(page)).then((cached) => cached || fetch(request)),
      ),
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) => cache.match(request, { ignoreSearch: true }).then((cached) => cached || fetch(request))),
  );
});
