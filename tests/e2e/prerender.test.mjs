// Pre-rendered pages: each route's HTML as served holds its content; without JavaScript
// the read-only pages are readable; the app takes the page over without losing what the
// reader typed and without a layout shift; each pre-rendered route works offline.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { appReady, launchBrowser, startServer } from "./support.mjs";

const ROUTES = [
  { path: "", heading: "Dose calculator", content: "labelled figures" },
  { path: "studies", heading: "Studies", content: 'class="study-card"' },
  { path: "compare", heading: "Compare outcomes", content: 'data-testid="compare-row"' },
  { path: "charts", heading: "Charts", content: "<svg" },
  { path: "about", heading: "About", content: 'data-testid="review-citation"' },
];

let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  server = await startServer({ prefix: "/msc/" });
});
after(async () => {
  await server?.close();
  await browser?.close();
});

test("each route's HTML as served holds its heading and its content", async () => {
  for (const { path, heading, content } of ROUTES) {
    const html = await (await fetch(server.url(path))).text();
    assert.ok(html.includes(`<h1 data-testid="page-title">${heading}</h1>`), `${path || "/"}: heading`);
    assert.ok(html.includes(content), `${path || "/"}: content`);
    assert.ok(!/href="\/(?!\/)/.test(html.replace(/<head>[\s\S]*<\/head>/, "")), `${path}: links are relative to the file`);
  }
});

test("without JavaScript the studies and About pages are readable and the rest says what it needs", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url("studies"));
  assert.equal(await page.textContent("h1"), "Studies");
  assert.ok((await page.locator(".study-card").count()) > 40);
  await page.click("text=Muroi et al., 2016 [56]");
  // The study's own page needs the app; the link goes to the studies file.
  assert.match(page.url(), /\/msc\/studies\?study=r56$/);
  await page.goto(server.url("about"));
  assert.equal(await page.textContent("h1"), "About");
  assert.ok(await page.isVisible("[data-testid=review-citation]"));
  await page.goto(server.url(""));
  assert.ok(await page.isVisible("[data-testid=product]"), "the labelled figures are readable");
  assert.match(await page.textContent("noscript, .notice--info"), /need both to work/);
  await context.close();
});

test("text typed before the WASM starts is kept and evaluated, with no layout shift", async () => {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  let release;
  const held = new Promise((done) => (release = done));
  await page.route(/\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.addInitScript(() => {
    window.shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.shifts.push(entry.value);
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto(server.url(""), { waitUntil: "domcontentloaded" });
  assert.equal(await page.textContent("h1"), "Dose calculator", "the page is there before the app");
  await page.click("[data-testid=weight]");
  await page.keyboard.type("70");
  assert.equal(await page.getAttribute("html", "data-app"), null, "the app has not started yet");
  release();
  await appReady(page);
  assert.equal(await page.inputValue("[data-testid=weight]"), "70", "the typed text is kept");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "weight", "and the focus");
  await page.waitForSelector("[data-testid=cells-per-infusion]");
  assert.match(await page.textContent("[data-testid=cells-per-infusion]"), /1\.4 × 10⁸ cells/);
  assert.equal(await page.locator("#prerendered").count(), 0, "one copy of the page");
  assert.equal(await page.locator("[data-testid=page-title]").count(), 1);
  const shifts = await page.evaluate(() => window.shifts);
  assert.equal(shifts.reduce((a, b) => a + b, 0), 0, `layout shifts: ${shifts}`);
  await context.close();
});

test("a link whose state differs from the default opens that view over the pre-rendered page", async () => {
  const page = await browser.newPage();
  await page.goto(server.url("compare?m=complete-response&ind=agvhd_treatment"));
  await appReady(page);
  assert.equal(await page.inputValue("[data-testid=a-measure]"), "complete-response");
  assert.match(await page.textContent("[data-testid=row-count]"), /^Complete response — Treatment of aGVHD/);
  await page.close();
});

test("every pre-rendered route opens offline after one visit", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url(""));
  await appReady(page);
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 15_000 });
  await context.setOffline(true);
  for (const { path, heading } of ROUTES) {
    await page.goto(server.url(path));
    await appReady(page);
    assert.equal(await page.textContent("[data-testid=page-title]"), heading, `${path} offline`);
  }
  await context.setOffline(false);
  await context.close();
});
