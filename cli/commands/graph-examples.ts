/** @file The examples `chainrule graph` draws: the worksheet's f (2b) and ℓ (2e), and a small MLP with its loss. */
import { nn, randn, ValueError, type Tensor } from "../../src/index.js";
import { seedF, seedFInputs, seedL, seedLInputs, type Activation } from "../../src/examples/worksheet.js";

/** The example names. */
export const GRAPH_EXAMPLES = ["seed-f", "seed-l", "mlp"] as const;
export type GraphExample = (typeof GRAPH_EXAMPLES)[number];

/** Settings of an example: activation, sizes, seed, and whether to run backward() first. */
export interface ExampleSettings {
  phi?: Activation;
  n?: number;
  d?: number;
  seed: number;
  backward: boolean;
}

/** A built example: its output tensor and a title for the pictures. */
export interface BuiltExample {
  y: Tensor;
  title: string;
}

/**
 * Builds one example's graph (and runs backward() unless told not to), with every parameter needing grad.
 * @example
 * const { y, title } = buildExample("seed-f", { seed: 0, backward: true });
 */
export function buildExample(name: GraphExample, s: ExampleSettings): BuiltExample {
  let built: BuiltExample;
  if (name === "seed-f") {
    const inp = seedFInputs(s.n ?? 3, s.d ?? 2, { seed: s.seed });
    inp.W.requiresGrad = true;
    inp.b.requiresGrad = true;
    const phi = s.phi ?? "sigmoid";
    const sym = phi === "sigmoid" ? "σ" : phi === "identity" ? "" : phi;
    built = { y: seedF(inp, phi), title: `Worksheet 2(b): f(W, x, y) = (y − Σᵢ ${sym}(wᵢᵀx + bᵢ))²` };
  } else if (name === "seed-l") {
    const inp = seedLInputs(s.d ?? 3, { seed: s.seed });
    for (const t of [inp.W1, inp.W2, inp.b, inp.x]) t.requiresGrad = true;
    const phi = s.phi ?? "tanh";
    built = { y: seedL(inp, phi), title: `Worksheet 2(e): ℓ(x) = ½‖W₂ ${phi === "identity" ? "" : phi}(W₁x + b) − y‖²` };
  } else if (name === "mlp") {
    const d = s.d ?? 2;
    const act = s.phi === "identity" || s.phi === undefined ? "tanh" : s.phi;
    const model = new nn.MLP([d, 4, 4, 1], { activation: act, seed: s.seed });
    const x = randn([s.n ?? 4, d], { seed: s.seed + 1 }).named("x");
    const target = randn([s.n ?? 4, 1], { seed: s.seed + 2 }).named("y");
    built = { y: nn.mseLoss(model.forward(x), target).named("loss"), title: `MLP [${d}, 4, 4, 1] (${act}) with its mean squared error` };
  } else {
    throw new ValueError(`graph: unknown example "${String(name)}"; choose one of ${GRAPH_EXAMPLES.join(", ")}.`);
  }
  if (s.backward) built.y.backward();
  return built;
}
