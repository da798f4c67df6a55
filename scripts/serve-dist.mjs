// Serves a built dist/ on 127.0.0.1 as a static host would: brotli or gzip by the
// request's Accept-Encoding, `/studies` from studies.html, 404.html for the rest, and
// long-lived caching for hashed files. For benchmarks (scripts/lighthouse.sh).
// Usage: node scripts/serve-dist.mjs [dist] [port]
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const root = resolve(process.argv[2] ?? "dist");
const port = Number(process.argv[3] ?? 4173);
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css",
  ".wasm": "application/wasm", ".svg": "image/svg+xml", ".png": "image/png",
  ".webmanifest": "application/manifest+json",
};
const cache = new Map();
async function body(file, encoding) {
  const key = `${file}:${encoding}`;
  if (!cache.has(key)) {
    const data = await readFile(file);
    cache.set(key, encoding === "br"
      ? brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
      : encoding === "gzip" ? gzipSync(data, { level: 9 }) : data);
  }
  return cache.get(key);
}
createServer(async (request, response) => {
  const path = decodeURIComponent(new URL(request.url, "http://x").pathname);
  let file = normalize(join(root, path));
  if (!file.startsWith(root)) return response.writeHead(403).end();
  let status = 200;
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) file = join(file, "index.html");
  else if (!info) {
    const page = `${file}.html`;
    if (await stat(page).catch(() => null)) file = page;
    else { file = join(root, "404.html"); status = 404; }
  }
  const accept = request.headers["accept-encoding"] ?? "";
  const encoding = /\bbr\b/.test(accept) ? "br" : /\bgzip\b/.test(accept) ? "gzip" : "";
  const hashed = /-[0-9a-f]{16}/.test(file);
  response.writeHead(status, {
    "content-type": TYPES[extname(file)] ?? "application/octet-stream",
    "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
    ...(encoding ? { "content-encoding": encoding, vary: "accept-encoding" } : {}),
  });
  response.end(await body(file, encoding));
}).listen(port, "127.0.0.1", () => console.log(`serving ${root} on http://127.0.0.1:${port}/`));
