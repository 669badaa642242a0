// Builds the workbench page into the Python package: src/warlog/web/static/
// (index.html, assets/app.js, assets/app.css, Leaflet's images, the world-atlas basemap).
// Every asset is local: the page makes no request to another host unless a tile server
// is configured (`warlog serve --tiles`).
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "warlog", "web", "static");
const assets = join(out, "assets");

rmSync(out, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

await build({
  entryPoints: { app: join(here, "src", "main.ts") },
  outdir: assets,
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: true,
  sourcemap: false,
  legalComments: "linked",
  loader: { ".png": "file", ".svg": "file" },
  assetNames: "[name]-[hash]",
  logLevel: "warning",
});

copyFileSync(join(here, "src", "index.html"), join(out, "index.html"));
copyFileSync(
  join(here, "node_modules", "world-atlas", "countries-50m.json"),
  join(assets, "countries-50m.json"),
);
console.log(`built the workbench page into ${out}`);
