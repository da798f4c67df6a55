// Charts in the browser: marks per filter, the pooled diamond equal to the table's pooled
// value, keyboard focus with a tooltip, bubbles that open their study, SVG and PNG
// downloads, 360 px, and screenshots saved as artifacts (tests/e2e/artifacts/).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { appReady, chooseOutcome, openPage, useBrowserAndServer, watchPage } from "./support.mjs";

const shared = useBrowserAndServer({}, { before, after });
const ARTIFACTS = new URL("./artifacts/", import.meta.url);
const QUERY = "?ind=agvhd_treatment&src=bone-marrow";

const open = (context, path) => openPage(shared, context, path);

async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(`[data-testid=${testid}]`)]);
  return { name: file.suggestedFilename(), data: await readFile(await file.path()) };
}

test("the forest plot has one mark per study with events/N and the table's pooled diamond", async () => {
  const context = await shared.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, watch } = await open(context, `compare${QUERY}`);
  await page.waitForSelector("[data-testid=compare-row]");
  const withEvents = await page.$$eval("[data-testid=compare-row] [data-testid=events]", (cells) =>
    cells.filter((c) => /^\d+\/\d+$/.test(c.textContent)).length);
  const pooled = await page.textContent("[data-testid=pooled-estimate]");
  const ci = await page.textContent("[data-testid=pooled-ci]");

  await page.click("[data-testid=other-view]");
  await page.waitForSelector("[data-testid=forest-plot]");
  assert.equal(new URL(page.url()).pathname, "/charts");
  assert.equal(await page.locator("[data-testid=forest-row]").count(), withEvents);
  const diamond = await page.textContent("[data-testid=forest-pooled] title");
  assert.ok(diamond.includes(`: ${pooled} (95% CI ${ci.slice(8, -1)})`), `${diamond} vs ${pooled} ${ci}`);
  assert.equal(await page.locator("[data-testid=forest-diamond]").count(), 1);
  assert.match(await page.textContent("#forest-title"), /^Overall response — Treatment of aGVHD, bone marrow MSCs/);

  // Keyboard: every mark takes focus and shows its tooltip.
  await page.focus("[data-testid=forest-row] >> nth=0");
  await page.waitForSelector("[data-testid=chart-tip]:not([hidden])");
  const tip = await page.textContent("[data-testid=chart-tip]");
  assert.equal(tip, await page.textContent("[data-testid=forest-row] >> nth=0 >> title"));
  assert.match(tip, /\d+\/\d+ = \d+\.\d% \(95% CI/);

  // The same information as a table: always there for screen readers, on screen on request.
  assert.equal(await page.locator("[data-testid=chart-table] tbody tr").count(), withEvents + 1);
  assert.match(await page.getAttribute("[data-testid=chart-table]", "class"), /visually-hidden/);
  await page.click("[data-testid=chart-table-toggle]");
  await page.waitForSelector("[data-testid=chart-table-toggle][aria-pressed=true]");
  assert.doesNotMatch(await page.getAttribute("[data-testid=chart-table]", "class"), /visually-hidden/);
  assert.ok(await page.isVisible("[data-testid=chart-table] table"));

  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: new URL("forest-1280.png", ARTIFACTS).pathname, fullPage: true });

  // Subgroups: a block per MSC source, each with its diamond when it pools two studies or more.
  await page.selectOption("[data-testid=a-indication]", "");
  await page.selectOption("[data-testid=a-source]", "");
  await page.selectOption("[data-testid=a-group]", "source");
  await page.waitForSelector("[data-testid=forest-group]");
  assert.ok((await page.locator("[data-testid=forest-group]").count()) >= 2);
  assert.ok((await page.locator("[data-testid=forest-subgroup-diamond]").count()) >= 1);
  assert.equal(await page.locator("[data-testid=forest-diamond]").count(), 1, "and the overall diamond");
  await page.screenshot({ path: new URL("forest-subgroups-1280.png", ARTIFACTS).pathname, fullPage: true });
  watch.assertClean(assert);
  await context.close();
});

