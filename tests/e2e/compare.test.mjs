// The comparison in the browser: the researcher's question in a few clicks, sorting by
// header, columns, subgroups, leave-one-out, side by side, bad filters, exports that hold
// exactly what is shown, and the share link.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { appReady, chooseOutcome, useBrowserAndServer, watchPage } from "./support.mjs";

const shared = useBrowserAndServer({}, { before, after });

async function open(context, path = "compare") {
  const page = await context.newPage();
  const watch = watchPage(page, shared.server.origin);
  await page.goto(shared.server.url(path));
  await appReady(page);
  await page.waitForSelector("[data-testid=compare-row]");
  return { page, watch };
}

const text = (page, testid) => page.textContent(`[data-testid=${testid}]`);
const rowIds = (page) =>
  page.$$eval("[data-testid=compare-row]", (rows) => rows.map((r) => r.dataset.study));

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text) {
  const records = [[]];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") records.at(-1).push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") records.at(-1).push(field), (field = ""), records.push([]), i++;
    else field += c;
  }
  if (records.at(-1).length === 0 && field === "") records.pop();
  else records.at(-1).push(field);
  return records;
}

async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(`[data-testid=${testid}]`)]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), "utf8") };
}

test("pooled response of bone-marrow MSCs for aGVHD in three choices, with heterogeneity, exported as shown", async () => {
  const context = await shared.browser.newContext();
  const { page, watch } = await open(context);
  assert.equal(await page.inputValue("[data-testid=a-measure]"), "overall-response");
  // The page opens in the outcome's most-studied indication, and its link says so.
  assert.equal(await page.inputValue("[data-testid=a-indication]"), "agvhd_treatment");
  assert.match(await text(page, "row-count"), /^Overall response — Treatment of aGVHD — \d+ of \d+ rows shown/);
  await page.waitForFunction(() => location.search === "?v=2023.1&ind=agvhd_treatment");
  await page.selectOption("[data-testid=a-indication]", "agvhd_treatment");
  await page.selectOption("[data-testid=a-source]", "bone-marrow");
  const ids = await rowIds(page);
  assert.ok(ids.length >= 5, ids.join());
  const estimate = await text(page, "pooled-estimate");
  assert.match(estimate, /^\d+\.\d%$/);
  assert.match(await text(page, "pooled-text"), /I² \d+%, tau² \d\.\d{3}, Q \d+\.\d{2} \(df \d+, p/);
  assert.match(await text(page, "methods"), /^Random-effects meta-analysis of \d+ studies on the logit scale.*tau² by REML/);
  assert.match(await text(page, "row-count"), /^Overall response — Treatment of aGVHD, bone marrow MSCs/);
  assert.equal(new URL(page.url()).search, "?v=2023.1&ind=agvhd_treatment&src=bone-marrow");

  const csv = await download(page, "export-csv");
  assert.equal(csv.name, "msc-hsct-comparison.csv");
  const lines = parseCsv(csv.text);
  assert.equal(lines.length, 1 + ids.length + 1, "header, every row shown, the pooled line");
  const header = lines[0];
  const pooled = lines.at(-1);
  assert.equal(pooled.length, header.length);
  assert.equal(pooled[0], "pooled");
  const csvEstimate = Number(pooled[header.indexOf("estimate_percent")]);
  assert.equal(`${csvEstimate.toFixed(1)}%`, estimate, "the export holds the number shown");
  const json = JSON.parse((await download(page, "export-json")).text);
  assert.equal(json.length, ids.length + 1);
  assert.deepEqual(json.slice(0, -1).map((r) => r.study_id), ids);
  assert.equal(json.at(-1).estimate_percent, csvEstimate);
  watch.assertClean(assert);
  await context.close();
});

test("headers sort and keep focus; columns hide; subgroups, leave-one-out and side by side", async () => {
  const context = await shared.browser.newContext();
  const { page, watch } = await open(context, "compare?ind=agvhd_treatment");
  await page.click("[data-testid=sort-estimate]");
  const estimates = async () =>
    page.$$eval("[data-testid=compare-row] [data-testid=estimate]", (cells) =>
      cells.map((c) => parseFloat(c.textContent)).filter((x) => !Number.isNaN(x)));
  const ascending = await estimates();
  assert.deepEqual(ascending, [...ascending].sort((a, b) => a - b));
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.sort), "estimate", "focus stays on the header");
  await page.keyboard.press("Enter");
  await page.waitForSelector("th[aria-sort=descending] [data-sort=estimate]");
  const descending = await estimates();
  assert.deepEqual(descending, [...ascending].sort((a, b) => b - a));

  const columns = async () => page.$$eval("[data-testid=compare-table] thead th", (ths) => ths.length);
  const before = await columns();
  await page.uncheck("[data-testid=a-col-dose]");
  assert.equal(await columns(), before - 1);
  assert.match(page.url(), /hide=dose/);

  await page.selectOption("[data-testid=a-group]", "source");
  assert.ok((await page.locator("[data-testid=subgroup-row]").count()) >= 2);
  assert.match(await text(page, "subgroup-test"), /Test for subgroup differences.*Q = \d/);
  await page.check("[data-testid=a-loo]");
  const studies = Number((await text(page, "methods")).match(/of (\d+) studies/)[1]);
  assert.equal(await page.locator("[data-testid=loo-row]").count(), studies);

  const wanted = await page.$$eval("[data-testid=compare-row] input[data-pick]", (inputs) =>
    [...new Set(inputs.map((i) => i.dataset.pick))].slice(0, 5));
  for (const id of wanted.slice(0, 4)) await page.check(`input[data-pick="${id}"] >> nth=0`);
  assert.equal(await page.locator("[data-testid=sbs-row]").count() >= 4, true);
  await page.locator(`input[data-pick="${wanted[4]}"]`).first().click();
  assert.match(await text(page, "status"), /At most 4 studies side by side/);
  assert.equal(await page.locator(`input[data-pick="${wanted[4]}"]:checked`).count(), 0);
  await page.check("[data-testid=a-split]");
  assert.ok((await page.locator("[data-testid=compare-table] caption").count()) >= 1);
  watch.assertClean(assert);
  await context.close();
});

