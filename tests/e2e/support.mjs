// Shared pieces of the end-to-end tests: a static server for dist/ on 127.0.0.1, Debian's
// Chromium driven by playwright-core, and a watcher for console problems and requests
// that leave the local origin.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import { chromium } from "playwright-core";

export const DIST = resolve(import.meta.dirname, "../../dist");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serves `root` under `prefix` (e.g. "/" or "/msc/") on 127.0.0.1 with a random port.
 * `/studies` gets studies.html when there is one (as GitHub Pages, Netlify and Cloudflare
 * Pages serve extensionless paths). Other paths that are not files get index.html (as
 * `trunk serve` and SPA hosts do), or with `fallback: "404"` the 404.html page with
 * status 404 (as GitHub Pages-like hosts do).
 * Returns { origin, url(path), close() }.
 */
export async function startServer({ root = DIST, prefix = "/", fallback = "index" } = {}) {
  const server = createServer(async (request, response) => {
    try {
      const { pathname } = new URL(request.url, "http://127.0.0.1");
      if (!pathname.startsWith(prefix) && pathname + "/" !== prefix) {
        response.writeHead(404, { "content-type": "text/plain" }).end("outside the app");
        return;
      }
      const inside = decodeURIComponent(pathname.slice(prefix.length));
      let file = normalize(join(root, inside));
      if (!file.startsWith(root)) {
        response.writeHead(403).end();
        return;
      }
      let info = await stat(file).catch(() => null);
      if (!info && inside && !inside.endsWith("/")) {
        const page = await stat(`${file}.html`).catch(() => null);
        if (page) {
          file = `${file}.html`;
          info = page;
        }
      }
      let status = 200;
      if (info?.isDirectory()) file = join(root, "index.html");
      else if (!info && fallback === "404") {
        // A static host: unknown paths get 404.html with status 404.
        file = join(root, "404.html");
        status = 404;
      } else if (!info) file = join(root, "index.html");
      const body = await readFile(file);
      response
        .writeHead(status, {
          "content-type": TYPES[extname(file)] ?? "application/octet-stream",
          "cache-control": "no-cache",
        })
        .end(body);
    } catch (error) {
      response.writeHead(500, { "content-type": "text/plain" }).end(String(error));
    }
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: (path = "") => origin + prefix + path.replace(/^\//, ""),
    // Keep-alive connections from the browser would keep close() waiting forever.
    close: () =>
      new Promise((done) => {
        server.close(done);
        server.closeAllConnections();
      }),
  };
}

/** Launches Debian's Chromium headless; never a downloaded browser. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * Records console errors and warnings, uncaught page errors, and every request whose
 * origin is not `origin`. Call `assertClean()` at the end of a test.
 */
export function watchPage(page, origin) {
  const problems = [];
  const foreign = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") {
      problems.push(`console.${message.type()}: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    const url = request.url();
    if (url.startsWith("data:") || url.startsWith("blob:")) return;
    if (new URL(url).origin !== origin) foreign.push(url);
  });
  return {
    problems,
    foreign,
    assertClean(assert) {
      assert.deepEqual(problems, [], "no console error or warning");
      assert.deepEqual(foreign, [], "no request to another host");
    },
  };
}

/** Waits until the app has mounted (its header is in the DOM). */
export async function appReady(page) {
  // The brand is pre-rendered: the app has started when it took the page over.
  await page.waitForSelector("html[data-app=ready] [data-testid=brand]", { timeout: 15_000 });
}

/**
 * Chooses an outcome on Compare or Charts and waits until the link and the indication
 * select say so (the default outcome's `m` is left out of the link).
 */
export async function chooseOutcome(page, key) {
  await page.selectOption("[data-testid=a-measure]", key);
  await page.waitForFunction((k) => {
    const query = new URLSearchParams(location.search);
    const m = query.get("m");
    const ind = query.get("ind") === "all" ? "" : query.get("ind");
    return (k === "overall-response" ? m === null : m === k) && document.querySelector("#a-indication")?.value === ind;
  }, key);
}

/** A new page of `context` at `path` of `shared`'s server, watched, with the app started. */
export async function openPage(shared, context, path) {
  const page = await context.newPage();
  const watch = watchPage(page, shared.server.origin);
  await page.goto(shared.server.url(path));
  await appReady(page);
  return { page, watch };
}

/**
 * Registers before/after hooks that launch one browser and one server for a test file;
 * returns an object whose `browser` and `server` are set once the hooks have run.
 */
export function useBrowserAndServer(options = {}, hooks) {
  const shared = { browser: undefined, server: undefined };
  hooks.before(async () => {
    shared.browser = await launchBrowser();
    shared.server = await startServer(options);
  });
  hooks.after(async () => {
    await shared.browser?.close();
    await shared.server?.close();
  });
  return shared;
}

let parameters;
/**
 * Every page's link parameters, from the pages' own tables (`cargo run --bin prerender --
 * --params`): `[[page, [name, …]], …]`, so a new parameter is covered by the tests that
 * use it without editing them.
 */
export function linkParameters() {
  parameters ??= JSON.parse(
    execFileSync("cargo", ["run", "--quiet", "--offline", "--bin", "prerender", "--", "--params"], {
      cwd: resolve(import.meta.dirname, "../.."),
      encoding: "utf8",
    }),
  );
  return parameters;
}
