// Prints every file of the built app with its raw, gzip and brotli size, and fails when
// the brotli total exceeds the budget: the whole app must stay within 250 KB of compressed
// transfer (PRODUCT.md). Brotli is what browsers accept and static hosts and CDNs send
// (Cloudflare Pages, Netlify, Vercel; nginx/Caddy with precompressed files); the gzip
// total is printed too, for hosts that only gzip.
// Usage: node scripts/size-report.mjs [dist]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const BUDGET_BYTES = 250_000; // 250 KB (decimal kilobytes) of brotli-compressed transfer
// Files a browser loads instead of another, never as well: listed, not added to the total.
const ALTERNATIVES = { "404.html": "a copy of index.html that static hosts serve in its place for deep links" };
const root = process.argv[2] ?? "dist";

function* files(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

const kb = (bytes) => (bytes / 1000).toFixed(1).padStart(8);
const rows = [];
for (const path of files(root)) {
  const data = readFileSync(path);
  rows.push({
    name: relative(root, path),
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
    }).length,
  });
}
if (rows.length === 0) {
  console.error(`size report: no files in ${root}/ (build first)`);
  process.exit(1);
}

const width = Math.max(...rows.map((r) => r.name.length), 5);
console.log(`${"file".padEnd(width)}   raw KB  gzip KB  brotli KB`);
for (const r of rows) {
  console.log(`${r.name.padEnd(width)} ${kb(r.raw)} ${kb(r.gzip)} ${kb(r.brotli)}`);
}
const counted = rows.filter((r) => !(r.name in ALTERNATIVES));
for (const r of rows.filter((r) => r.name in ALTERNATIVES)) {
  console.log(`(${r.name} not added: ${ALTERNATIVES[r.name]})`);
}
const total = counted.reduce(
  (sum, r) => ({ raw: sum.raw + r.raw, gzip: sum.gzip + r.gzip, brotli: sum.brotli + r.brotli }),
  { raw: 0, gzip: 0, brotli: 0 },
);
console.log(`${"TOTAL".padEnd(width)} ${kb(total.raw)} ${kb(total.gzip)} ${kb(total.brotli)}`);
const share = ((100 * total.brotli) / BUDGET_BYTES).toFixed(0);
if (total.brotli > BUDGET_BYTES) {
  console.error(`size budget exceeded: ${total.brotli} B brotli > ${BUDGET_BYTES} B (gzip ${total.gzip} B)`);
  process.exit(1);
}
console.log(`within budget: ${total.brotli} B brotli of ${BUDGET_BYTES} B (${share}%); gzip ${total.gzip} B`);
