/** @file The playground site built by Vite, in headless Chromium: every page loads clean and offline, the stepper reveals gradients in order, Train reaches 0.95 on moons. */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import * as chainrule from "../../src/index.js";
import { launchChromium, skipBrowserTests } from "../helpers/chromium.js";
import { serveStatic, type StaticServer } from "../helpers/static-server.js";

/** Screenshots land in the gitignored out/ folder for people to look at. */
const SHOTS = join(process.cwd(), "out", "playground");
const PAGES = ["index", "worksheet", "train", "derive"] as const;

interface Watched {
  page: Page;
  errors: string[];
  offsite: string[];
}

describe.skipIf(skipBrowserTests)("playground site in Chromium", () => {
  let server: StaticServer;
  let browser: Browser;

  async function open(name: string, viewport = { width: 1400, height: 850 }): Promise<Watched> {
    const page = await browser.newPage({ viewport });
    const w: Watched = { page, errors: [], offsite: [] };
    page.on("console", (m) => {
      if (m.type() === "error") w.errors.push(m.text());
    });
    page.on("pageerror", (e) => w.errors.push(String(e)));
    page.on("request", (r) => {
      const url = r.url();
      if (!url.startsWith(`${server.origin}/`) && !url.startsWith(`blob:${server.origin}/`) && !url.startsWith("data:"))
        w.offsite.push(url);
    });
    await page.goto(`${server.origin}/${name}.html`);
    await page.waitForFunction(() => document.getElementById("nav")?.textContent?.includes("Train"));
    return w;
  }

  beforeAll(async () => {
    await build({ configFile: join(process.cwd(), "playground", "vite.config.ts"), logLevel: "error" });
    server = await serveStatic(join(process.cwd(), "site"));
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("loads every page cross-origin isolated, with no console errors and no request off the site", async () => {
    for (const name of PAGES) {
      const w = await open(name);
      if (name === "worksheet")
        await w.page.waitForFunction(() => (window as unknown as { playground?: { ready(): boolean } }).playground?.ready());
      if (name === "train") await w.page.waitForFunction(() => document.getElementById("acc-test")?.textContent !== "–");
      expect(await w.page.evaluate(() => crossOriginIsolated), name).toBe(true);
      const links = await w.page.locator("#nav nav a").allInnerTexts();
      expect(links).toContain("API reference");
      expect(links.includes("Derive"), name).toBe("derive" in chainrule);
      if (name === "index") expect(await w.page.locator("#derive-card").isVisible()).toBe("derive" in chainrule);
      // screenshots for people to look at, and no page may scroll sideways at either size
      for (const viewport of [
        { width: 1400, height: 850 },
        { width: 800, height: 600 },
      ]) {
        await w.page.setViewportSize(viewport);
        await w.page.waitForTimeout(250);
        await w.page.screenshot({ path: join(SHOTS, `${name}-${viewport.width}x${viewport.height}.png`) });
        const overflow = await w.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${name} at ${viewport.width}px scrolls sideways`).toBeLessThanOrEqual(0);
      }
      expect(w.errors, name).toEqual([]);
      expect(w.offsite, name).toEqual([]);
      await w.page.close();
    }
  });

  it("becomes cross-origin isolated on a host that sends no headers, through its service worker", async () => {
    const plain = await serveStatic(join(process.cwd(), "site"), { isolation: false });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${plain.origin}/worksheet.html`);
      // the server sends no COOP/COEP: coi-sw.js registers, then the page reloads once under it with them added
      await page.waitForFunction(() => crossOriginIsolated, undefined, { timeout: 15_000 });
      expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${plain.origin}/coi-sw.js`);
    } finally {
      await context.close();
      await plain.close();
    }
  });

  it("reveals each gradient only once the backward stepper has computed it", async () => {
    const { page, errors } = await open("worksheet");
    type Api = { playground: { ready(): boolean; steps(): number; shown(): string[]; reached(): string[] } };
    await page.waitForFunction(() => (window as unknown as Api).playground.ready());
    const state = () =>
      page.evaluate(() => {
        const api = (window as unknown as Api).playground;
        const visible = Array.from(document.querySelectorAll("#graph g.node[data-grad]"))
          .filter((g) =>
            Array.from(g.querySelectorAll("text")).some(
              (t) => t.getAttribute("fill") === "#c2410c" && getComputedStyle(t).display !== "none",
            ),
          )
          .map((g) => g.id);
        return { shown: api.shown().sort(), reached: api.reached().sort(), visible: visible.sort(), total: api.steps() };
      });
    const before = await state();
    expect(before.visible).toEqual([]);
    expect(before.total).toBe(8); // the seed, then one step per edge that carries a gradient
    await page.click("#next");
    const first = await state();
    // the seed: only the output f (the last node, n9) has its gradient, ∂f/∂f = 1
    expect(first.visible).toEqual(["n9"]);
    expect(first.reached).toEqual(["n9"]);
    let last = first;
    for (let k = 2; k <= before.total; k++) {
      await page.click("#next");
      const s = await state();
      expect(s.visible, `step ${k}`).toEqual(s.reached);
      expect(s.visible.length, `step ${k}`).toBeGreaterThanOrEqual(last.visible.length);
      last = s;
    }
    // W (n1) and b (n4) are the leaves: reached last, after every intermediate
    expect(last.visible).toEqual(expect.arrayContaining(["n1", "n4"]));
    expect(first.visible).not.toContain("n1");
    expect(await page.locator("#step .katex").count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, "worksheet-stepped.png") });

    // the closed form and autodiff agree; a gradient step lowers f
    const cells = await page.locator("#grad-table tbody tr").evaluateAll((rows) =>
      rows.map((r) =>
        Array.from(r.querySelectorAll("td"))
          .slice(1, 3)
          .map((td) => Number(td.textContent)),
      ),
    );
    expect(cells).toHaveLength(9);
    for (const [closed, auto] of cells) expect(Math.abs(closed! - auto!)).toBeLessThan(1e-6);
    const f0 = Number(await page.locator("#f-value").innerText());
    await page.click("#descend");
    await page.waitForFunction((f) => Number(document.getElementById("f-value")!.textContent) < f, f0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.runIf("derive" in chainrule)("derives an expression and checks it at points", async () => {
    const { page, errors } = await open("derive");
    await page.fill("#expr", "x^2 * sin(x)");
    await page.fill("#wrt", "x");
    await page.fill("#at", "x=0.5; x=2");
    await page.click("#go");
    const rows = await page
      .locator("#derive-table tbody tr")
      .evaluateAll((trs) => trs.map((r) => Array.from(r.querySelectorAll("td")).map((td) => td.textContent ?? "")));
    expect(rows).toHaveLength(2);
    for (const [x, symbolic, autodiff] of rows) {
      const v = Number(x!.replace("x = ", ""));
      expect(Number(symbolic)).toBeCloseTo(2 * v * Math.sin(v) + v * v * Math.cos(v), 6);
      expect(Number(autodiff)).toBeCloseTo(Number(symbolic), 6);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("trains moons to at least 0.95 test accuracy within 10 s, and explains a neuron", async () => {
    const { page, errors } = await open("train");
    await page.waitForFunction(() => document.getElementById("acc-test")?.textContent !== "–");
    const t0 = Date.now();
    await page.click("#run");
    await page.waitForFunction(() => Number(document.getElementById("acc-test")!.textContent) >= 0.95, undefined, { timeout: 10_000 });
    const seconds = (Date.now() - t0) / 1000;
    const steps = Number(await page.locator("#steps").innerText());
    console.log(`moons: test accuracy ≥ 0.95 after ${seconds.toFixed(1)} s (${steps} steps)`);
    await page.click("#run"); // pause
    await page.click("#network circle[data-layer='1'][data-unit='0']");
    const rows = await page
      .locator("#neuron-table tbody tr")
      .evaluateAll((trs) => trs.map((r) => Array.from(r.querySelectorAll("td")).map((td) => td.textContent ?? "")));
    expect(rows).toHaveLength(3); // two inputs and the bias
    for (const r of rows.slice(0, 2)) expect(Number(r[3])).toBeCloseTo(Number(r[4]), 3); // Σ over batch of ∂L/∂z·∂z/∂w = autodiff's ∂L/∂w
    await page.screenshot({ path: join(SHOTS, "train-trained.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
