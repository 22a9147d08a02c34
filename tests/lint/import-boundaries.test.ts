/** @file `npm run lint` refuses an import from a lower layer to a higher one (tensor → ops, ops → autograd, …), and accepts the real sources. */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const eslint = new ESLint({ cwd: root });

/** The messages of the layer rule for `code` linted as if it were the file `path` (relative to the root). */
async function layerErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result!.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports").map((m) => m.message);
}

describe("import boundaries", () => {
  it.each([
    ["src/tensor/probe.ts", 'import { add } from "../ops/binary.js";\nexport const f = add;\n'],
    ["src/tensor/probe.ts", 'import { backward } from "../autograd/backward.js";\nexport const f = backward;\n'],
    ["src/ops/probe.ts", 'import { grad } from "../autograd/transforms.js";\nexport const f = grad;\n'],
    ["src/tape/probe.ts", 'import { add } from "../ops/binary.js";\nexport const f = add;\n'],
    ["src/backends/js/probe.ts", 'import { Tensor } from "../../tensor/tensor.js";\nexport const f = Tensor;\n'],
    ["src/autograd/probe.ts", 'import { toDot } from "../graph/dot.js";\nexport const f = toDot;\n'],
    ["src/nn/probe.ts", 'import { registerCommands } from "../../cli/commands/index.js";\nexport const f = registerCommands;\n'],
  ])("%s may not import a higher layer: %s", async (path, code) => {
    const errors = await layerErrors(path, code);
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/layers point one way/);
  });

  it.each([
    [
      "src/ops/probe.ts",
      'import { Tensor } from "../tensor/tensor.js";\nimport { isGradEnabled } from "../tape/grad-mode.js";\nexport const f = [Tensor, isGradEnabled];\n',
    ],
    ["src/backends/js/probe.ts", 'import { sizeOf } from "../../tensor/shape.js";\nexport const f = sizeOf;\n'],
    ["src/tensor/probe.ts", 'import type { GraphNode } from "../tape/node.js";\nexport type N = GraphNode;\n'],
    ["src/graph/probe.ts", 'import { backward } from "../autograd/backward.js";\nexport const f = backward;\n'],
  ])("%s may import a lower layer (or a type): %s", async (path, code) => {
    expect(await layerErrors(path, code)).toEqual([]);
  });

  it("the sources themselves keep to the layers", async () => {
    const results = await eslint.lintFiles(["src/**/*.ts"]);
    const broken = results.flatMap((r) =>
      r.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports").map((m) => `${r.filePath}:${m.line} ${m.message}`),
    );
    expect(broken).toEqual([]);
  });
});
