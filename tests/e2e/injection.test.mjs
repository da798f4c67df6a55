// The injection matrix: every payload against every link parameter of every page (read
// from the pages' own parameter tables: `cargo run --bin prerender -- --params`) and
// against every text field. After each case: no dialog, no element or attribute the app
// did not create, no console error or CSP / Trusted Types violation, no panic banner, and
// the page still shows its header and content. Prints the number of cases run.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { appReady, linkParameters, useBrowserAndServer, watchPage } from "./support.mjs";

const shared = useBrowserAndServer({}, { before, after });
const PARAMS = linkParameters();

// Every HTML payload carries the marker `xss`, so an element or attribute that came from
// a payload is found by it.
const PAYLOADS = [
  `<img src=x onerror=alert(1) data-xss>`,
  `"><svg onload=alert(1) data-xss>`,
  `'><script data-xss>alert(1)</script>`,
  `</title></textarea></script><xss-probe>`,
  `" autofocus onfocus="alert(1)" data-xss="`,
  `javascript:alert(1)`,
  `data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==`,
  `x;background:url(javascript:alert(1));width:expression(alert(1))`,
  `<a href="javascript:alert(1)" data-xss>link</a>`,
  `\u0000\u202e\u2066evil\u2069\u200f`,
  "A".repeat(100_000),
  "9".repeat(1_000_000),
];
// Raw in the URL (not percent-encoded): broken escapes.
const RAW = ["%", "%E0%A4%A", "%00%ZZ%zz%C0%AF", "%uD800"];

async function assertInert(page, watch, dialogs, what) {
  assert.equal(dialogs.length, 0, `${what}: no dialog`);
  const found = await page.evaluate(() => {
    const bad = [];
    for (const el of document.querySelectorAll("*")) {
      if (el.tagName.toLowerCase() === "xss-probe" || el.hasAttribute("data-xss")) bad.push(el.outerHTML.slice(0, 80));
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) bad.push(`${el.tagName} ${a.name}`);
        if (/^\s*(javascript|data):/i.test(a.value) && /^(href|src|action|xlink:href)$/i.test(a.name)) bad.push(`${el.tagName} ${a.name}=${a.value.slice(0, 40)}`);
      }
    }
    for (const s of document.scripts) if (!s.src) bad.push("inline script");
    return bad;
  });
  assert.deepEqual(found, [], `${what}: nothing the app did not create`);
  assert.equal(await page.locator("[data-testid=fatal-error]").count(), 0, `${what}: no panic`);
  assert.ok(await page.getByTestId("brand").isVisible(), `${what}: the header`);
  assert.ok(await page.getByTestId("page-title").first().isVisible(), `${what}: the page`);
  assert.deepEqual(watch.problems, [], `${what}: no console error`);
}

/**
 * A link parameter is either taken (the app prints it back into the address it writes) or
 * refused with a message naming it (in the status line or the link notices).
 */
async function assertSaid(page, name, what) {
  const said = await page
    .waitForFunction(
      (name) => {
        if (new URLSearchParams(location.search).has(name)) return "taken";
        const text = [...document.querySelectorAll("[aria-live], [role=status], [role=alert], [data-testid=link-notices]")]
          .map((e) => e.textContent)
          .join(" ");
        return text.includes(`“${name}”`) || text.includes(`“${name}=`) ? "said" : false;
      },
      name,
      { timeout: 2000, polling: 10 },
    )
    .then((handle) => handle.jsonValue())
    .catch(() => "neither");
  assert.notEqual(said, "neither", `${what}: neither taken nor refused with a message`);
}

test("every payload against every link parameter and every text field", { timeout: 600_000 }, async () => {
  const { browser, server } = shared;
  const page = await browser.newPage();
  const dialogs = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  const watch = watchPage(page, server.origin);
  let cases = 0;
  const started = Date.now();
  for (const [path, names] of PARAMS) {
    // One load per page; each link is then opened in the page as the back button would
    // (History API + popstate), which runs the same link reading without a new start-up.
    await page.goto(server.url(path));
    await appReady(page);
    for (const name of names) {
      for (const value of [...PAYLOADS.map(encodeURIComponent), ...RAW]) {
        const what = `/${path}?${name}=${value.slice(0, 30)}`;
        await page.evaluate((to) => {
          history.pushState(null, "", to);
          dispatchEvent(new PopStateEvent("popstate"));
        }, `${server.url(path)}?${name}=${value}`);
        await page.waitForTimeout(0);
        await assertInert(page, watch, dialogs, what);
        await assertSaid(page, name, what);
        cases += 1;
      }
    }
    // Every text field of the page in its default state, one payload after the other.
    await page.goto(server.url(path));
    await appReady(page);
    const fields = await page
      .locator("main input:not([type]), main input[type=text], main input[type=search], main textarea")
      .evaluateAll((els) => els.filter((e) => e.id && e.getClientRects().length > 0).map((e) => e.id));
    for (const id of fields) {
      for (const payload of PAYLOADS) {
        const field = page.locator(`[id="${id}"]`);
        await field.fill(payload);
        await field.dispatchEvent("change");
        await assertInert(page, watch, dialogs, `/${path} #${id} = ${payload.slice(0, 30)}`);
        // A refused value is said beside its field.
        const refused = await page.evaluate((id) => {
          const field = document.getElementById(id);
          const error = document.getElementById(`${id}-error`);
          return field?.getAttribute("aria-invalid") === "true" && !error?.textContent.trim();
        }, id);
        assert.ok(!refused, `/${path} #${id} = ${payload.slice(0, 30)}: marked invalid without a message`);
        cases += 1;
      }
    }
  }
  // And a few full loads of hostile links, as a first visit opens them.
  for (const [path, names] of PARAMS.filter(([, names]) => names.length)) {
    await page.goto(`${server.url(path)}?${names.map((n) => `${n}=${encodeURIComponent(PAYLOADS[0])}`).join("&")}&${names[0]}=%E0%A4%A`);
    await appReady(page);
    await assertInert(page, watch, dialogs, `first visit of /${path} with every parameter hostile`);
    cases += 1;
  }
  watch.assertClean(assert);
  console.log(`injection matrix: ${cases} payload × input cases, 0 failures, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  assert.ok(cases > 500, `${cases} cases`);
  await page.close();
});
