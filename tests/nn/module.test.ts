/** @file Modules: parameters, names, modes, freezing and state dicts. */
import { describe, expect, it } from "vitest";
import { nn, randn, tensor, zeros, ShapeError, ValueError, type Tensor } from "../../src/index.js";

class Affine extends nn.Module {
  w = this.registerParameter("w", tensor([2], { requiresGrad: true }));
  forward(x: Tensor): Tensor {
    return this.scoped(() => x.mul(this.w));
  }
}

describe("Module", () => {
  it("names parameters by their path, like PyTorch, and names the tensors for pictures", () => {
    const net = new nn.MLP([4, 3, 2], { seed: 0 });
    expect(net.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([
      ["layers.0.weight", [3, 4]],
      ["layers.0.bias", [3]],
      ["layers.2.weight", [2, 3]],
      ["layers.2.bias", [2]],
    ]);
    expect(net.parameters().map((p) => p.name)).toEqual(["layers.0.weight", "layers.0.bias", "layers.2.weight", "layers.2.bias"]);
    expect(net.namedModules().map(([n]) => n)).toEqual(["", "layers", "layers.0", "layers.1", "layers.2"]);
    const named = tensor([1], { requiresGrad: true }).named("mine");
    class Keep extends nn.Module {
      p = this.registerParameter("p", named);
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    new nn.Sequential(new Keep());
    expect(named.name).toBe("mine"); // a user's name is kept
  });

  it("lists a shared parameter once", () => {
    const fc = new nn.Linear(2, 2, { seed: 0 });
    const net = new nn.Sequential(fc, new nn.ReLU(), fc);
    expect(net.namedParameters().map(([n]) => n)).toEqual(["0.weight", "0.bias"]);
  });

  it("zeroGrad, train/eval reach every descendant", () => {
    const net = new nn.MLP([2, 3, 1], { seed: 0, dropout: 0.5 });
    net
      .forward(randn([4, 2], { seed: 1 }))
      .sum()
      .backward();
    expect(net.parameters().every((p) => p.grad !== null)).toBe(true);
    net.zeroGrad();
    expect(net.parameters().every((p) => p.grad === null)).toBe(true);
    net.eval();
    expect(net.namedModules().every(([, m]) => !m.training)).toBe(true);
    net.train();
    expect(net.namedModules().every(([, m]) => m.training)).toBe(true);
  });

  it("freezes by exact name or module prefix, and unfreezes", () => {
    const net = new nn.MLP([2, 3, 1], { seed: 0 });
    net.freeze("layers.0");
    expect(net.namedParameters().map(([n, p]) => [n, p.requiresGrad])).toEqual([
      ["layers.0.weight", false],
      ["layers.0.bias", false],
      ["layers.2.weight", true],
      ["layers.2.bias", true],
    ]);
    net
      .forward(randn([4, 2], { seed: 1 }))
      .sum()
      .backward();
    expect(net.parameters().map((p) => p.grad !== null)).toEqual([false, false, true, true]);
    net.unfreeze("layers.0.bias");
    expect(net.parameters().map((p) => p.requiresGrad)).toEqual([false, true, true, true]);
    net.freeze();
    expect(net.parameters().some((p) => p.requiresGrad)).toBe(false);
    expect(() => net.freeze("layers.5")).toThrow(/no parameter is named "layers.5".*layers.0.weight, layers.0.bias/);
  });

  it("runs forward in named scopes so pictures can cluster layers", () => {
    const net = new nn.MLP([2, 3, 1], { seed: 0 });
    const y = net.forward(randn([1, 2], { seed: 0 }));
    expect(y.node!.scope).toBe("MLP/layers:Sequential/2:Linear");
    expect(new Affine().forward(tensor([1], { requiresGrad: true })).node!.scope).toBe("Affine");
  });

  it("loadStateDict copies values in place and checks everything first", () => {
    const a = new nn.MLP([2, 3, 1], { seed: 0 });
    const b = new nn.MLP([2, 3, 1], { seed: 1 });
    const w = b.parameters()[0]!;
    b.loadStateDict(a.stateDict());
    expect(b.parameters()[0]).toBe(w);
    expect(b.parameters().map((p) => p.toArray())).toEqual(a.parameters().map((p) => p.toArray()));
    const c = new nn.MLP([2, 4, 1], { seed: 2 });
    const before = c.parameters().map((p) => p.dataSync());
    expect(() => c.loadStateDict(a.stateDict())).toThrow(/"layers.0.weight" is \[3, 2\] in the record but \[4, 2\] in the model/);
    expect(c.parameters().map((p) => p.dataSync())).toEqual(before);
    expect(() => b.loadStateDict({ ...a.stateDict(), extra: zeros([1]) })).toThrow(/names the model lacks: extra/);
    b.loadStateDict({ ...a.stateDict(), extra: zeros([1]) }, { strict: false });
  });

  it("refuses parameters that are not leaves and names with dots", () => {
    class Bad extends nn.Module {
      constructor(which: "node" | "dot") {
        super();
        const t = tensor([1], { requiresGrad: true });
        if (which === "node") this.registerParameter("w", t.mul(2));
        else this.registerParameter("a.b", t);
      }
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(() => new Bad("node")).toThrow(/parameters must be leaves/);
    expect(() => new Bad("dot")).toThrow(ValueError);
  });
});

describe("Linear", () => {
  it("computes x Wᵀ + b with W shaped [out, in]", () => {
    const fc = new nn.Linear(3, 2, { seed: 0, dtype: "float64" });
    fc.weight.data.set([1, 2, 3, 4, 5, 6]);
    fc.bias!.data.set([0.5, -1]);
    expect(fc.forward(tensor([[1, 0, -1]], { dtype: "float64" })).toArray()).toEqual([[1 - 3 + 0.5, 4 - 6 - 1]]);
    expect(fc.forward(tensor([1, 1, 1], { dtype: "float64" })).toArray()).toEqual([6.5, 14]);
    expect(fc.forward(zeros([2, 5, 3], { dtype: "float64" })).shape).toEqual([2, 5, 2]);
  });

  it("gives gradients ∂/∂W = gᵀx and ∂/∂b = Σ g", () => {
    const fc = new nn.Linear(2, 2, { seed: 3, dtype: "float64" });
    const x = tensor(
      [
        [1, 2],
        [3, 4],
      ],
      { dtype: "float64" },
    );
    fc.forward(x).sum().backward();
    expect(fc.weight.grad!.toArray()).toEqual([
      [4, 6],
      [4, 6],
    ]);
    expect(fc.bias!.grad!.toArray()).toEqual([2, 2]);
  });

  it("has PyTorch's default init, seeded, and other initialisers by name", () => {
    const a = new nn.Linear(16, 8, { seed: 42 });
    const b = new nn.Linear(16, 8, { seed: 42 });
    expect(a.weight.data).toEqual(b.weight.data);
    expect(a.bias!.data).toEqual(b.bias!.data);
    const bound = 1 / Math.sqrt(16);
    expect(Math.max(...a.weight.data.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...a.bias!.data.map(Math.abs))).toBeLessThanOrEqual(bound);
    const he = new nn.Linear(16, 8, { seed: 1, init: "heNormal" });
    expect(he.bias!.toArray()).toEqual(new Array(8).fill(0));
    expect(new nn.Linear(2, 2, { bias: false }).bias).toBeNull();
    expect(() => new nn.Linear(2, 2, { init: "orthogonal" as never })).toThrow(/unknown init "orthogonal"/);
  });

  it("says how to fix an input of the wrong width", () => {
    const fc = new nn.Linear(784, 10);
    expect(() => fc.forward(zeros([32, 100]))).toThrow(ShapeError);
    expect(() => fc.forward(zeros([32, 100]))).toThrow(
      /Linear\(784→10\): input \[32, 100\] has 100 features in its last axis, expected 784/,
    );
  });
});

describe("Sequential, MLP and activation layers", () => {
  it("Sequential applies its layers in order", () => {
    const net = new nn.Sequential(new nn.Identity(), new nn.ReLU(), new nn.Tanh());
    expect(net.forward(tensor([-1, 0.5], { dtype: "float64" })).toArray()).toEqual([0, Math.tanh(0.5)]);
    expect(net.length).toBe(3);
    expect(net.at(-1)).toBeInstanceOf(nn.Tanh);
  });

  it("activation layers match their ops", () => {
    const x = tensor([-2, -0.5, 0, 1.5], { dtype: "float64" });
    const pairs: [nn.Module, Tensor][] = [
      [new nn.ReLU(), x.relu()],
      [new nn.Sigmoid(), x.sigmoid()],
      [new nn.GELU(), x.gelu()],
      [new nn.SiLU(), x.silu()],
      [new nn.Softplus(), x.softplus()],
      [new nn.LeakyReLU(0.2), x.leakyRelu(0.2)],
      [new nn.ELU(0.5), x.elu(0.5)],
      [new nn.Softmax(), x.softmax()],
      [new nn.LogSoftmax(), x.logSoftmax()],
    ];
    for (const [m, want] of pairs) expect(m.forward(x).toArray()).toEqual(want.toArray());
    expect(new nn.Flatten().forward(zeros([2, 3, 4])).shape).toEqual([2, 12]);
  });

  it("MLP picks He init after ReLU and Glorot after tanh, seeded", () => {
    const relu = new nn.MLP([100, 50, 10], { seed: 0 });
    const tanh = new nn.MLP([100, 50, 10], { activation: "tanh", seed: 0 });
    const w = (m: nn.MLP): Float32Array | Float64Array | Int32Array => m.parameters()[0]!.data;
    expect(Math.max(...w(relu).map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 100));
    expect(Math.max(...w(relu).map(Math.abs))).toBeGreaterThan(Math.sqrt(6 / 150));
    expect(Math.max(...w(tanh).map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(6 / 150));
    expect(new nn.MLP([100, 50, 10], { seed: 0 }).parameters()[2]!.data).toEqual(relu.parameters()[2]!.data);
    expect(new nn.MLP([3, 4, 2], { outputActivation: "sigmoid", seed: 0 }).layers.at(-1)).toBeInstanceOf(nn.Sigmoid);
    expect(() => new nn.MLP([3])).toThrow(/at least two positive integers/);
  });
});

describe("Dropout", () => {
  it("zeroes about p of the inputs and scales the rest by 1/(1 − p) in training; identity in eval", () => {
    const d = new nn.Dropout(0.25, { seed: 3 });
    const x = tensor(new Float64Array(20000).fill(1));
    const y = d.forward(x).toArray() as number[];
    const kept = y.filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([1 / 0.75]));
    expect(kept.length / y.length).toBeCloseTo(0.75, 2);
    expect(d.eval().forward(x)).toBe(x);
  });

  it("passes gradients through the kept entries only, and follows its seed", () => {
    const x = tensor(new Float64Array(50).fill(1), { requiresGrad: true });
    const y = new nn.Dropout(0.5, { seed: 9 }).forward(x);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual(y.toArray());
    expect(new nn.Dropout(0.5, { seed: 9 }).forward(x).toArray()).toEqual(y.toArray());
    expect(new nn.Dropout(1).forward(x).toArray()).toEqual(new Array(50).fill(0));
    expect(new nn.Dropout(0).forward(x)).toBe(x);
    expect(() => new nn.Dropout(1.5)).toThrow(/p must be in \[0, 1\]/);
  });
});

describe("printing", () => {
  it("shows the module tree like PyTorch and counts parameters", () => {
    const net = new nn.MLP([784, 256, 10], { seed: 0, dropout: 0.2 });
    expect(String(net)).toBe(
      [
        "MLP(",
        "  (layers): Sequential(",
        "    (0): Linear(784 → 256)",
        "    (1): ReLU()",
        "    (2): Dropout(p=0.2)",
        "    (3): Linear(256 → 10)",
        "  )",
        ")",
      ].join("\n"),
    );
    expect(net.numParameters()).toBe(784 * 256 + 256 + 256 * 10 + 10);
    expect(String(new nn.Linear(2, 3, { bias: false }))).toBe("Linear(2 → 3, bias=false)");
  });
});
