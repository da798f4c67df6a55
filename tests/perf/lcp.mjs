// Largest Contentful Paint as the browser reports it, under real throttling (150 ms
// latency, 200 kB/s, CPU x4) rather than Lighthouse's simulation: for each page, every
// `largest-contentful-paint` entry (time, size, element, whether it is still in the
// page), first contentful paint, and when the app had taken the page over.
// Usage: trunk build --release && node tests/perf/lcp.mjs
import { launchBrowser, startServer } from "../e2e/support.mjs";

const server = await startServer();
const browser = await launchBrowser();
for (const path of ["", "studies", "compare", "charts", "about"]) {
  const page = await browser.newPage({ viewport: { width: 412, height: 823 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 100_000,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await page.addInitScript(() => {
    window.__lcp = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const what = e.element ? `<${e.element.tagName.toLowerCase()} class="${e.element.className}">` : "?";
        window.__lcp.push({ e, what, at: Math.round(e.startTime) });
      }
    }).observe({ type: "largest-contentful-paint", buffered: true });
  });
  await page.goto(server.url(path));
  await page.waitForFunction(() => document.documentElement.dataset.app === "ready", null, { polling: 5, timeout: 60_000 });
  const ready = await page.evaluate(() => Math.round(performance.now()));
  await page.waitForTimeout(1000);
  const report = await page.evaluate(() => ({
    fcp: Math.round(performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN),
    // The browser forgets the element of an entry once it leaves the page.
    lcp: window.__lcp.map(({ e, what, at }) => `${at} ms, ${e.size} px², ${what}, ${e.element?.isConnected ? "still shown" : "since replaced"}`),
  }));
  console.log(`/${path}: FCP ${report.fcp} ms, taken over by ${ready} ms; LCP entries: ${report.lcp.join("; ")}`);
  await page.close();
}
await browser.close();
await server.close();
