// The app shell in a real browser: renders, every nav link works, deep links load,
// sub-path hosting works, panics show a banner, and nothing talks to another host.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { appReady, launchBrowser, startServer, watchPage } from "./support.mjs";

const PAGES = [
  { nav: "calculator", path: "", heading: "Dose calculator" },
  { nav: "studies", path: "studies", heading: "Studies" },
  { nav: "compare", path: "compare", heading: "Compare outcomes" },
  { nav: "charts", path: "charts", heading: "Charts" },
  { nav: "about", path: "about", heading: "About" },
];

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

for (const prefix of ["/", "/msc/"]) {
  describe(`served from ${prefix}`, () => {
    let server;
    before(async () => {
      server = await startServer({ prefix });
    });
    after(async () => {
      await server?.close();
    });

    test("renders the home page and every nav link leads to its page", async () => {
      const page = await browser.newPage();
      const watch = watchPage(page, server.origin);
      await page.goto(server.url());
      await appReady(page);
      assert.equal(await page.textContent("[data-testid=page-title]"), "Dose calculator");
      assert.equal(await page.title(), "Calculator · MSC·HSCT");
      for (const { nav, path, heading } of [...PAGES.slice(1), PAGES[0]]) {
        await page.click(`[data-testid=nav-${nav}]`);
        await page.waitForFunction(
          (text) => document.querySelector("[data-testid=page-title]")?.textContent === text,
          heading,
        );
        assert.equal(new URL(page.url()).pathname, prefix + path, `URL after clicking ${nav}`);
        const current = await page.getAttribute(`[data-testid=nav-${nav}]`, "aria-current");
        assert.equal(current, "page", `${nav} is marked as the current page`);
      }
      await page.goBack();
      await page.waitForFunction(
        () => document.querySelector("[data-testid=page-title]")?.textContent === "About",
      );
      watch.assertClean(assert);
      await page.close();
    });

    test("deep links load each page directly", async () => {
      for (const { path, heading } of PAGES) {
        const page = await browser.newPage();
        const watch = watchPage(page, server.origin);
        await page.goto(server.url(path));
        await appReady(page);
        assert.equal(await page.textContent("[data-testid=page-title]"), heading, path);
        watch.assertClean(assert);
        await page.close();
      }
    });
  });
}

describe("content and failure handling", () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.close();
  });

  test("About cites the review with its licence and carries the disclaimer", async () => {
    const page = await browser.newPage();
    const watch = watchPage(page, server.origin);
    await page.goto(server.url("about"));
    await appReady(page);
    const citation = await page.textContent("[data-testid=review-citation]");
    assert.match(citation, /Ting Lin, Yunfan Yang, Xinchuan Chen/);
    assert.match(citation, /A review of the application of mesenchymal stem cells/);
    assert.match(citation, /2023/);
    assert.match(await page.textContent("main"), /CC BY 4\.0/);
    assert.match(
      await page.textContent("[data-testid=disclaimer]"),
      /Decision support for professionals, not a prescription/,
    );
    watch.assertClean(assert);
    await page.close();
  });

  test("unknown paths get a page-not-found with every page to choose", async () => {
    const page = await browser.newPage();
    await page.goto(server.url("no-such-page"));
    await appReady(page);
    assert.equal(await page.textContent("[data-testid=page-title]"), "Page not found");
    assert.equal(await page.locator("main .link-list a").count(), 5);
    await page.close();
  });

  test("a Rust panic shows an error banner with a working reload link", async () => {
    const page = await browser.newPage();
    const errors = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(server.url("about"));
    await appReady(page);
    await page.evaluate(() => {
      try {
        window.wasmBindings.debug_panic();
      } catch {
        // The panic surfaces as a JS exception (wasm `unreachable`); the banner is the point.
      }
    });
    const banner = await page.waitForSelector("[data-testid=fatal-error]");
    assert.match(await banner.textContent(), /Something went wrong/);
    assert.ok(errors.some((text) => text.includes("debug_panic")), "the panic is logged");
    await page.click("[data-testid=fatal-error-reload]");
    await page.waitForLoadState("load");
    await appReady(page);
    assert.equal(await page.$("[data-testid=fatal-error]"), null, "reload clears the banner");
    assert.equal(await page.textContent("[data-testid=page-title]"), "About");
    await page.close();
  });

  test("the layout fits a 360 px screen without horizontal scrolling", async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    for (const { path } of PAGES) {
      await page.goto(server.url(path));
      await appReady(page);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.equal(overflow, 0, `no horizontal overflow on /${path}`);
    }
    await page.close();
  });
});
