// Prints every file of the built app with its raw, gzip and brotli size, and fails when
// either total exceeds its budget: 300,000 B brotli (what browsers accept and most CDNs
// send) and 360,000 B gzip (GitHub Pages and other hosts send gzip only). The budget was
// restated for this round's features (issue 13); pre-rendered HTML counts.
// Usage: node scripts/size-report.mjs [dist]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const BUDGET = { brotli: 300_000, gzip: 360_000 }; // decimal bytes of compressed transfer
// Files a browser loads instead of another, never as well: listed, not added to the total.
const ALTERNATIVES = { "404.html": "the not-found page, which static hosts serve only for paths that are no page" };
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
let over = false;
for (const kind of ["brotli", "gzip"]) {
  const share = ((100 * total[kind]) / BUDGET[kind]).toFixed(0);
  if (total[kind] > BUDGET[kind]) {
    console.error(`size budget exceeded: ${total[kind]} B ${kind} > ${BUDGET[kind]} B`);
    over = true;
  } else {
    console.log(`within budget: ${total[kind]} B ${kind} of ${BUDGET[kind]} B (${share}%)`);
  }
}
if (over) process.exit(1);
