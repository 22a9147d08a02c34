/** @file A page trains a small MLP on WebGPU in headless Chromium (--enable-unsafe-webgpu: SwiftShader) and reads its loss asynchronously. */
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import { CHROMIUM, skipBrowserTests } from "../helpers/chromium.js";
import { serveStatic } from "../helpers/static-server.js";

const ROOT = process.cwd();

/** The page's program: an MLP trained 20 SGD steps on webgpu, its losses read with dataAsync, and a synchronous read's error. */
const APP = `
import { setBackend, getBackend, nn, optim, randn } from ${JSON.stringify(join(ROOT, "dist", "src", "index.js"))};
async function main() {
  await setBackend("webgpu");
  const net = new nn.MLP([8, 32, 3], { seed: 1 });
  const x = randn([16, 8], { seed: 2 });
  const y = Array.from({ length: 16 }, (_, i) => i % 3);
  const opt = new optim.SGD(net.parameters(), { lr: 0.2, momentum: 0.9 });
  const losses = [];
  for (let s = 0; s < 20; s++) {
    opt.zeroGrad();
    const loss = nn.crossEntropy(net.forward(x), y);
    loss.backward();
    opt.step();
    if (s % 5 === 0 || s === 19) losses.push((await loss.dataAsync())[0]);
  }
  let syncError = "";
  try { net.forward(x).sum().item(); } catch (e) { syncError = String(e.message); }
  return { backend: getBackend(), losses, syncError };
}
main().then((r) => (window.result = r), (e) => (window.result = { error: String(e && e.stack || e) }));
`;

describe.skipIf(skipBrowserTests)("webgpu in a page (headless Chromium, --enable-unsafe-webgpu)", () => {
  let browser: Browser | undefined;
  let work = "";
  afterAll(async () => {
    await browser?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("trains an MLP on navigator.gpu: the loss falls, read with await loss.dataAsync()", async () => {
    if (!existsSync(join(ROOT, "dist", "src", "index.js"))) throw new Error("dist/ is missing: run npm run build first (npm test does).");
    work = await mkdtemp(join(tmpdir(), "chainrule-webgpu-page-"));
    await writeFile(join(work, "app.js"), APP);
    const res = await build({
      entryPoints: [join(work, "app.js")],
      bundle: true,
      platform: "browser",
      format: "esm",
      outfile: join(work, "site", "app.js"),
      logLevel: "silent",
    });
    expect(res.errors).toEqual([]);
    await writeFile(join(work, "site", "index.html"), `<!doctype html><script type="module" src="./app.js"></script>`);
    const site = await serveStatic(join(work, "site"));
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--enable-unsafe-webgpu"] });
      const page = await browser.newPage();
      await page.goto(`${site.origin}/`);
      await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, null, { timeout: 90_000 });
      const result = (await page.evaluate(() => (window as unknown as { result: unknown }).result)) as {
        error?: string;
        backend: string;
        losses: number[];
        syncError: string;
      };
      expect(result.error).toBeUndefined();
      expect(result.backend).toBe("webgpu");
      expect(result.losses.every(Number.isFinite)).toBe(true);
      expect(result.losses[result.losses.length - 1]!).toBeLessThan(result.losses[0]! * 0.7);
      expect(result.syncError).toMatch(/await t\.dataAsync\(\)/);
    } finally {
      await site.close();
    }
  });
});
