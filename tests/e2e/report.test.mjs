// The analysis report: Print report prints the report alone, on one or two A4 pages, with
// the page's pooled numbers; Download report (HTML) is a file of its own that fetches
// nothing.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { openPage, useBrowserAndServer, watchPage } from "./support.mjs";

const shared = useBrowserAndServer({}, { before, after });
const QUERY = "?ind=agvhd_treatment&src=bone-marrow";

const open = (context, path) => openPage(shared, context, path);

const text = (page, testid) => page.textContent(`[data-testid=${testid}]`);

/** The pooled line as the Compare page shows it. */
async function pooledOnCompare(context) {
  const { page } = await open(context, `compare${QUERY}`);
  await page.waitForSelector("[data-testid=pooled-text]");
  const pooled = await text(page, "pooled-text");
  await page.close();
  return pooled;
}

for (const path of ["compare", "charts"]) {
  test(`${path}: the report prints alone on one or two A4 pages with the page's pooled result`, async () => {
    const context = await shared.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const pooled = await pooledOnCompare(context);
    const { page, watch } = await open(context, `${path}${QUERY}`);
    await page.waitForSelector("[data-testid=analysis-output] [data-testid=forest-plot], [data-testid=pooled-text]");
    // Headless Chromium stays "printing" after window.print(), and page.pdf then refuses:
    // the dialog is a person's step, so it is recorded instead of opened.
    await page.evaluate(() => {
      window.printed = 0;
      window.print = () => { window.printed += 1; };
    });
    await page.click("[data-testid=print-report]");
    await page.waitForSelector("[data-testid=report]", { state: "attached" });
    assert.equal(await page.waitForFunction(() => window.printed).then((h) => h.jsonValue()), 1, "the print dialog was asked for");
    assert.equal(await page.isVisible("[data-testid=report]"), false, "hidden on screen");

    await page.emulateMedia({ media: "print" });
    assert.ok(await page.isVisible("[data-testid=report]"), "the report is printed");
    assert.equal(await page.isVisible("form.analysis__form"), false, "the form is not printed");
    assert.equal(await page.isVisible("[data-testid=analysis-output]"), false, "nor the page's results");
    assert.equal(await page.isVisible("header.site-header"), false);
    assert.equal(await text(page, "report-pooled"), pooled, "the page's pooled numbers, identical");
    assert.match(await text(page, "report-question"), /^Overall response — Treatment of aGVHD, bone marrow MSCs\. \d+ rows shown of \d+\.$/);
    assert.ok(await page.isVisible("[data-testid=report] [data-testid=forest-plot]"), "the forest plot is printed");
    assert.ok((await page.locator("[data-testid=report-citation]").count()) >= 1, "the studies are cited");
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? [];
    assert.ok(pages.length >= 1 && pages.length <= 2, `the report fits one or two A4 pages, not ${pages.length}`);

    // The next change takes the report away: Ctrl+P then prints the page again.
    await page.emulateMedia({ media: "screen" });
    await page.selectOption("[data-testid=a-ci]", "wilson");
    await page.waitForSelector("[data-testid=report]", { state: "detached" });
    watch.assertClean(assert);
    await context.close();
  });
}

test("Download report (HTML): a self-contained file with the pooled result, no script, nothing fetched", async () => {
  const context = await shared.browser.newContext();
  const pooled = await pooledOnCompare(context);
  const { page, watch } = await open(context, `charts${QUERY}`);
  await page.waitForSelector("[data-testid=forest-plot]");
  const [file] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=download-report]")]);
  assert.equal(file.suggestedFilename(), "msc-hsct-report.html");
  const html = await readFile(await file.path(), "utf8");
  assert.match(html, /^<!doctype html><html lang="en"><head><meta charset="utf-8">/);
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /\s(src|href)="https?:/i);
  assert.ok(html.includes(pooled), "the page's pooled line");
  // Opened on its own it requests nothing and draws the same rows as the page.
  const blank = await context.newPage();
  const alone = watchPage(blank, "null");
  await blank.setContent(html);
  assert.equal(
    await blank.locator("[data-testid=forest-row]").count(),
    await page.locator("[data-testid=analysis-output] [data-testid=forest-row]").count(),
  );
  assert.match(await blank.title(), /^MSC·HSCT report: Overall response — Treatment of aGVHD/);
  alone.assertClean(assert);
  watch.assertClean(assert);
  await context.close();
});
