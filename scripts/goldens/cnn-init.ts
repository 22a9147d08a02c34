/**
 * @file Writes the CNN's initial weights (chainrule's `buildCnn(10, 0)`, float32) to tests/fixtures/goldens/cnn-init.safetensors,
 * for scripts/goldens/cnn-curve.py to train in PyTorch. Run: npx tsx scripts/goldens/cnn-init.ts
 */
import { saveSafetensors } from "../../src/index.js";
import { buildCnn } from "../../cli/train/cnn.js";

const path = new URL("../../tests/fixtures/goldens/cnn-init.safetensors", import.meta.url).pathname;
const model = buildCnn(10, 0);
await saveSafetensors(path, model.stateDict(), { source: "chainrule buildCnn(10, 0), scripts/goldens/cnn-init.ts" });
console.error(`wrote ${Object.keys(model.stateDict()).join(", ")} to ${path}`);
