/** @file The fused linear map (and its ReLU): the same bits as matmul + add (+ relu) on every backend and thread split, its gradients, its pictures, nn.Sequential's fusion and its errors. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initWasm } from "../../src/backends/wasm/index.js";
import { matmulTuning } from "../../src/backends/wasm/matmul.js";
import { wasmSupported } from "../../src/backends/wasm/module.js";
import { add, captureGraph, explain, getBackend, linear, matmul, nn, relu, Rng, setBackend, tensor, type Tensor } from "../../src/index.js";

const rng = new Rng(7);
const draw = (shape: number[], dtype: "float32" | "float64", requiresGrad = false): Tensor => {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = rng.normal();
  return tensor(data, { shape, requiresGrad });
};

// [batch, in] · [out, in]ᵀ: 128×784·256 splits C by columns across the threads, 300×64·40 by rows,
// 5×3·2 stays in JavaScript; float64 runs the dgemm kernel and its own epilogue
const SHAPES: [number, number, number][] = [
  [128, 784, 256],
  [300, 64, 40],
  [5, 3, 2],
  [37, 129, 67],
];

const backends = wasmSupported() ? ["js", "wasm"] : ["js"];

describe.each(backends)("linear on the %s backend", (name) => {
  let previous = "js";
  beforeAll(async () => {
    previous = getBackend();
    if (name === "wasm") await (await initWasm())!.pool.whenReady();
    setBackend(name);
  });
  afterAll(() => setBackend(previous));

  for (const dtype of ["float32", "float64"] as const) {
    it.each(SHAPES)(`%i×%i·%iᵀ + b (${dtype}): the bits of matmul then add, gradients equal`, (batch, inF, outF) => {
      const x = draw([batch, inF], dtype, true);
      const w = draw([outF, inF], dtype, true);
      const b = draw([outF], dtype, true);
      const fused = linear(x, w, b);
      expect(fused.node?.op).toBe("linear");
      const plain = add(matmul(x, w, { transB: true }), b);
      expect(fused.shape).toEqual([batch, outF]);
      expect(Array.from(fused.dataSync())).toEqual(Array.from(plain.dataSync()));

      const seed = draw([batch, outF], dtype);
      const grads = (y: Tensor): number[][] => {
        for (const t of [x, w, b]) t.grad = null;
        y.backward(seed);
        return [x, w, b].map((t) => Array.from(t.grad!.dataSync()));
      };
      const [gx, gw, gb] = grads(fused);
      const [px, pw, pb] = grads(plain);
      // both run the same products and the same column sum, so the gradients agree exactly too
      expect(gx).toEqual(px);
      expect(gw).toEqual(pw);
      expect(gb).toEqual(pb);
    });
  }

  for (const dtype of ["float32", "float64"] as const) {
    it.each(SHAPES)(`%i×%i·%iᵀ + b then ReLU (${dtype}): the bits of relu(matmul + b), gradients equal`, (batch, inF, outF) => {
      const x = draw([batch, inF], dtype, true);
      const w = draw([outF, inF], dtype, true);
      const b = draw([outF], dtype, true);
      const fused = linear(x, w, b, { activation: "relu" });
      expect(fused.node?.op).toBe("linear");
      const plain = relu(add(matmul(x, w, { transB: true }), b));
      expect(Array.from(fused.dataSync())).toEqual(Array.from(plain.dataSync()));
      expect(fused.dataSync().some((v) => v === 0)).toBe(true);

      const seed = draw([batch, outF], dtype);
      const grads = (y: Tensor): number[][] => {
        for (const t of [x, w, b]) t.grad = null;
        y.backward(seed);
        return [x, w, b].map((t) => Array.from(t.grad!.dataSync()));
      };
      expect(grads(fused)).toEqual(grads(plain));
    });
  }

  it("NaN passes through the fused ReLU, and −0 comes out as 0, like the relu kernel", () => {
    const x = tensor([[1, 0]], { dtype: "float64" });
    const w = tensor(
      [
        [1, 0],
        [0, 1],
        [-1, 0],
        [0, 0],
      ],
      { dtype: "float64" },
    );
    const b = tensor([NaN, -1, 0, -0], { dtype: "float64", allowNonFinite: true });
    const y = Array.from(linear(x, w, b, { activation: "relu" }).dataSync());
    expect(y[0]).toBeNaN();
    expect(y.slice(1)).toEqual([0, 0, 0]);
    expect(Object.is(y[3], 0)).toBe(true);
  });

  it("a grid of blocks gives the bits of bands of rows or columns, with the bias and ReLU per block", () => {
    if (name !== "wasm") return;
    const saved = { ...matmulTuning };
    try {
      for (const dtype of ["float32", "float64"] as const) {
        for (const [batch, inF, outF] of [
          [64, 9, 40],
          [37, 21, 67],
          [5, 3, 9],
        ] as const) {
          const x = draw([batch, inF], dtype);
          const w = draw([outF, inF], dtype);
          const b = draw([outF], dtype);
          matmulTuning.wasmMinMacs = 0;
          matmulTuning.parallelMinMacs = 0;
          matmulTuning.gridMinDim = Infinity;
          const bands = [linear(x, w, b, { activation: "relu" }), matmul(x, w, { transB: true })].map((t) => Array.from(t.dataSync()));
          matmulTuning.gridMinDim = 0;
          for (const cols of [2, 3]) {
            matmulTuning.gridCols = cols;
            const grid = [linear(x, w, b, { activation: "relu" }), matmul(x, w, { transB: true })].map((t) => Array.from(t.dataSync()));
            expect(grid).toEqual(bands);
          }
        }
      }
    } finally {
      Object.assign(matmulTuning, saved);
    }
  });

  it("threads each add the bias to their own pieces (every piece forced through the pool)", () => {
    if (name !== "wasm") return;
    const saved = { ...matmulTuning };
    matmulTuning.wasmMinMacs = 0;
    matmulTuning.parallelMinMacs = 0;
    matmulTuning.chunksPerThread = 8;
    try {
      for (const [batch, inF, outF] of [
        [64, 9, 7],
        [7, 9, 64],
        [33, 5, 33],
      ] as const) {
        const x = draw([batch, inF], "float32");
        const w = draw([outF, inF], "float32");
        const b = draw([outF], "float32");
        const plain = add(matmul(x, w, { transB: true }), b);
        expect(Array.from(linear(x, w, b).dataSync())).toEqual(Array.from(plain.dataSync()));
        expect(Array.from(linear(x, w, b, { activation: "relu" }).dataSync())).toEqual(Array.from(relu(plain).dataSync()));
      }
    } finally {
      Object.assign(matmulTuning, saved);
    }
  });
});

describe("linear in pictures, nn.Linear and errors", () => {
  it("draws the fused node as the matmul and the add it fuses, with their values and gradients", () => {
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { name: "x", dtype: "float64" },
    );
    const W = tensor(
      [
        [1, 0],
        [1, 1],
        [0, 2],
      ],
      { name: "W", dtype: "float64", requiresGrad: true },
    );
    const b = tensor([10, 20, 30], { name: "b", dtype: "float64", requiresGrad: true });
    const y = linear(x, W, b).named("y");
    const loss = y.sum().named("L");
    loss.backward();
    const { nodes } = captureGraph(loss).model;
    expect(nodes.filter((n) => n.kind === "op").map((n) => n.op)).toEqual(["matmul", "add", "sum"]);
    const product = nodes.find((n) => n.op === "matmul")!;
    expect(product.value!.values).toEqual([1, 3, 4, 3, 7, 8]);
    expect(product.grad!.values).toEqual([1, 1, 1, 1, 1, 1]);
    expect(nodes.find((n) => n.op === "add")!.value!.values).toEqual([11, 23, 34, 13, 27, 38]);
    // explain() reads exactly as for matmul and add: the product inlined into y's equation
    const text = explain(loss).text;
    expect(text).toContain("y = x·Wᵀ + b  → [[11, 23, 34], [13, 27, 38]]");
    expect(text).toMatch(/∂L\/∂b = ∂L\/∂y · ∂y\/∂b = 1 +→ \[2, 2, 2\]/);
    expect(text).toMatch(/∂L\/∂W = ∂L\/∂y · ∂y\/∂W = xᵀ +→ \[\[4, 6\], \[4, 6\], \[4, 6\]\]/);
  });

  it("draws a fused ReLU as matmul, add and relu, each with its value and gradient", () => {
    const x = tensor([[1, -2]], { name: "x", dtype: "float64" });
    const W = tensor(
      [
        [1, 0],
        [0, 1],
      ],
      { name: "W", dtype: "float64", requiresGrad: true },
    );
    const b = tensor([0.5, 0.5], { name: "b", dtype: "float64", requiresGrad: true });
    const loss = linear(x, W, b, { activation: "relu" }).sum().named("L");
    loss.backward();
    const { nodes } = captureGraph(loss).model;
    const ops = nodes.filter((n) => n.kind === "op");
    expect(ops.map((n) => n.op)).toEqual(["matmul", "add", "relu", "sum"]);
    expect(ops.map((n) => n.value!.values)).toEqual([[1, -2], [1.5, -1.5], [1.5, 0], [1.5]]);
    // ∂L/∂y = 1 everywhere; ∂L/∂z = ∂L/∂u = 1·[z > 0]
    expect(ops.slice(0, 3).map((n) => n.grad!.values)).toEqual([
      [1, 0],
      [1, 0],
      [1, 1],
    ]);
    expect(explain(loss).text).toMatch(/∂L\/∂b = .* → \[1, 0\]/);
  });

  it("nn.Sequential runs Linear + ReLU on a batch as one fused node, drawn in both modules' scopes", () => {
    const net = new nn.Sequential(new nn.Linear(4, 3, { seed: 1 }), new nn.ReLU(), new nn.Linear(3, 2, { seed: 2 }));
    const x = draw([5, 4], "float32");
    const y = net.forward(x);
    const hidden = y.node!.inputs[0]!;
    expect(hidden.node?.op).toBe("linear");
    expect(hidden.node?.attrs["relu"]).toBe(true);
    // the same numbers as the layers one by one
    const [l0, r1, l2] = net.layers as [nn.Linear, nn.ReLU, nn.Linear];
    const stepwise = l2.forward(r1.forward(l0.forward(x)));
    expect(Array.from(y.dataSync())).toEqual(Array.from(stepwise.dataSync()));
    y.sum().backward();
    const scopes = captureGraph(y)
      .model.nodes.filter((n) => n.kind === "op")
      .map((n) => [n.op, n.scope]);
    expect(scopes).toEqual([
      ["matmul", "Sequential/0:Linear"],
      ["add", "Sequential/0:Linear"],
      ["relu", "Sequential/1:ReLU"],
      ["matmul", "Sequential/2:Linear"],
      ["add", "Sequential/2:Linear"],
    ]);
  });

  it("fuses only a plain biased Linear, a default ReLU and a batch", () => {
    const x = draw([5, 4], "float32");
    const hiddenOp = (...layers: nn.Module[]): string | undefined => new nn.Sequential(...layers).forward(x).node?.op;
    expect(hiddenOp(new nn.Linear(4, 3, { seed: 1 }), new nn.ReLU())).toBe("linear");
    expect(hiddenOp(new nn.Linear(4, 3, { seed: 1 }), new nn.ReLU({ subgradient: 1 }))).toBe("relu");
    expect(hiddenOp(new nn.Linear(4, 3, { seed: 1, bias: false }), new nn.ReLU())).toBe("relu");
    expect(hiddenOp(new nn.Linear(4, 3, { seed: 1 }), new nn.Tanh())).toBe("tanh");
    class Scaled extends nn.Linear {
      override forward(h: Tensor): Tensor {
        return super.forward(h).mul(2);
      }
    }
    expect(hiddenOp(new Scaled(4, 3, { seed: 1 }), new nn.ReLU())).toBe("relu");
    expect(new nn.Sequential(new nn.Linear(4, 3, { seed: 1 }), new nn.ReLU()).forward(draw([4], "float32")).node?.op).toBe("relu");
  });

  it("nn.Linear records one fused node for a batch and keeps matmul + add for a single vector", () => {
    const fc = new nn.Linear(4, 3, { seed: 1 });
    expect(fc.forward(draw([5, 4], "float32")).node?.op).toBe("linear");
    expect(fc.forward(draw([4], "float32")).node?.op).toBe("add");
    const noBias = new nn.Linear(4, 3, { seed: 1, bias: false });
    expect(noBias.forward(draw([5, 4], "float32")).node?.op).toBe("matmul");
  });

  it("names the shapes and the fix when they do not fit", () => {
    const x = draw([2, 3], "float32");
    expect(() => linear(x, draw([4, 5], "float32"))).toThrow(/input \[2, 3\] must end in the weight's 5 input features.*reshape/);
    expect(() => linear(x, draw([4, 3], "float32"), draw([5], "float32"))).toThrow(/bias must be a vector of the weight's 4 outputs/);
    expect(() => linear(x, draw([3], "float32"))).toThrow(/weight must be a matrix \[out, in\]/);
    expect(() => linear(x, draw([4, 3], "float64"))).toThrow(/different dtypes/);
    // @ts-expect-error: an activation linear does not fuse
    expect(() => linear(x, draw([4, 3], "float32"), null, { activation: "tanh" })).toThrow(/activation must be "none" or "relu"/);
  });
});
