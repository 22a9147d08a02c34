/** @file A page app that imports "chainrule", bundled with esbuild and with Vite (no configuration), trains, draws and builds the viewer in Chromium. */
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { build as esbuild } from "esbuild";
import { build as viteBuild } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium, skipBrowserTests } from "../helpers/chromium.js";
import type { AppResult } from "./bundle-app/app.js";

const ROOT = process.cwd();
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };

/** Serves `dir` with the headers that make a page cross-origin isolated (SharedArrayBuffer, so wasm threads). */
async function serve(dir: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    const file = join(dir, path.endsWith("/") ? `${path}index.html` : path);
    readFile(file).then(
      (body) => {
        res.writeHead(200, {
          "content-type": TYPES[extname(file)] ?? "application/octet-stream",
          "cross-origin-opener-policy": "same-origin",
          "cross-origin-embedder-policy": "require-corp",
        });
        res.end(body);
      },
      () => {
        res.writeHead(404);
        res.end();
      },
    );
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Every file under `dir`, as paths relative to it. */
async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

describe.skipIf(skipBrowserTests)("chainrule bundled for the browser, run in Chromium", () => {
  let work: string;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(join(ROOT, "dist", "src", "index.js"))) throw new Error("dist/ is missing: run npm run build first (npm test does).");
    // A project of its own: the app, its page, and chainrule installed (linked) in node_modules, as a user has it.
    work = await mkdtemp(join(tmpdir(), "chainrule-bundle-"));
    await cp(join(ROOT, "tests", "browser", "bundle-app"), join(work, "app"), { recursive: true });
    await mkdir(join(work, "app", "node_modules"));
    await symlink(ROOT, join(work, "app", "node_modules", "chainrule"), "dir");
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** Loads the built app, waits for its report, and checks the console and the network. */
  async function run(dir: string): Promise<AppResult> {
    const { server, origin } = await serve(dir);
    const page = await browser.newPage();
    const errors: string[] = [];
    const offsite: string[] = [];
    let workers = 0;
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("request", (r) => {
      if (!r.url().startsWith(origin) && !/^(data|blob|about):/.test(r.url())) offsite.push(r.url());
    });
    page.on("worker", () => workers++);
    try {
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => (window as { appResult?: unknown }).appResult !== undefined, null, { timeout: 60_000 });
      const result = await page.evaluate(() => (window as unknown as { appResult: AppResult }).appResult);
      expect(result.error).toBeUndefined();
      expect(errors).toEqual([]);
      expect(offsite).toEqual([]);
      expect(result.isolated).toBe(true);
      // the wasm backend's threads run as Web Workers in a cross-origin-isolated page
      expect(result.backend).toBe("wasm");
      if ((await page.evaluate(() => navigator.hardwareConcurrency)) > 1) expect(workers).toBeGreaterThan(0);
      return result;
    } finally {
      await page.close();
      await new Promise((done) => server.close(done));
    }
  }

  function checkApp(r: AppResult): void {
    expect(r.losses.at(-1)!).toBeLessThan(r.losses[0]! / 4);
    expect(r.svg).toMatch(/^<\?xml|<svg/);
    expect(r.svg).toContain("loss");
    expect(r.html.startsWith("<!doctype html>")).toBe(true);
    expect(r.html).toContain("data:font/woff2;base64,");
    expect(r.viewerNodes).toBeGreaterThan(3);
    expect(r.restored).toBe(true);
    expect(r.bytes).toBeGreaterThan(200);
    expect(r.saveError).toMatch(/files by path need Node.*modelToBytes/);
  }

  it("esbuild --bundle --platform=browser (ESM, no externals) bundles it, and it runs", async () => {
    const out = join(work, "esbuild");
    const res = await esbuild({
      entryPoints: [join(work, "app", "app.ts")],
      bundle: true,
      platform: "browser",
      format: "esm",
      outfile: join(out, "app.js"),
      logLevel: "silent",
    });
    expect(res.errors).toEqual([]);
    const js = await readFile(join(out, "app.js"), "utf8");
    expect(js).not.toMatch(/(from|import\()\s*["']node:/);
    const page = await readFile(join(work, "app", "index.html"), "utf8");
    await writeFile(join(out, "index.html"), page.replace("./app.ts", "./app.js"));
    checkApp(await run(out));
  });

  it("vite build (no config file) bundles it, splits off drawing, and it runs", async () => {
    const out = join(work, "vite");
    await viteBuild({ root: join(work, "app"), configFile: false, logLevel: "silent", build: { outDir: out, emptyOutDir: true } });
    const built = await files(out);
    expect(built).toContain("index.html");
    // KaTeX and Graphviz are loaded on first use, so they land in chunks of their own
    expect(built.filter((f) => f.endsWith(".js")).length).toBeGreaterThan(2);
    for (const f of built.filter((f) => f.endsWith(".js")))
      expect(await readFile(join(out, f), "utf8")).not.toMatch(/(from|import\()\s*["']node:/);
    checkApp(await run(out));
  });
});
