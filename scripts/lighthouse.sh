#!/usr/bin/env bash
# Lighthouse (mobile preset, simulated throttling) on the built dist/, served compressed
# from loopback as a static host would; runs each page RUNS times and prints the median
# scores and metrics. Builds nothing: run `trunk build --release` first. Installs the
# pinned lighthouse into .cache/lighthouse once (npm); uses Debian's Chromium.
# Usage: bash scripts/lighthouse.sh [page ...]   (default: the home page)
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=12.2.3
RUNS=${RUNS:-3}
PORT=${PORT:-4173}
[ -f dist/index.html ] || { echo "lighthouse: build first (trunk build --release)"; exit 1; }
if [ ! -x .cache/lighthouse/node_modules/.bin/lighthouse ]; then
  npm install --silent --no-audit --no-fund --prefix .cache/lighthouse "lighthouse@$VERSION" >/dev/null
fi
node scripts/serve-dist.mjs dist "$PORT" >/dev/null &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 1
PAGES=("$@")
[ ${#PAGES[@]} -gt 0 ] || PAGES=("")
OUT=$(mktemp -d)
for page in "${PAGES[@]}"; do
  for run in $(seq 1 "$RUNS"); do
    CHROME_PATH=/usr/bin/chromium .cache/lighthouse/node_modules/.bin/lighthouse \
      "http://127.0.0.1:$PORT/$page" --quiet --output=json --output-path="$OUT/${page:-home}-$run.json" \
      --chrome-flags="--headless=new --no-sandbox" --form-factor=mobile --throttling-method=simulate >/dev/null 2>&1
  done
done
node - "$OUT" "${PAGES[@]}" <<'JS'
const { readFileSync, readdirSync } = require("node:fs");
const [dir, ...pages] = process.argv.slice(2);
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const page of pages.length ? pages : [""]) {
  const name = page || "home";
  const runs = readdirSync(dir).filter((f) => f.startsWith(`${name}-`)).map((f) => JSON.parse(readFileSync(`${dir}/${f}`)));
  const score = (k) => Math.round(100 * median(runs.map((r) => r.categories[k].score)));
  const metric = (k) => median(runs.map((r) => r.audits[k].numericValue));
  console.log(`/${page}  (median of ${runs.length}, lighthouse ${runs[0].lighthouseVersion}, mobile, simulated throttling)`);
  console.log(`  performance ${score("performance")}, accessibility ${score("accessibility")}, best practices ${score("best-practices")}, SEO ${score("seo")}`);
  console.log(`  LCP ${(metric("largest-contentful-paint") / 1000).toFixed(2)} s, FCP ${(metric("first-contentful-paint") / 1000).toFixed(2)} s, TBT ${metric("total-blocking-time").toFixed(0)} ms, CLS ${metric("cumulative-layout-shift").toFixed(3)}, Speed Index ${(metric("speed-index") / 1000).toFixed(2)} s`);
}
JS
