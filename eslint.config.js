// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** The layers of src/, lowest first: a file may import from its own layer and the ones before it. */
const LAYERS = [
  ["backends", "errors"],
  ["tensor"],
  ["tape"],
  ["ops"],
  ["autograd"],
  ["check", "graph", "nn", "optim", "io", "data", "derive", "onnx", "examples"],
];
const ABOVE_SRC = ["cli", "bench", "tests", "scripts", "playground"];

/** Leaf helpers every layer may use: dtypes and shape arithmetic (no Tensor, no backend). */
const LEAVES = ["tensor/dtype.js", "tensor/shape.js"].flatMap((f) => [`!../${f}`, `!../../${f}`]);

/** One rule block per layer: imports (type-only excepted) of any higher layer, or of what sits above src/, are errors. */
const layerRules = LAYERS.map((dirs, i) => {
  const higher = [...LAYERS.slice(i + 1).flat(), ...ABOVE_SRC];
  return {
    files: dirs.map((d) => `src/${d}/**/*.ts`),
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [...higher.flatMap((d) => [`../${d}/*`, `../../${d}/*`, `../../../${d}/*`]), ...LEAVES],
              allowTypeImports: true,
              message: `layers point one way (${LAYERS.map((l) => l.join("|")).join(" ← ")}): src/${dirs.join("|")} may not import a higher layer; see docs/architecture.md.`,
            },
          ],
        },
      ],
    },
  };
});

export default tseslint.config(
  { ignores: ["dist/**", "packages/**", "node_modules/**", "build/**", "assembly/**", "out/**", "site/**", "**/*.generated.*", ".gpu/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  ...layerRules,
);
