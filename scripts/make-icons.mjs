// Renders the PNG icons of the web app manifest from the SVG icons with Debian's Chromium.
// Run once when an icon changes, then shrink them; the PNGs are committed:
//   node scripts/make-icons.mjs && python3 scripts/shrink_icons.py
import { readFile } from "node:fs/promises";
import { launchBrowser } from "../tests/e2e/support.mjs";

const browser = await launchBrowser();
for (const [svg, size, out] of [
  ["public/icon.svg", 192, "public/icon-192.png"],
  ["public/icon.svg", 512, "public/icon-512.png"],
  ["public/icon-maskable.svg", 512, "public/icon-maskable-512.png"],
]) {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  const markup = await readFile(svg, "utf8");
  await page.setContent(
    `<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${markup}`,
  );
  await page.screenshot({ path: out, omitBackground: true });
  await page.close();
  console.log(`wrote ${out}`);
}
await browser.close();