test("filters that leave no row or one row, and an unreadable N, say so next to the problem", async () => {
  const context = await shared.browser.newContext();
  const { page, watch } = await open(context);
  await page.fill("[data-testid=a-text]", "no study is called this");
  await page.waitForSelector("[data-testid=no-rows]");
  assert.match(await text(page, "pooled-message"), /nothing to pool/);
  await page.fill("[data-testid=a-text]", "");
  // Overall survival opens in prevention of GVHD, where no row is events / N; across
  // every indication (chosen) one row is.
  await page.selectOption("[data-testid=a-measure]", "overall-survival");
  await page.waitForFunction(() => document.querySelector("#a-indication")?.value === "gvhd_prevention");
  await page.waitForFunction(() => /nothing to pool/.test(document.querySelector("[data-testid=pooled-message]")?.textContent));
  assert.match(await text(page, "left-out"), /^\d+ rows not pooled: \d+ not events \/ N\.$/);
  await page.selectOption("[data-testid=a-indication]", "");
  await page.waitForFunction(() => /Only one study/.test(document.querySelector("[data-testid=pooled-message]")?.textContent));
  assert.match(await text(page, "pooled-message"), /Only one study: its own estimate is shown.*\d+\.\d% \(/);
  await page.fill("[data-testid=a-min-n]", "abc");
  assert.match(await page.textContent("#a-min-n-error"), /“abc” is not a whole number/);
  assert.equal(await page.getAttribute("[data-testid=a-min-n]", "aria-invalid"), "true");
  watch.assertClean(assert);
  await context.close();
});

test("the link reproduces the analysis in a fresh browser; bad links open with notices", async () => {
  const context = await shared.browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const { page } = await open(context);
  await page.selectOption("[data-testid=a-measure]", "complete-response");
  await page.selectOption("[data-testid=a-tau]", "dl");
  await page.check("[data-testid=a-hk]");
  await page.click("[data-testid=sort-n]");
  await page.selectOption("[data-testid=a-group]", "dose");
  await page.click("[data-testid=copy-link]");
  await page.waitForFunction(() => document.querySelector("[data-testid=status]")?.textContent.includes("Link copied"));
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const shown = {
    rows: await rowIds(page),
    pooled: await text(page, "pooled-text"),
    subgroups: await text(page, "subgroups"),
  };
  const fresh = await shared.browser.newContext();
  const other = await fresh.newPage();
  const watch = watchPage(other, shared.server.origin);
  await other.goto(link);
  await appReady(other);
  await other.waitForSelector("[data-testid=compare-row]");
  assert.deepEqual(await rowIds(other), shown.rows);
  assert.equal(await text(other, "pooled-text"), shown.pooled);
  assert.equal(await text(other, "subgroups"), shown.subgroups);
  assert.equal(await other.inputValue("[data-testid=a-tau]"), "dl");
  assert.ok(await other.isChecked("[data-testid=a-hk]"));

  await other.goto(shared.server.url("compare?m=zzz&ind=mars&sort=nope&sel=a,b,c,d,e&v=1999.1&%E0%A4=1&pg=-2"));
  await appReady(other);
  const notices = await text(other, "link-notices");
  assert.match(notices, /“m=zzz” was ignored/);
  assert.match(notices, /“ind=mars” was ignored: expected engraftment, /);
  assert.match(notices, /dataset 1999\.1/);
  assert.ok((await other.locator("[data-testid=compare-row]").count()) > 0, "the page still opens");
  watch.assertClean(assert);
  await fresh.close();
  await context.close();
});

/** Every outcome the form offers: its key and its label as titles show it. */
const outcomes = (page) =>
  page.$$eval("[data-testid=a-measure] option", (options) =>
    options.map((o) => ({ key: o.value, label: o.textContent.replace(/ \(\d+ as events\/N\)$/, "") })));

test("every outcome opens within one indication, the one with the most studies; a mixed selection says so above the pooled result", async () => {
  const context = await shared.browser.newContext();
  const { page, watch } = await open(context);
  const all = await outcomes(page);
  assert.ok(all.length > 10, `${all.length} outcomes`);
  for (const { key, label } of all) {
    await chooseOutcome(page, key);
    const indication = await page.inputValue("[data-testid=a-indication]");
    assert.notEqual(indication, "", `${key} opens within one indication`);
    assert.equal(new URLSearchParams(new URL(page.url()).search).get("ind"), indication, `${key}: the link names it`);
    const name = await page.$eval("[data-testid=a-indication]", (s) => s.selectedOptions[0].textContent);
    await page.waitForFunction(
      (start) => document.querySelector("[data-testid=row-count]")?.textContent.startsWith(start),
      `${label} — ${name}`,
    );
    const notice = (await page.locator("[data-testid=mix-notice]").count()) ? await text(page, "mix-notice") : "";
    assert.doesNotMatch(notice, / indications \(/, `${key}: no mix of indications`);
  }

  // Every indication, chosen: the notice says which diseases the pooled estimate mixes,
  // above the pooled result; rows left out say why, and the pooled block counts them.
  await chooseOutcome(page, "overall-response");
  await page.selectOption("[data-testid=a-indication]", "");
  await page.waitForSelector("[data-testid=mix-notice]");
  assert.match(await text(page, "mix-notice"), /^The pooled rows span \d+ indications \(Treatment of aGVHD, Treatment of cGVHD.*\): the pooled estimate mixes different diseases/);
  assert.ok(
    await page.evaluate(() => {
      const notice = document.querySelector("[data-testid=mix-notice]");
      const pooled = document.querySelector("[data-testid=pooled]");
      return Boolean(notice.compareDocumentPosition(pooled) & Node.DOCUMENT_POSITION_FOLLOWING);
    }),
    "the notice is above the pooled result",
  );
  assert.match(await text(page, "left-out"), /^\d+ rows not pooled: \d+ meta-analys[ie]s, \d+ not events \/ N\.$/);
  const reasons = await page.$$eval("[data-testid=compare-row] [data-testid=unpooled-reason]", (els) => els.map((e) => e.textContent));
  assert.ok(reasons.length >= 1 && reasons.every((r) => r === "not pooled: meta-analysis"), reasons.join());
  assert.equal(new URL(page.url()).search, "?v=2023.1&ind=all");
  // Every indication, chosen, is in the link: it reopens every indication.
  const fresh = await context.newPage();
  await fresh.goto(page.url());
  await appReady(fresh);
  await fresh.waitForSelector("[data-testid=mix-notice]");
  assert.equal(await fresh.inputValue("[data-testid=a-indication]"), "");
  await fresh.close();
  // A chosen indication stays when the outcome changes.
  await page.selectOption("[data-testid=a-indication]", "cgvhd_treatment");
  await chooseOutcome(page, "complete-response");
  assert.equal(await page.inputValue("[data-testid=a-indication]"), "cgvhd_treatment");
  watch.assertClean(assert);
  await context.close();
});

test("links shared before the opening view changed still open every indication", async () => {
  const context = await shared.browser.newContext();
  for (const path of ["compare?v=2023.1", "compare?m=complete-response", "compare?v=2023.1&src=bone-marrow"]) {
    const { page, watch } = await open(context, path);
    assert.equal(await page.inputValue("[data-testid=a-indication]"), "", path);
    assert.match(new URL(page.url()).search, /&ind=all(&|$)/, `${path} now names every indication`);
    watch.assertClean(assert);
    await page.close();
  }
  await context.close();
});
