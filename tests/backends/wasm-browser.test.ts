/** @file The wasm backend in headless Chromium: Web Workers over shared memory in a cross-origin-isolated page, one thread without isolation. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, skipBrowserTests } from "../helpers/chromium.js";
import type { Browser } from "playwright-core";

/** Runs in the page: loads the backend, forces the threaded wasm path, compares with the JS reference. */
const ENTRY = `
import { initWasm } from "../../src/backends/wasm/index.js";
import { matmulTuning } from "../../src/backends/wasm/matmul.js";
import { jsBackend } from "../../src/backends/js/index.js";
globalThis.runCheck = async () => {
  const st = await initWasm();
  if (!st) return { loaded: false };
  const ready = await st.pool.whenReady(10000);
  matmulTuning.parallelMinMacs = 0;
  let worst = 0;
  for (const [m, k, n] of [[64, 48, 40], [130, 70, 257], [257, 129, 33]]) {
    const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i));
    const want = new Float32Array(m * n);
    const got = new Float32Array(m * n);
    const args = { a, aOffset: 0, b, bOffset: 0, outOffset: 0, m, k, n, transA: false, transB: true };
    jsBackend.matmul({ ...args, out: want });
    st.backend.matmul({ ...args, out: got });
    for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - got[i]));
  }
  return { loaded: true, isolated: globalThis.crossOriginIsolated === true, shared: typeof SharedArrayBuffer === "function" && st.runtime.memory.buffer instanceof SharedArrayBuffer, threads: st.runtime.threads, ready, worst };
};
`;

describe.skipIf(skipBrowserTests)("wasm backend in Chromium", () => {
  let server: Server;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: ENTRY, resolveDir: import.meta.dirname, loader: "ts", sourcefile: "entry.ts" },
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
    });
    const js = bundle.outputFiles[0]!.text;
    server = createServer((req, res) => {
      const isolate = req.url?.startsWith("/isolated");
      const headers: Record<string, string> = isolate
        ? { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" }
        : {};
      if (req.url?.endsWith(".js")) {
        res.writeHead(200, { ...headers, "content-type": "text/javascript" });
        res.end(js);
      } else {
        res.writeHead(200, { ...headers, "content-type": "text/html" });
        res.end(`<!doctype html><script type="module" src="${isolate ? "/isolated" : ""}/entry.js"></script>`);
      }
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => server?.close(done));
  });

  async function check(path: string): Promise<Record<string, unknown>> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${origin}${path}`);
    await page.waitForFunction(() => typeof (globalThis as { runCheck?: unknown }).runCheck === "function");
    const result = await page.evaluate(() => (globalThis as unknown as { runCheck: () => Promise<Record<string, unknown>> }).runCheck());
    await page.close();
    expect(errors).toEqual([]);
    return result;
  }

  it("splits products across Web Workers over shared memory in a cross-origin-isolated page", async () => {
    const r = await check("/isolated/");
    expect(r).toMatchObject({ loaded: true, isolated: true, shared: true });
    expect(r["threads"] as number).toBeGreaterThanOrEqual(1);
    expect(r["ready"]).toBe((r["threads"] as number) - 1);
    expect(r["worst"] as number).toBeLessThan(1e-3);
  });

  it("falls back to one thread over a plain memory without cross-origin isolation", async () => {
    const r = await check("/");
    expect(r).toMatchObject({ loaded: true, isolated: false, shared: false, threads: 1, ready: 0 });
    expect(r["worst"] as number).toBeLessThan(1e-3);
  });
});
