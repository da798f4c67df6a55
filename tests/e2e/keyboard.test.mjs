// A keyboard-only journey: no mouse from the first key to the last. The calculator, a
// table filter and a chart tooltip, each reached and used with Tab, arrows and Enter.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { appReady, useBrowserAndServer, watchPage } from "./support.mjs";

const shared = useBrowserAndServer({}, { before, after });

/** Presses Tab until the focused element matches `selector` (at most `limit` presses). */
async function tabTo(page, selector, limit = 80) {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  assert.fail(`${selector} not reached with ${limit} presses of Tab`);
}

test("calculator, a table filter and a chart tooltip with the keyboard alone", async () => {
  const page = await shared.browser.newPage();
  const watch = watchPage(page, shared.server.origin);
  await page.goto(shared.server.url(""));
  await appReady(page);

  await tabTo(page, "[data-testid=weight]");
  await page.keyboard.type("23.4");
  await tabTo(page, "[data-testid=dose]");
  await page.keyboard.type("2e6");
  await page.waitForFunction(() => document.querySelector("[data-testid=cells-per-infusion]")?.textContent === "4.68 × 10⁷ cells");

  await tabTo(page, "[data-testid=nav-compare]", 120);
  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-testid=compare-row]");
  await tabTo(page, "[data-testid=a-indication]");
  // The page opens in aGVHD treatment; a closed <select> takes arrow keys: the next
  // indication (cGVHD treatment), then back.
  assert.equal(await page.inputValue("[data-testid=a-indication]"), "agvhd_treatment");
  await page.keyboard.press("ArrowDown");
  await page.waitForFunction(() => document.querySelector("[data-testid=row-count]")?.textContent.startsWith("Overall response — Treatment of cGVHD"));
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.inputValue("[data-testid=a-indication]"), "agvhd_treatment");
  await page.waitForFunction(() => document.querySelector("[data-testid=row-count]")?.textContent.startsWith("Overall response — Treatment of aGVHD"));
  await tabTo(page, "[data-testid=sort-n]", 150);
  await page.keyboard.press("Enter");
  await page.waitForSelector("th[aria-sort=ascending] [data-sort=n]");

  await tabTo(page, "[data-testid=other-view]", 150);
  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-testid=forest-plot]");
  await tabTo(page, "[data-testid=forest-row]", 150);
  await page.waitForSelector("[data-testid=chart-tip]:not([hidden])");
  assert.match(await page.textContent("[data-testid=chart-tip]"), /\d+\/\d+ = \d+\.\d% \(95% CI/);
  await page.keyboard.press("Tab");
  assert.equal(
    await page.textContent("[data-testid=chart-tip]"),
    await page.textContent("[data-testid=forest-row] >> nth=1 >> title"),
    "the next mark shows its own tip",
  );
  watch.assertClean(assert);
  await page.close();
});
