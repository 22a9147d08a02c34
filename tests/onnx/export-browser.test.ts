/** @file exportOnnx in headless Chromium: the browser bundle has no Node built-ins and writes the same bytes as Node. */
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportOnnx, nn, tensor } from "../../src/index.js";
import { launchChromium, skipBrowserTests } from "../helpers/chromium.js";

const MODEL = `new nn.Sequential(new nn.Linear(3, 8, { seed: 1 }), new nn.GELU(), new nn.Dropout(0.2), new nn.Linear(8, 2, { seed: 2 }), new nn.Softmax())`;
const ENTRY = `
// the export path only (the package's full entry also carries Node-only file helpers behind dynamic imports)
import "../../src/autograd/tensor-methods.js";
import { exportOnnx } from "../../src/onnx/index.js";
import * as nn from "../../src/nn/index.js";
import { tensor } from "../../src/tensor/from-data.js";
globalThis.runExport = () => Array.from(exportOnnx(${MODEL}, tensor([[0.1, 0.2, 0.3]]), { opset: 18, metadata: { where: "browser" } }));
`;

describe.skipIf(skipBrowserTests)("exportOnnx in Chromium", () => {
  let browser: Browser;
  let js = "";

  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: ENTRY, resolveDir: import.meta.dirname, loader: "ts", sourcefile: "entry.ts" },
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
    });
    js = bundle.outputFiles[0]!.text;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("gives byte-for-byte the file Node gives", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.addScriptTag({ content: js, type: "module" });
    await page.waitForFunction(() => typeof (globalThis as { runExport?: unknown }).runExport === "function");
    const bytes = await page.evaluate(() => (globalThis as unknown as { runExport: () => number[] }).runExport());
    await page.close();
    expect(errors).toEqual([]);
    const model = new nn.Sequential(
      new nn.Linear(3, 8, { seed: 1 }),
      new nn.GELU(),
      new nn.Dropout(0.2),
      new nn.Linear(8, 2, { seed: 2 }),
      new nn.Softmax(),
    );
    const node = exportOnnx(model, tensor([[0.1, 0.2, 0.3]]), { opset: 18, metadata: { where: "browser" } });
    expect(bytes.length).toBe(node.length);
    expect(new Uint8Array(bytes)).toEqual(node);
  });
});
