// Trunk post_build hook (also runnable on a built folder: node scripts/post-build.mjs DIR).
// Idempotent. It:
//  1. moves Trunk's inline module loader into a hashed file with the PWA code appended
//     (public/pwa.js), so the Content-Security-Policy needs no inline script;
//  2. adds the Content-Security-Policy and the build version to index.html;
//  3. writes sw.js from public/sw-template.js with the build version and the list of every
//     file of the build, so the precache list is never maintained by hand;
//  4. pre-renders every page (the native `prerender` binary renders each page's default
//     state with the app's own screens): index.html, studies.html, compare.html,
//     charts.html, about.html, and 404.html (the not-found page static hosts serve);
//  1b. joins the stylesheets into one app-<hash>.css (in their order): one render-blocking
//     request instead of seven before the first paint;
//  5. minifies the JavaScript (wasm-bindgen's glue, the loader, the service worker) with
//     terser: Trunk 0.21 does not, and the glue is a tenth of the gzip size budget.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { minify } from "terser";

const root = new URL("..", import.meta.url).pathname;
const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("post-build: no folder (pass one, or run as a Trunk hook)");
  process.exit(1);
}

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  // Trusted Types: a plain string reaches no HTML or script sink; the only policies are
  // the app's markup one (src/web/trusted.rs) and the service worker's URL (pwa.js).
  "require-trusted-types-for 'script'",
  "trusted-types msc-hsct msc-hsct-worker",
].join("; ");

const hash = (data) => createHash("sha256").update(data).digest("hex").slice(0, 16);
const indexPath = join(dir, "index.html");
// A page pre-rendered by an earlier run is taken out first (the hook is idempotent).
const MARK = /\s*<!--prerendered-->[\s\S]*?<!--\/prerendered-->/;
let html = readFileSync(indexPath, "utf8").replace(MARK, "");

// 1. The inline loader becomes boot-<hash>.js.
const inline = html.match(/<script type="module">([\s\S]*?)<\/script>/);
if (inline) {
  const code = `${inline[1].trim()}\n\n${readFileSync(join(root, "public/pwa.js"), "utf8")}`;
  const name = `boot-${hash(code)}.js`;
  writeFileSync(join(dir, name), code);
  html = html.replace(inline[0], `<script type="module" src="./${name}"></script>`);
}
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) {
  console.error("post-build: index.html still has an inline script");
  process.exit(1);
}

// 1b. One stylesheet (idempotent: a build already joined has one link left).
const sheets = [...html.matchAll(/<link rel="stylesheet" href="\.\/([\w.-]+\.css)"[^>]*>\s*/g)];
if (sheets.length > 1) {
  const css = sheets.map((m) => readFileSync(join(dir, m[1]), "utf8").trim()).join("\n");
  const name = `app-${hash(css)}.css`;
  writeFileSync(join(dir, name), css);
  for (const [tag, file] of sheets) {
    unlinkSync(join(dir, file));
    html = html.replace(tag, tag === sheets[0][0] ? `<link rel="stylesheet" href="./${name}">\n    ` : "");
  }
}

// 2. CSP (first thing after the charset, before any resource).
if (!html.includes('http-equiv="Content-Security-Policy"')) {
  html = html.replace(/(<meta charset="utf-8">)/i, `$1\n    <meta http-equiv="Content-Security-Policy" content="${CSP}">`);
}

// The manifest names the SVG icon Trunk wrote with a hashed name (one copy, not two).
const hashedIcon = readdirSync(dir).find((n) => /^icon-[0-9a-f]+\.svg$/.test(n));
const manifestPath = join(dir, "manifest.webmanifest");
if (hashedIcon) {
  writeFileSync(manifestPath, readFileSync(manifestPath, "utf8").replace('"icon.svg"', `"${hashedIcon}"`));
}

// 5 (first, so the version covers the minified files). Idempotent: minifying twice is safe.
for (const name of readdirSync(dir).filter((n) => n.endsWith(".js") && n !== "sw.js")) {
  const path = join(dir, name);
  const result = await minify(readFileSync(path, "utf8"), { module: true, compress: true, mangle: true });
  writeFileSync(path, result.code);
}

// 3. Build version over every file but the generated ones, then sw.js.
function* files(folder) {
  for (const name of readdirSync(folder).sort()) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield relative(dir, path);
  }
}
// 4 (rendered first: its files are generated, not part of the version, which the WASM's
// hash covers — they come from the same code).
let pages;
try {
  const json = execFileSync("cargo", ["run", "--quiet", "--offline", "--bin", "prerender"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  pages = JSON.parse(json);
} catch (error) {
  console.error(`post-build: pre-rendering failed: ${error.message}`);
  process.exit(1);
}
const generated = new Set(["sw.js", ...pages.map((p) => p.file)]);
html = html.replace(/\s*<meta name="build" content="[^"]*">/, "");
const assets = [...files(dir)].filter((f) => !generated.has(f) && f !== "index.html");
const digest = createHash("sha256").update(html.replace(/<title>[^<]*<\/title>/, ""));
for (const file of assets) digest.update(file).update(readFileSync(join(dir, file)));
const version = digest.digest("hex").slice(0, 12);
html = html.replace(/(<meta http-equiv="Content-Security-Policy"[^>]*>)/, `$1\n    <meta name="build" content="${version}">`);
// Each page: the shell with its title and its pre-rendered body (idempotent: a body
// rendered before is replaced).
const shell = html;
for (const page of pages) {
  const escaped = page.title.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const out = shell
    .replace(/<title>[^<]*<\/title>/, `<title>${escaped}</title>`)
    .replace(/<\/body>/, () => `  <!--prerendered-->${page.body}<!--/prerendered-->\n  </body>`);
  writeFileSync(join(dir, page.file), out);
}
const precache = [...pages.map((p) => p.file).filter((f) => f !== "404.html"), ...assets];
const worker = readFileSync(join(root, "public/sw-template.js"), "utf8")
  .replace("__VERSION__", version)
  .replace("__PRECACHE__", JSON.stringify(precache));
writeFileSync(join(dir, "sw.js"), (await minify(worker, { compress: true, mangle: true })).code);

console.log(`post-build: version ${version}, ${pages.length} pages pre-rendered, ${precache.length} files precached`);
