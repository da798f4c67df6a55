// Input-to-frame timing on the release build in Debian's Chromium: for each kind of input
// change, the time from the change to the next animation frame after the DOM updated,
// 200 repetitions; prints median and p99, time to first render and the build's size.
// Usage: trunk build --release && node tests/perf/timing.mjs   (not part of the test command:
// a benchmark, not a timed test; figures go to docs/PERFORMANCE.md)
// With 10,000 synthetic studies (a build-time switch, never published):
//   trunk build --release --features synthetic-10k --dist dist-10k && node tests/perf/timing.mjs dist-10k
import { execFileSync } from "node:child_process";
import { appReady, launchBrowser, startServer } from "../e2e/support.mjs";

const REPEATS = 200;
const root = process.argv[2] ? new URL(`../../${process.argv[2]}/`, import.meta.url).pathname : undefined;
const server = await startServer(root ? { root } : {});
const browser = await launchBrowser();
const page = await browser.newPage();

const started = Date.now();
await page.goto(server.url(""));
await appReady(page);
const firstRender = await page.evaluate(() => performance.getEntriesByType("navigation")[0]);
const shell = Date.now() - started;

/** Times `change` (run in the page) until the next frame after `ready` holds. */
async function measure(name, change, ready) {
  const times = await page.evaluate(
    async ({ change, ready, repeats }) => {
      const act = new Function("i", change);
      const check = new Function("i", ready);
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
      const work = [];
      const toFrame = [];
      for (let i = 0; i < repeats; i++) {
        await frame();
        const t0 = performance.now();
        act(i);
        // The update: Leptos runs its effects as microtasks; a macrotask only as a fallback.
        let spins = 0;
        while (!check(i)) {
          if (spins++ < 50) await Promise.resolve();
          else await new Promise((r) => setTimeout(r, 0));
        }
        work.push(performance.now() - t0);
        await frame();
        toFrame.push(performance.now() - t0);
      }
      return { work, toFrame };
    },
    { change, ready, repeats: REPEATS },
  );
  const stats = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return [sorted[Math.floor(sorted.length / 2)], sorted[Math.ceil(sorted.length * 0.99) - 1]];
  };
  const [workMedian, workP99] = stats(times.work);
  const [frameMedian, frameP99] = stats(times.toFrame);
  console.log(
    `${name.padEnd(30)} change→DOM updated: median ${workMedian.toFixed(2)} ms, p99 ${workP99.toFixed(2)} ms;` +
      ` change→next frame: median ${frameMedian.toFixed(2)} ms, p99 ${frameP99.toFixed(2)} ms`,
  );
}

const type = (selector, valueExpr) => `
  const el = document.querySelector('${selector}');
  el.value = ${valueExpr};
  el.dispatchEvent(new Event('input', { bubbles: true }));`;
const select = (selector, valueExpr) => `
  const el = document.querySelector('${selector}');
  el.value = ${valueExpr};
  el.dispatchEvent(new Event('change', { bubbles: true }));`;

await page.fill("[data-testid=start]", "2026-11-25");
await page.fill("[data-testid=weight]", "20");
await measure(
  "calculator: type a weight",
  type("[data-testid=weight]", "String(20 + (i % 50))"),
  `return document.querySelector('[data-testid=per-infusion], #per-infusion')?.parentElement?.querySelector('[data-testid=plan-inputs]')?.textContent.includes('patient of ' + (20 + (i % 50)) + ' kg');`,
);
await measure(
  "calculator: change the dose",
  type("[data-testid=dose]", "(i % 2 ? '2e6' : '1.5 million')"),
  `return document.querySelector('[data-testid=dose-echo]')?.textContent === (i % 2 ? 'Read as 2 × 10⁶ cells/kg' : 'Read as 1.5 × 10⁶ cells/kg')
     && document.querySelector('[data-testid=plan-inputs]')?.textContent.includes(i % 2 ? ', 2 × 10⁶ cells/kg' : ', 1.5 × 10⁶ cells/kg');`,
);
await measure(
  "calculator: switch product",
  select("[data-testid=product-select]", "(i % 2 ? 'temcell' : 'ryoncil')"),
  `return !!document.querySelector('[data-testid=containers]') && document.querySelector('#per-infusion')?.textContent.includes(i % 2 ? 'TEMCELL' : 'Ryoncil');`,
);

await page.goto(server.url("compare"));
await page.waitForSelector("[data-testid=compare-row]");
await measure(
  "compare: change a filter",
  select("[data-testid=a-indication]", "(i % 2 ? 'agvhd_treatment' : '')"),
  `return document.querySelector('[data-testid=row-count]')?.textContent.startsWith(i % 2 ? 'Overall response — Treatment of aGVHD' : 'Overall response — all studies');`,
);
await measure(
  "compare: change the outcome",
  select("[data-testid=a-measure]", "(i % 2 ? 'complete-response' : 'overall-response')"),
  `return document.querySelector('[data-testid=row-count]')?.textContent.startsWith(i % 2 ? 'Complete response' : 'Overall response');`,
);
await measure(
  "compare: sort by a header",
  "document.querySelector('[data-sort=estimate]').click();",
  `return !!document.querySelector('th[aria-sort=' + (i % 2 ? 'descending' : 'ascending') + '] [data-sort=estimate]');`,
);
console.log(`compare: rows in the DOM: ${await page.locator("[data-testid=compare-row]").count()}`);
await page.goto(server.url("charts"));
await page.waitForSelector("[data-testid=forest-plot]");
await measure(
  "charts: switch the chart",
  select("[data-testid=a-chart]", "(i % 2 ? 'dose' : 'forest')"),
  `return !!document.querySelector(i % 2 ? '[data-testid=dose-chart]' : '[data-testid=forest-plot]');`,
);
await page.goto(server.url(""));
await appReady(page);

console.log(`time to first render (navigation start → app shell): ${shell} ms; DOMContentLoaded ${firstRender.domContentLoadedEventEnd.toFixed(0)} ms`);
console.log(execFileSync("node", ["scripts/size-report.mjs", process.argv[2] ?? "dist"]).toString().trim().split("\n").slice(-2).join("\n"));
await browser.close();
await server.close();
