/** @file Vite config of the playground: four pages built into site/ (beside TypeDoc's site/api), cross-origin isolated. */
import { readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const root = dirname(fileURLToPath(import.meta.url));
const site = resolve(root, "../site");

/** COOP + COEP: the page is cross-origin isolated, so SharedArrayBuffer and the wasm worker threads exist. */
export const isolationHeaders = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

/** Empties site/ before a build except api/, where `npm run docs` writes the API reference. */
function cleanSiteKeepingApi(): Plugin {
  return {
    name: "playground:clean-site-keep-api",
    apply: "build",
    buildStart() {
      let entries: string[] = [];
      try {
        entries = readdirSync(site);
      } catch {
        return;
      }
      for (const e of entries) if (e !== "api") rmSync(join(site, e), { recursive: true, force: true });
    },
  };
}

export default defineConfig({
  root,
  base: "./",
  publicDir: "public",
  plugins: [cleanSiteKeepingApi()],
  build: {
    outDir: site,
    emptyOutDir: false,
    // chainrule compiles its wasm kernels with a top-level await at import
    target: "es2022",
    chunkSizeWarningLimit: 4096,
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        index: resolve(root, "index.html"),
        worksheet: resolve(root, "worksheet.html"),
        train: resolve(root, "train.html"),
        derive: resolve(root, "derive.html"),
      },
    },
  },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
});