test("SVG and PNG downloads are valid files fit for a slide", async () => {
  const context = await shared.browser.newContext();
  const { page, watch } = await open(context, `charts${QUERY}`);
  await page.waitForSelector("[data-testid=forest-plot]");
  const svg = await download(page, "download-svg");
  assert.equal(svg.name, "msc-hsct-forest.svg");
  const text = svg.data.toString("utf8");
  assert.match(text, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(text, /<style>\.forest/);
  // Parsed on a blank page: the app's CSP (rightly) refuses the file's own <style>.
  const blank = await context.newPage();
  const parsed = await blank.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, "image/svg+xml");
    return { error: doc.querySelector("parsererror")?.textContent ?? null, rows: doc.querySelectorAll("[data-testid=forest-row]").length };
  }, text);
  await blank.close();
  assert.equal(parsed.error, null);
  assert.equal(parsed.rows, await page.locator("[data-testid=forest-row]").count());

  const png = await download(page, "download-png");
  assert.equal(png.name, "msc-hsct-forest.png");
  assert.deepEqual([...png.data.subarray(1, 4)], [0x50, 0x4e, 0x47], "a PNG signature");
  const width = png.data.readUInt32BE(16);
  const height = png.data.readUInt32BE(20);
  const svgHeight = Number(await page.getAttribute("[data-testid=forest-plot]", "height"));
  assert.equal(width, 1800, "900 px at 2×");
  assert.equal(height, Math.round(2 * svgHeight));
  await writeFile(new URL("forest-download.png", ARTIFACTS), png.data);
  watch.assertClean(assert);
  await context.close();
});

test("dose-response bubbles open their study by click and by Enter; engraftment dots; 360 px", async () => {
  const context = await shared.browser.newContext({ viewport: { width: 360, height: 800 } });
  const { page, watch } = await open(context, "charts?chart=dose&ind=agvhd_treatment");
  await page.waitForSelector("[data-testid=dose-chart]");
  const bubbles = page.locator("[data-testid=dose-bubble]");
  const count = await bubbles.count();
  const tableRows = await page.locator("[data-testid=chart-table] tbody tr").count();
  assert.ok(count >= 3 && count === tableRows, `${count} bubbles, ${tableRows} table rows`);
  assert.match(await page.textContent("[data-testid=regression]"), /slope -?\d+\.\d{3} on the logit scale per tenfold dose \(95% CI -?\d+\.\d{3} to -?\d+\.\d{3}, p = /);
  assert.equal(await page.locator("[data-testid=dose-line]").count(), 1);
  assert.ok(
    await page.evaluate(() => document.documentElement.scrollWidth <= 360),
    "the page does not scroll sideways; the chart scrolls in its box",
  );
  await page.screenshot({ path: new URL("dose-360.png", ARTIFACTS).pathname, fullPage: true });
  // On one column a link jumps past the long form to the chart.
  await page.click("[data-testid=skip-to-results]");
  await page.waitForFunction(() => {
    // Sub-pixel layout may leave the target a fraction of a pixel above the top.
    const top = document.querySelector("#analysis-output").getBoundingClientRect().top;
    return top > -1 && top < 100;
  });

  const study = await bubbles.first().getAttribute("data-study");
  await bubbles.first().focus();
  await page.keyboard.press("Enter");
  await page.waitForSelector("[data-testid=fields]");
  assert.equal(new URL(page.url()).search, `?study=${study}`);
  await page.goBack();
  await page.waitForSelector("[data-testid=dose-chart]");
  await page.locator("[data-testid=dose-bubble]").first().click();
  await page.waitForSelector("[data-testid=fields]");

  await page.goto(shared.server.url("charts?chart=engraftment"));
  await appReady(page);
  await page.waitForSelector("[data-testid=engraftment-chart]");
  assert.ok((await page.locator("[data-testid=engraftment-dot]").count()) >= 5);
  await page.screenshot({ path: new URL("engraftment-360.png", ARTIFACTS).pathname, fullPage: true });
  watch.assertClean(assert);
  await context.close();
});

test("a chart says what it cannot draw instead of drawing nonsense", async () => {
  const context = await shared.browser.newContext();
  const { page, watch } = await open(context, "charts?q=no-study-matches-this");
  await page.waitForSelector("[data-testid=chart-message]");
  assert.match(await page.textContent("[data-testid=chart-message]"), /nothing to plot/);
  assert.equal(await page.locator("[data-testid=chart] svg").count(), 0);
  await page.click("[data-testid=download-png]");
  await page.waitForFunction(() => document.querySelector("[data-testid=status]")?.textContent.includes("no chart"));
  watch.assertClean(assert);
  await context.close();
});

test("a chart's link reproduces it in a fresh browser, and the Studies and About pages copy their link", async () => {
  const context = await shared.browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const { page } = await open(context, "charts");
  await page.waitForSelector("[data-testid=forest-plot]");
  await page.selectOption("[data-testid=a-chart]", "dose");
  await page.selectOption("[data-testid=a-indication]", "agvhd_treatment");
  await page.selectOption("[data-testid=a-ci]", "wilson");
  await page.waitForSelector("[data-testid=dose-chart]");
  await page.click("[data-testid=copy-link]");
  await page.waitForFunction(() => document.querySelector("[data-testid=status]")?.textContent.includes("Link copied"));
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const regression = await page.textContent("[data-testid=regression]");
  const bubbles = await page.$$eval("[data-testid=dose-bubble]", (els) => els.map((e) => `${e.dataset.study}@${e.getAttribute("cx")},${e.getAttribute("cy")}`));

  const fresh = await shared.browser.newContext();
  const other = await fresh.newPage();
  const watch = watchPage(other, shared.server.origin);
  await other.goto(link);
  await appReady(other);
  await other.waitForSelector("[data-testid=dose-chart]");
  assert.equal(await other.textContent("[data-testid=regression]"), regression);
  assert.deepEqual(
    await other.$$eval("[data-testid=dose-bubble]", (els) => els.map((e) => `${e.dataset.study}@${e.getAttribute("cx")},${e.getAttribute("cy")}`)),
    bubbles,
  );
  watch.assertClean(assert);
  await fresh.close();

  for (const path of ["studies?study=r56", "about"]) {
    await page.goto(shared.server.url(path));
    await appReady(page);
    await page.click("[data-testid=copy-link]");
    await page.waitForFunction(() => document.querySelector("[data-testid=copy-status]")?.textContent.includes("Link copied"));
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shared.server.url(path));
  }
  await context.close();
});

