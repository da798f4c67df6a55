// The dataset in the browser: the Studies list and a study's detail (printed text beside
// parsed values, flags, citation), glossary tips on focus, the data-quality report and the
// downloads of the About page.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { appReady, useBrowserAndServer, watchPage } from "./support.mjs";

const STUDIES = JSON.parse(await readFile(new URL("../../data/studies.json", import.meta.url)));
const OUTCOMES = STUDIES.studies.reduce((sum, s) => sum + s.outcomes.length, 0);

const shared = useBrowserAndServer({ prefix: "/msc/" }, { before, after });

test("the list groups every study and opens one with its printed text, values, flags and citation", async () => {
  const page = await shared.browser.newPage();
  const watch = watchPage(page, shared.server.origin);
  await page.goto(shared.server.url("studies"));
  await appReady(page);
  assert.equal(await page.locator(".study-card").count(), STUDIES.studies.length);
  assert.equal(await page.locator("[data-testid=group-agvhd_treatment] .study-card").count(), 19);
  assert.equal(await page.locator("[data-testid=group-gvhd_prevention] .study-card").count(), 8);

  await page.click("[data-testid=study-r42] a");
  await page.waitForFunction(() => document.querySelector("[data-testid=page-title]")?.textContent.startsWith("Liu et al."));
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, "/msc/studies?study=r42");
  assert.equal(await page.textContent("[data-testid=provenance]"), "Table 1, row 2");
  const printedRow = await page.textContent("[data-testid=printed-row] tbody");
  assert.match(printedRow, /3\.6 × 10⁸/);
  const dose = page.locator("[data-testid=field-dose]");
  assert.match(await dose.locator(".parsed").textContent(), /median 3\.6 × 10⁸ cells\/kg/);
  assert.match(await dose.locator(".printed").textContent(), /3\.6 × 10⁸/);
  assert.match(await dose.locator("[data-testid=flag]").textContent(), /Implausible dose per kg/);
  const first = page.locator("[data-testid=outcome-0]");
  assert.match(await first.locator("[data-testid=printed]").textContent(), /Incidence of II–IV aGVHD: 29\.3%/);
  assert.match(await first.locator("[data-testid=flag]").textContent(), /N = 41 or N = 58 would fit/);
  assert.match(await page.textContent("[data-testid=citation]"), /\[42\] Liu Z, Zhang Y, Xiao H/);
  const pubmed = await page.getAttribute("[data-testid=pubmed-link]", "href");
  assert.match(pubmed, /^https:\/\/pubmed\.ncbi\.nlm\.nih\.gov\/\?term=Cotransplantation/);

  await page.goBack();
  await page.waitForSelector("[data-testid=study-r42]");
  assert.equal(new URL(page.url()).search, "");
  watch.assertClean(assert);
  await page.close();
});

test("derived and reconstructed values are labelled; deep links and unknown ids work", async () => {
  const page = await shared.browser.newPage();
  const watch = watchPage(page, shared.server.origin);
  await page.goto(shared.server.url("studies?study=r56"));
  await appReady(page);
  assert.match(await page.textContent("[data-testid=derived]"), /derived overall response \(MSC\): 15 of 25 = 60\.0%/);
  assert.match(await page.textContent("main"), /The response categories add up to 20 patients/);
  await page.goto(shared.server.url("studies?study=r39"));
  await appReady(page);
  assert.match(await page.textContent("[data-testid=outcome-0] [data-testid=value]"), /reconstructed 4\/17/);
  await page.goto(shared.server.url("studies?study=%3Cscript%3E"));
  await appReady(page);
  assert.match(await page.textContent("[data-testid=study-not-found]"), /No study has the id “<script>”/);
  watch.assertClean(assert);
  await page.close();
});

test("abbreviations explain themselves on keyboard focus", async () => {
  const page = await shared.browser.newPage();
  await page.goto(shared.server.url("studies?study=r38"));
  await appReady(page);
  const abbr = page.locator("[data-testid=printed-row] abbr", { hasText: "AML" }).first();
  assert.equal(await abbr.getAttribute("title"), "Acute myelogenous leukemia");
  await abbr.focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab"); // keyboard focus, so :focus-visible applies
  const tip = await abbr.evaluate((el) => getComputedStyle(el, "::after").content);
  assert.equal(tip, '"Acute myelogenous leukemia"');
  await page.close();
});

test("About shows the dataset version, every flag, the glossary, and downloads what it says", async () => {
  const page = await shared.browser.newPage({ acceptDownloads: true });
  const watch = watchPage(page, shared.server.origin);
  await page.goto(shared.server.url("about"));
  await appReady(page);
  assert.equal(await page.textContent("[data-testid=dataset-version]"), STUDIES.version);
  assert.equal(await page.textContent("[data-testid=footer-dataset-version]"), STUDIES.version);
  const total = Number(await page.textContent("[data-testid=flag-total]"));
  assert.ok(total > 0);
  assert.equal(await page.locator("[data-testid=rule] li.flag").count(), total);
  assert.ok((await page.locator("[data-testid=glossary] tbody tr").count()) >= 25);

  const download = async (testid) => {
    const [file] = await Promise.all([page.waitForEvent("download"), page.click(`[data-testid=${testid}]`)]);
    const path = await file.path();
    return { name: file.suggestedFilename(), text: await readFile(path, "utf8") };
  };
  const json = await download("download-studies-json");
  assert.equal(json.name, "msc-hsct-studies.json");
  assert.deepEqual(JSON.parse(json.text), STUDIES, "the bundled file, byte for byte in meaning");
  const csv = await download("download-studies-csv");
  assert.equal(csv.name, "msc-hsct-outcomes.csv");
  const lines = csv.text.trimEnd().split("\n");
  assert.equal(lines.length, OUTCOMES + 1, "a header and one row per outcome");
  assert.match(lines[0], /^study_id,study,refs,indication/);
  const refs = await download("download-references-json");
  assert.equal(JSON.parse(refs.text).length, 89);
  const abbrs = await download("download-abbreviations-json");
  assert.ok(JSON.parse(abbrs.text).some((a) => a.abbr === "aGVHD"));
  watch.assertClean(assert);
  await page.close();
});
