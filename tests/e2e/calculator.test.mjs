// The dose calculator in the browser: outputs by data-testid, the dose echo, kg/lb,
// warnings that appear and go, bad input, copying the plan, and the printed page.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { appReady, useBrowserAndServer, watchPage } from "./support.mjs";

const shared = useBrowserAndServer({}, { before, after });

async function open(context) {
  const page = await context.newPage();
  const watch = watchPage(page, shared.server.origin);
  await page.goto(shared.server.url(""));
  await appReady(page);
  await page.fill("[data-testid=start]", "2026-11-25");
  return { page, watch };
}

const text = (page, testid) => page.textContent(`[data-testid=${testid}]`);

test("a 23.4 kg child on Ryoncil: totals, calendar, echo, and kg/lb", async () => {
  const context = await shared.browser.newContext();
  const { page, watch } = await open(context);
  assert.match(await text(page, "results-empty"), /Enter the patient's weight/);
  await page.fill("[data-testid=weight]", "23.4");
  assert.equal(await text(page, "cells-per-infusion"), "4.68 × 10⁷ cells");
  assert.equal(await text(page, "containers"), "2 vials");
  assert.equal(await text(page, "volume"), "7.01 mL");
  assert.equal(await text(page, "cells-left"), "3.97 × 10⁶ cells");
  assert.equal(await page.locator("[data-testid=infusion]").count(), 8);
  assert.match(await text(page, "assessment"), /Tue 22 Dec 2026/);
  assert.match(await text(page, "placement-summary"), /79th percentile/);

  for (const [typed, echo] of [["2×10⁶", "2 × 10⁶"], ["2 million", "2 × 10⁶"], ["1.5M", "1.5 × 10⁶"], ["2,000,000", "2 × 10⁶"]]) {
    await page.fill("[data-testid=dose]", typed);
    assert.equal(await text(page, "dose-echo"), `Read as ${echo} cells/kg`, typed);
  }
  await page.fill("[data-testid=dose]", "2e6");

  await page.selectOption("[data-testid=weight-unit]", "lb");
  assert.equal(await page.inputValue("[data-testid=weight]"), "51.59");
  assert.equal(await text(page, "weight-echo"), "= 23.4 kg");
  assert.equal(await text(page, "cells-per-infusion"), "4.68 × 10⁷ cells", "the plan keeps the kg");
  await page.selectOption("[data-testid=weight-unit]", "kg");
  assert.equal(await page.inputValue("[data-testid=weight]"), "23.4");
  watch.assertClean(assert);
  await context.close();
});

test("warnings appear with their reason and go; bad input shows no stale numbers", async () => {
  const context = await shared.browser.newContext();
  const { page, watch } = await open(context);
  await page.fill("[data-testid=weight]", "20");
  await page.fill("[data-testid=dose]", "5e6");
  assert.match(await text(page, "warning-DoseAboveLabel"), /above the labelled 2 × 10⁶ cells\/kg of Ryoncil/);
  assert.match(await text(page, "warning-DoseOutsideStudied"), /above every dose studied/);
  await page.fill("[data-testid=dose]", "2e6");
  assert.equal(await page.locator("[data-testid=warnings]").count(), 0);

  await page.fill("[data-testid=weight]", "70,5");
  assert.equal(await text(page, "weight-error"), "Use a point for decimals: 70.5.");
  assert.equal(await page.getAttribute("[data-testid=weight]", "aria-invalid"), "true");
  assert.equal(await page.locator("[data-testid=cells-per-infusion]").count(), 0, "no stale result");
  assert.match(await text(page, "results-empty"), /Fix the highlighted fields/);
  for (const [typed, message] of [["-5", /cannot be negative/], ["0", /more than zero/], ["abc", /is not a number/], ["9000", /outside what this calculator accepts/], ["NaN", /finite/], ["150 lb", /switch the unit to lb/]]) {
    await page.fill("[data-testid=weight]", typed);
    assert.match(await text(page, "weight-error"), message, typed);
  }
  await page.fill("[data-testid=weight]", "70.5");
  assert.equal(await text(page, "weight-error"), "");
  assert.equal(await page.getAttribute("[data-testid=weight]", "aria-invalid"), "false");
  assert.equal(await text(page, "cells-per-infusion"), "1.41 × 10⁸ cells");
  watch.assertClean(assert);
  await context.close();
});

test("Obnitix by weight band, TEMCELL dilution, a custom product, and a closest-study link", async () => {
  const context = await shared.browser.newContext();
  const { page, watch } = await open(context);
  await page.fill("[data-testid=weight]", "95");
  await page.selectOption("[data-testid=age]", "adult");
  await page.selectOption("[data-testid=product-select]", "obnitix");
  // The weight band's bags are the dose: no dose field, the effective dose instead.
  assert.equal(await page.isVisible("[data-testid=dose]"), false);
  assert.match(await text(page, "dose-effective"), /^1\.26 × 10⁶ cells\/kg: 2 × Obnitix 60/);
  assert.equal(await text(page, "containers"), "2 × Obnitix 60 (6 × 10⁷ cells each)");
  assert.equal(await text(page, "cells-per-infusion"), "1.2 × 10⁸ cells");
  assert.equal(await text(page, "cells-left"), "none: the whole content is infused");
  assert.equal(await page.locator("[data-testid=infusion]").count(), 4);
  await page.fill("[data-testid=weight]", "121");
  assert.match(await text(page, "results-empty"), /outside the label's weight bands/);

  await page.fill("[data-testid=weight]", "70");
  await page.selectOption("[data-testid=product-select]", "temcell");
  await page.fill("[data-testid=dose]", "2e6");
  assert.equal(await text(page, "containers"), "2 bags");
  assert.equal(await text(page, "volume"), "21 mL");
  assert.equal(await text(page, "diluted-volume"), "56 mL");

  await page.selectOption("[data-testid=product-select]", "custom");
  assert.ok(await page.isVisible("[data-testid=custom-cells]"));
  await page.fill("[data-testid=custom-cells]", "50 million");
  await page.fill("[data-testid=custom-ml]", "10");
  await page.fill("[data-testid=infusions]", "3");
  assert.equal(await text(page, "containers"), "3 containers");
  assert.equal(await page.locator("[data-testid=infusion]").count(), 3);

  await page.click("[data-testid=closest] a >> nth=0");
  await page.waitForSelector("[data-testid=fields]");
  assert.match(new URL(page.url()).search, /^\?study=/);
  watch.assertClean(assert);
  await context.close();
});

test("the plan copies as text and prints on one A4 page", async () => {
  const context = await shared.browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const { page, watch } = await open(context);
  await page.fill("[data-testid=weight]", "23.4");
  await page.click("[data-testid=copy-plan]");
  await page.waitForFunction(() => document.querySelector("[data-testid=copy-status]")?.textContent.includes("copied"));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^MSC·HSCT dose plan — decision support, not a prescription\nProduct: Ryoncil\nWeight: 23\.4 kg/);
  assert.match(copied, /Day-28 assessment — Tue 22 Dec 2026/);

  await page.emulateMedia({ media: "print" });
  assert.equal(await page.isVisible("form.calc-form"), false, "the form is not printed");
  assert.equal(await page.isVisible("header.site-header"), false);
  assert.ok(await page.isVisible("[data-testid=print-citation]"), "the review is cited on paper");
  assert.match(await text(page, "print-citation"), /Lin T, Yang Y, Chen X\. A review of the application/);
  assert.ok(await page.isVisible("[data-testid=product] .muted"), "the product's source is printed");
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? [];
  assert.equal(pages.length, 1, "the plan with its citations fits one A4 page");
  watch.assertClean(assert);
  await context.close();
});

test("the link reproduces the plan in a fresh browser; typing replaces history; bad links open with notices", async () => {
  const context = await shared.browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const { page, watch } = await open(context);
  await page.goto(shared.server.url("about"));
  await page.click("[data-testid=nav-calculator]");
  await page.waitForSelector("[data-testid=weight]");
  await page.fill("[data-testid=start]", "2026-11-25");
  await page.fill("[data-testid=weight]", "95");
  await page.selectOption("[data-testid=age]", "adult");
  await page.fill("[data-testid=dose]", "1 million");
  await page.selectOption("[data-testid=product-select]", "obnitix");
  const expected = {
    cells: await text(page, "cells-per-infusion"),
    containers: await text(page, "containers"),
    calendar: await text(page, "calendar"),
  };
  await page.click("[data-testid=copy-link]");
  await page.waitForFunction(() => document.querySelector("[data-testid=copy-status]")?.textContent.includes("Link copied"));
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(link, page.url());
  assert.match(new URL(link).search, /^\?v=2023\.1&w=95/);

  await page.goBack();
  await page.waitForFunction(() => document.querySelector("[data-testid=page-title]")?.textContent === "About", null, { timeout: 5000 });

  const fresh = await shared.browser.newContext();
  const other = await fresh.newPage();
  const otherWatch = watchPage(other, shared.server.origin);
  await other.goto(link);
  await appReady(other);
  assert.equal(await other.inputValue("[data-testid=weight]"), "95");
  assert.equal(await other.inputValue("[data-testid=dose]"), "1 million");
  assert.equal(await text(other, "cells-per-infusion"), expected.cells);
  assert.equal(await text(other, "containers"), expected.containers);
  assert.equal(await text(other, "calendar"), expected.calendar);

  await other.goto(shared.server.url("?v=1999.1&w=70&u=stone&p=aspirin&zz=%ZZ"));
  await appReady(other);
  const notices = await text(other, "link-notices");
  assert.match(notices, /dataset 1999\.1/);
  assert.match(notices, /“u=stone” was ignored/);
  assert.match(notices, /“p=aspirin” was ignored/);
  assert.match(notices, /unknown parameter “zz”/);
  assert.equal(await text(other, "cells-per-infusion"), "1.4 × 10⁸ cells", "the usable parameters still apply");
  otherWatch.assertClean(assert);
  watch.assertClean(assert);
  await fresh.close();
  await context.close();
});
