// axe-core on every page, in light and dark mode and at 360 px: no violations.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { appReady, useBrowserAndServer } from "./support.mjs";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const PATHS = [
  "",
  "studies",
  "studies?study=r42",
  "studies?study=r56",
  "studies?study=r76",
  "compare",
  "compare?ind=agvhd_treatment&by=source&loo=1&sel=r56,r57&split=1",
  "charts",
  "charts?chart=dose",
  "charts?by=source",
  "charts?chart=engraftment",
  "compare?q=nothing-matches-this",
  "about",
  "no-such-page",
];

const shared = useBrowserAndServer({}, { before, after });

for (const [scheme, width] of [["light", 1280], ["dark", 1280], ["light", 360]]) {
  test(`axe finds no violations (${scheme}, ${width} px)`, async () => {
    const context = await shared.browser.newContext({
      // axe is injected as an inline script, which the app's CSP rightly refuses.
      bypassCSP: true,
      colorScheme: scheme,
      viewport: { width, height: 800 },
    });
    const page = await context.newPage();
    const audit = async (what) => {
      await page.addScriptTag({ path: AXE });
      const violations = await page.evaluate(async () => {
        const result = await window.axe.run(document);
        return result.violations.map(
          (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
        );
      });
      assert.deepEqual(violations, [], what);
    };
    for (const path of PATHS) {
      await page.goto(shared.server.url(path));
      await appReady(page);
      await audit(`/${path}`);
    }
    // The calculator with a full plan, a warning and a field error.
    await page.goto(shared.server.url(""));
    await appReady(page);
    await page.fill("[data-testid=weight]", "23.4");
    await page.fill("[data-testid=dose]", "5e6");
    await page.waitForSelector("[data-testid=warnings]");
    await audit("calculator with a plan and warnings");
    await page.fill("[data-testid=weight]", "70,5");
    await page.waitForSelector("[data-testid=results-empty]");
    await audit("calculator with a field error");
    await context.close();
  });
}