test("every outcome's forest plot opens within one indication; a mixed selection says so; unpooled rows say why", async () => {
  const context = await shared.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, watch } = await open(context, "charts");
  await page.waitForSelector("[data-testid=forest-plot]");
  assert.equal(await page.inputValue("[data-testid=a-indication]"), "agvhd_treatment");
  assert.match(await page.textContent("#forest-title"), /^Overall response — Treatment of aGVHD$/);
  const all = await page.$$eval("[data-testid=a-measure] option", (options) =>
    options.map((o) => ({ key: o.value, label: o.textContent.replace(/ \(\d+ as events\/N\)$/, "") })));
  assert.ok(all.length > 10);
  for (const { key, label } of all) {
    await chooseOutcome(page, key);
    const indication = await page.inputValue("[data-testid=a-indication]");
    assert.notEqual(indication, "", `${key} opens within one indication`);
    const name = await page.$eval("[data-testid=a-indication]", (s) => s.selectedOptions[0].textContent);
    await page.waitForFunction((title) => {
      const plotted = document.querySelector("#forest-title");
      return plotted ? plotted.textContent === title : Boolean(document.querySelector("[data-testid=chart-message]"));
    }, `${label} — ${name}`);
    const notice = (await page.locator("[data-testid=mix-notice]").count()) ? await page.textContent("[data-testid=mix-notice]") : "";
    assert.doesNotMatch(notice, / indications \(/, `${key}: no mix of indications`);
  }

  await chooseOutcome(page, "overall-response");
  await page.selectOption("[data-testid=a-indication]", "");
  await page.waitForSelector("[data-testid=mix-notice]");
  assert.match(await page.textContent("[data-testid=mix-notice]"), /^The pooled rows span \d+ indications \(Treatment of aGVHD, Treatment of cGVHD/);
  assert.ok(
    await page.evaluate(() => {
      const notice = document.querySelector("[data-testid=mix-notice]");
      const plot = document.querySelector("[data-testid=forest-plot]");
      return Boolean(notice.compareDocumentPosition(plot) & Node.DOCUMENT_POSITION_FOLLOWING);
    }),
    "the notice is above the plot and its pooled diamond",
  );
  assert.match(await page.textContent("[data-testid=left-out]"), /^\d+ rows? not pooled: /);
  const reasons = await page.$$eval("[data-testid=forest-reason]", (els) => els.map((e) => e.textContent));
  assert.ok(reasons.length >= 1 && reasons.every((r) => r === "not pooled: meta-analysis"), reasons.join());
  assert.match(
    await page.textContent("[data-testid=forest-row]:has([data-testid=forest-reason]) title"),
    /, not pooled: meta-analysis$/,
  );
  assert.equal(
    await page.locator("[data-testid=forest-row]:has([data-testid=forest-reason]) circle.forest__unpooled").count(),
    reasons.length,
    "the reason stands beside each open circle",
  );
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: new URL("forest-mixed-1280.png", ARTIFACTS).pathname, fullPage: true });

  // The engraftment chart pools nothing: opened without a chosen indication it shows every one.
  await page.goto(shared.server.url("charts"));
  await appReady(page);
  await page.selectOption("[data-testid=a-chart]", "engraftment");
  await page.waitForSelector("[data-testid=engraftment-chart]");
  assert.equal(await page.inputValue("[data-testid=a-indication]"), "");
  assert.ok((await page.locator("[data-testid=engraftment-dot]").count()) >= 5);
  await page.selectOption("[data-testid=a-chart]", "forest");
  await page.waitForSelector("[data-testid=forest-plot]");
  assert.equal(await page.inputValue("[data-testid=a-indication]"), "agvhd_treatment");
  watch.assertClean(assert);
  await context.close();
});

