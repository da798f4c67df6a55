// Offline PWA, updates, hosting and CSP: the manifest and its icons; full use with the
// network off after a first visit (from / and from /msc/); a new build offered and taken
// on reload; deep links on a static host's 404 fallback; a strict CSP with no violation.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appReady, DIST, launchBrowser, startServer, watchPage } from "./support.mjs";

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 15_000 });
const title = (page) => page.textContent("[data-testid=page-title]");
const buildVersion = (page) => page.getAttribute('meta[name="build"]', "content");

test("the manifest names the app, its icons exist at their sizes, start and scope are relative", async () => {
  const manifest = JSON.parse(await readFile(join(DIST, "manifest.webmanifest"), "utf8"));
  assert.equal(manifest.short_name, "MSC·HSCT");
  assert.equal(manifest.display, "standalone");
  assert.equal(manifest.start_url, "./");
  assert.equal(manifest.scope, "./");
  for (const icon of manifest.icons.filter((i) => i.type === "image/png")) {
    const png = await readFile(join(DIST, icon.src));
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    assert.equal(`${width}x${height}`, icon.sizes, icon.src);
  }
  assert.ok(manifest.icons.some((i) => i.purpose === "maskable"));
  assert.ok(manifest.icons.some((i) => i.src.endsWith(".svg")));
});

for (const prefix of ["/", "/msc/"]) {
  test(`after one visit the whole app works offline (served from ${prefix})`, async () => {
    const server = await startServer({ prefix });
    const context = await browser.newContext();
    const page = await context.newPage();
    const watch = watchPage(page, server.origin);
    await page.goto(server.url("studies"));
    await appReady(page);
    await controlled(page);
    await server.close();
    await context.setOffline(true);

    await page.reload();
    await appReady(page);
    assert.equal(await title(page), "Studies");
    for (const [nav, heading] of [["about", "About"], ["charts", "Charts"], ["calculator", "Dose calculator"]]) {
      await page.click(`[data-testid=nav-${nav}]`);
      await page.waitForFunction((h) => document.querySelector("[data-testid=page-title]")?.textContent === h, heading);
    }
    await page.fill("[data-testid=weight]", "23.4");
    assert.equal(await page.textContent("[data-testid=cells-per-infusion]"), "4.68 × 10⁷ cells");
    // Tables, pooling, charts and downloads, offline.
    await page.click("[data-testid=nav-compare]");
    await page.selectOption("[data-testid=a-indication]", "agvhd_treatment");
    await page.waitForSelector("[data-testid=pooled-estimate]");
    const [csv] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=export-csv]")]);
    assert.match(csv.suggestedFilename(), /\.csv$/);
    await page.click("[data-testid=other-view]");
    await page.waitForSelector("[data-testid=forest-diamond]");
    const [png] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=download-png]")]);
    assert.match(png.suggestedFilename(), /\.png$/);
    await page.goto(server.url("studies?study=r42"));
    await appReady(page);
    assert.match(await title(page), /^Liu et al\./, "a deep link, offline");
    watch.assertClean(assert);
    await context.close();
  });
}

