/** @file The HTML viewer in real headless Chromium: no console errors, no network, click a node, step the backward pass, pan/zoom, screenshot. */
import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, skipBrowserTests } from "../helpers/chromium.js";
import type { Browser, Page } from "playwright-core";
import { nn, randn, toHTML, type Tensor } from "../../src/index.js";
import { worksheetF } from "../graph/fixtures.js";

/** Screenshots land in the gitignored out/ folder for people to look at. */
const SHOTS = join(process.cwd(), "out", "browser");

function mlpLoss(sizes = [2, 3, 1]): Tensor {
  const model = new nn.MLP(sizes, { activation: "tanh", seed: 0 });
  const loss = nn.mseLoss(model.forward(randn([4, 2], { seed: 1 }).named("x")), randn([4, 1], { seed: 2 }).named("y")).named("loss");
  loss.backward();
  return loss;
}

describe.skipIf(skipBrowserTests)("HTML viewer in Chromium", () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let origin: string;
  const errors: string[] = [];
  const offsite: string[] = [];
  const { f, W } = worksheetF();

  beforeAll(async () => {
    const html = await toHTML(f, { title: "Worksheet 2(b): f(W, x, y)" });
    const mlp = await toHTML(mlpLoss(), { title: "MLP" });
    const wide = await toHTML(mlpLoss([2, 4, 4, 1]), { title: "MLP [2, 4, 4, 1]" });
    server = createServer((req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(req.url === "/mlp" ? mlp : req.url === "/wide" ? wide : html);
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("request", (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith("data:")) offsite.push(r.url());
    });
    await page.goto(`${origin}/`);
    await page.waitForSelector("#graph svg g.node");
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => server?.close(done));
  });

  it("loads with no console errors and no requests off the page", () => {
    expect(errors).toEqual([]);
    expect(offsite).toEqual([]);
  });

  it("renders the equations with KaTeX's inlined fonts", async () => {
    const fonts = await page.evaluate(async () => {
      await document.fonts.ready;
      const loaded: string[] = [];
      document.fonts.forEach((ff) => {
        if (ff.status === "loaded") loaded.push(ff.family);
      });
      return loaded;
    });
    expect(fonts).toContain("KaTeX_Main");
    expect(await page.locator(".eqs .katex").count()).toBeGreaterThan(10);
  });

  it("hides every gradient before the backward pass starts, in the picture and in the side panel", async () => {
    expect(await page.locator("#counter").innerText()).toBe("0 / 8");
    expect(await page.locator("#graph g.node text.pending").count()).toBeGreaterThan(5);
    await page.click("#graph g#n1");
    expect(await page.locator("#info").innerText()).toContain("not computed yet");
    expect(await page.locator("#info pre.grad").count()).toBe(0);
  });

  it("shows a node's value and gradient when clicked", async () => {
    await page.keyboard.press("End");
    await page.click("#graph g#n1");
    const info = await page.locator("#info").innerText();
    expect(info).toContain("W");
    expect(info).toContain("[3, 2]");
    const first = Number(W.grad!.data[1]!.toPrecision(4));
    expect(await page.locator("#info pre.grad").innerText()).toContain(String(first));
    expect(await page.locator("#graph g#n1.selected").count()).toBe(1);
  });

  it("reveals a node's gradient at the step that reaches it, not before", async () => {
    await page.keyboard.press("Home");
    expect(await page.locator("#counter").innerText()).toBe("0 / 8");
    const reach = await page.evaluate(() => (window as unknown as { chainrule: { reach(): Record<string, number> } }).chainrule.reach());
    for (const step of [0, 3, 5]) {
      await page.evaluate((s) => (window as unknown as { chainrule: { go(n: number): void } }).chainrule.go(s), step);
      const pending = await page.evaluate(() =>
        Array.from(document.querySelectorAll("#graph g.node text.pending")).map((t) => t.closest("g.node")!.id.replace(/_op$/, "")),
      );
      const shown = await page.evaluate(() =>
        Array.from(document.querySelectorAll("#graph g.node text:not(.pending)"))
          .filter((t) => t.getAttribute("fill") === "#c2410c")
          .map((t) => t.closest("g.node")!.id.replace(/_op$/, "")),
      );
      for (const id of pending) expect(reach[id]).toBeGreaterThan(step);
      for (const id of shown) expect(reach[id]).toBeLessThanOrEqual(step);
      expect(shown.length).toBeGreaterThan(0);
      if (step < 5) expect(pending.length).toBeGreaterThan(0);
    }
    // W (n1) is the last leaf reached: its gradient shows only at the last step
    expect(reach["n1"]).toBe(7);
    await page.keyboard.press("End");
    expect(await page.locator("#counter").innerText()).toBe("8 / 8");
    expect(await page.locator("#graph g.node text.pending").count()).toBe(0);
    await page.keyboard.press("Home");
    expect(await page.locator("#counter").innerText()).toBe("0 / 8");
  });

  it("steps the gradient back from the output, edge by edge", async () => {
    const total = await page.evaluate(() => (window as unknown as { chainrule: { steps(): number } }).chainrule.steps());
    expect(total).toBe(8);
    await page.click("#next");
    expect(await page.locator("#counter").innerText()).toBe("1 / 8");
    expect((await page.locator("#step").innerText()).replace(/\s+/g, " ")).toContain("the seed");
    for (let i = 0; i < 4; i++) await page.click("#next");
    expect(await page.locator("#counter").innerText()).toBe("5 / 8");
    expect(await page.locator("#graph g.edge.lit").count()).toBe(2);
    expect(await page.locator("#graph g.done").count()).toBeGreaterThan(3);
    expect(await page.locator("#info h3").innerText()).toContain("z");
    await page.screenshot({ path: join(SHOTS, "viewer-step.png") });
    await page.click("#last");
    expect(await page.locator("#counter").innerText()).toBe("8 / 8");
    expect(await page.locator("#info h3").innerText()).toContain("W");
    await page.click("#first");
    expect(await page.locator("#counter").innerText()).toBe("0 / 8");
  });

  it("pans and zooms", async () => {
    const box = () => page.evaluate(() => document.querySelector("#graph svg")!.getAttribute("viewBox"));
    await page.click("#fit");
    const before = await box();
    await page.click("#zoom-in");
    const zoomed = await box();
    expect(zoomed).not.toBe(before);
    await page.mouse.move(300, 300);
    await page.mouse.down();
    await page.mouse.move(360, 340);
    await page.mouse.up();
    expect(await box()).not.toBe(zoomed);
    await page.click("#fit");
    expect(await box()).toBe(before);
    // a drag that starts on a node pans too, and does not select it
    await page.click("#first");
    await page.click("#graph g#n8");
    const node = await page.locator("#graph g#n3").boundingBox();
    const selected = await page.locator("#info h3").innerText();
    await page.mouse.move(node!.x + node!.width / 2, node!.y + node!.height / 2);
    await page.mouse.down();
    await page.mouse.move(node!.x + node!.width / 2 + 50, node!.y + node!.height / 2 + 40, { steps: 4 });
    await page.mouse.up();
    expect(await box()).not.toBe(before);
    expect(await page.locator("#info h3").innerText()).toBe(selected);
    await page.click("#fit");
    await page.screenshot({ path: join(SHOTS, "viewer.png") });
    expect(errors).toEqual([]);
  });

  it("opens a module of an MLP: the modules view expands when a Linear layer is clicked", async () => {
    const p = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    const problems: string[] = [];
    p.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    p.on("pageerror", (e) => problems.push(String(e)));
    await p.goto(`${origin}/mlp`);
    await p.waitForSelector("#graph svg g.node");
    expect(await p.locator("#views button.on").innerText()).toBe("modules");
    const module = p.locator("#graph g.node", { hasText: "layers.0 (Linear)" });
    expect(await module.count()).toBe(1);
    // "fit" keeps the text readable, so the first layer starts below the fold: scroll down to it
    const inView = async () => {
      const b = await module.boundingBox();
      return b !== null && b.y > 60 && b.y + b.height < 850;
    };
    await p.mouse.move(400, 400);
    for (let i = 0; i < 20 && !(await inView()); i++) await p.mouse.wheel(0, 200);
    expect(await inView()).toBe(true);
    await module.click();
    expect(await p.locator("#views button.on").innerText()).toBe("expanded");
    expect(await p.locator("#graph g.cluster", { hasText: "layers.0 (Linear)" }).count()).toBe(1);
    expect(await p.locator("#info h3").innerText()).toContain("layers.0");
    await p.screenshot({ path: join(SHOTS, "viewer-mlp.png") });
    expect(problems).toEqual([]);
    await p.close();
  });

  it.each([
    [1400, 850],
    [800, 600],
  ])("fits the forward pass's matrices and every equation into the side panel at %i×%i (wrapped or shrunk)", async (width, height) => {
    const p = await browser.newPage({ viewport: { width, height } });
    await p.goto(`${origin}/wide`);
    await p.waitForSelector("#graph svg g.node");
    await p.evaluate(() => document.fonts.ready);
    await p.waitForFunction(() => document.querySelectorAll(".eqs .katex").length > 10);
    const overflow = await p.evaluate(() => {
      const aside = document.querySelector("aside")!.getBoundingClientRect();
      const boxes = Array.from(document.querySelectorAll<HTMLElement>(".eqs .eq, .eqs .katex-display"));
      return (
        boxes
          // cut off = wider than its box (a wrapped line may end in the blank 0.4em after its = or +), or past the panel
          .filter((e) => {
            const slack = e.classList.contains("eq") ? 0.4 * parseFloat(getComputedStyle(e).fontSize) : 1;
            return e.scrollWidth > e.clientWidth + slack || e.getBoundingClientRect().right > aside.right + 0.5;
          })
          .map((e) => `${e.textContent!.slice(0, 40)}: ${e.clientWidth} < ${e.scrollWidth}`)
      );
    });
    await p.evaluate(() => {
      const aside = document.querySelector("aside")!;
      aside.scrollTop = Array.from(aside.querySelectorAll("h2")).find((h) => h.textContent!.includes("Forward"))!.offsetTop - 40;
    });
    await p.screenshot({ path: join(SHOTS, `viewer-mlp-panel-${width}x${height}.png`) });
    expect(overflow).toEqual([]);
    // the matrices are there, one per layer
    expect(await p.locator(".eqs .mtable").count()).toBeGreaterThanOrEqual(3);
    await p.close();
  });
});