test("at 1280 px the forest plot fits its box with every estimate in view; on a phone it scrolls in its box", async () => {
  const context = await shared.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, watch } = await open(context, `charts${QUERY}`);
  await page.waitForSelector("[data-testid=forest-plot]");
  const fit = () => page.$eval("[data-testid=chart]", (box) => {
    const edge = box.getBoundingClientRect();
    const texts = [...box.querySelectorAll("[data-testid=forest-row] [data-testid=forest-estimate], [data-testid=forest-pooled] [data-testid=forest-estimate]")];
    return {
      scrollWidth: box.scrollWidth,
      clientWidth: box.clientWidth,
      rows: box.querySelectorAll("[data-testid=forest-row]").length,
      texts: texts.map((t) => {
        const r = t.getBoundingClientRect();
        return { text: t.textContent, inside: r.width > 0 && r.left >= edge.left && r.right <= edge.right + 0.5 };
      }),
    };
  });
  const wide = await fit();
  assert.ok(wide.scrollWidth <= wide.clientWidth, `no sideways scroll: ${wide.scrollWidth} > ${wide.clientWidth}`);
  assert.equal(wide.texts.length, wide.rows + 1, "an estimate per row and the pooled row");
  for (const { text, inside } of wide.texts) {
    assert.match(text, /^\d+\.\d% \(\d+\.\d–\d+\.\d\)$/);
    assert.ok(inside, `${text} is in view`);
  }
  assert.match(await page.textContent("[data-testid=forest-note] >> nth=0"), /^Heterogeneity: I² \d+%, tau² \d+\.\d{3}, Q \d+\.\d{2} \(df \d+, p [=<] /);
  const weights = await page.$$eval("[data-testid=forest-weight]", (els) => els.map((e) => parseFloat(e.textContent)));
  assert.ok(Math.abs(weights.reduce((a, b) => a + b, 0) - 100) <= 0.1, weights.join());
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: new URL("forest-fit-1280.png", ARTIFACTS).pathname, fullPage: true });

  await page.setViewportSize({ width: 360, height: 800 });
  await page.waitForFunction(() => document.querySelector("[data-testid=chart]").scrollWidth > document.querySelector("[data-testid=chart]").clientWidth);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), "the page does not scroll sideways at 360 px");
  watch.assertClean(assert);
  await context.close();
});