describe("updates", () => {
  let folder;
  before(async () => {
    folder = await mkdtemp(join(tmpdir(), "msc-build-"));
    await cp(DIST, folder, { recursive: true });
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test("a new build is offered as 'A new version is available' and reloading gets it", async () => {
    const server = await startServer({ root: folder });
    const context = await browser.newContext();
    const page = await context.newPage();
    const watch = watchPage(page, server.origin);
    await page.goto(server.url(""));
    await appReady(page);
    await controlled(page);
    const first = await buildVersion(page);

    // Build B: a new asset (changed assets get new hashed names, so a build adds files);
    // the post-build hook gives the build a new version and precache list.
    await writeFile(join(folder, "notes-b.txt"), "build B\n");
    execFileSync("node", ["scripts/post-build.mjs", folder], { cwd: new URL("../..", import.meta.url).pathname });
    const second = (await readFile(join(folder, "index.html"), "utf8")).match(/name="build" content="([^"]+)"/)[1];
    assert.notEqual(second, first);

    await page.evaluate(() => window.mscRegistration.update());
    await page.waitForSelector("[data-testid=update-banner]", { timeout: 15_000 });
    assert.match(await page.textContent("[data-testid=update-banner]"), /A new version is available/);
    await Promise.all([page.waitForEvent("load"), page.click("[data-testid=update-reload]")]);
    await appReady(page);
    assert.equal(await buildVersion(page), second, "the page runs the new build");
    const caches = await page.evaluate(() => caches.keys());
    assert.deepEqual(caches, [`msc-hsct-${second}`], "the old cache is gone");
    watch.assertClean(assert);
    await context.close();
    await server.close();
  });
});

test("a static host serves every page's own file and its 404 page for the rest, from a sub-path too", async () => {
  const server = await startServer({ prefix: "/msc/", fallback: "404" });
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  // Each page is a pre-rendered file (studies.html for /msc/studies): the host finds it.
  for (const [path, heading] of [["about", "About"], ["studies?study=r56", "Muroi et al., 2016 [56]"], ["compare", "Compare outcomes"]]) {
    const response = await page.goto(server.url(path));
    assert.equal(response.status(), 200, `the host has a file for ${path}`);
    await appReady(page);
    assert.equal(await title(page), heading, "… and the app shows the view the link names");
  }
  // A path that is no page gets 404.html, and the app says so.
  const response = await page.goto(server.url("no-such-page"));
  assert.equal(response.status(), 404);
  await appReady(page);
  assert.equal(await title(page), "Page not found");
  await context.close();
  await server.close();
});

test("a strict Content-Security-Policy, with no inline script and no violation on any page", async () => {
  const html = await readFile(join(DIST, "index.html"), "utf8");
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|https?:/);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, "no inline script");
  assert.match(csp, /require-trusted-types-for 'script'/);
  assert.match(csp, /trusted-types msc-hsct msc-hsct-worker(;|$)/);
  // One render-blocking stylesheet before the first paint, not one per style file.
  assert.equal(html.match(/rel="stylesheet"/g).length, 1, "the stylesheets are joined");
  // No script of the build writes a plain string into an HTML sink: wasm-bindgen's glue
  // would import `innerHTML=` if any Rust code (or Leptos' inner_html) still did.
  for (const name of (await readdir(DIST)).filter((n) => n.endsWith(".js"))) {
    const code = await readFile(join(DIST, name), "utf8");
    assert.doesNotMatch(code, /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/, name);
  }
  const server = await startServer();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  for (const path of ["", "studies", "studies?study=r42", "compare", "charts", "about"]) {
    await page.goto(server.url(path));
    await appReady(page);
    // Each interaction rewrites regions through the Trusted Types policy.
    if (path === "") await page.fill("[data-testid=weight]", "70");
    if (path === "compare") {
      await page.selectOption("[data-testid=a-group]", "source");
      await page.waitForFunction(() => location.search.includes("by=source"));
    }
    assert.deepEqual(await page.evaluate(() => window.cspViolations), [], path);
  }
  // Enforced, not only declared: a plain string into innerHTML, a second policy of the
  // app's name and a `default` policy are all refused (each refusal is a violation).
  const refused = await page.evaluate(() => {
    const attempt = (f) => {
      try {
        f();
        return "allowed";
      } catch (e) {
        return e.name;
      }
    };
    return [
      attempt(() => (document.body.innerHTML = "<img src=x onerror=alert(1)>")),
      attempt(() => document.body.insertAdjacentHTML("beforeend", "<b>x</b>")),
      attempt(() => trustedTypes.createPolicy("msc-hsct", { createHTML: (s) => s })),
      attempt(() => trustedTypes.createPolicy("default", { createHTML: (s) => s })),
    ];
  });
  assert.deepEqual(refused, ["TypeError", "TypeError", "TypeError", "TypeError"]);
  assert.ok(await page.isVisible("[data-testid=brand]"), "the page is still there");
  await context.close();
  await server.close();
});
