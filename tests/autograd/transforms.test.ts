/** @file Function transforms against closed forms: grad of grad, grad³, hessian, jacobian, vjp, jvp, valueAndGrad. */
import { describe, expect, it } from "vitest";
import { concat, grad, hessian, jacobian, jvp, stack, tensor, valueAndGrad, vjp, type Tensor } from "../../src/index.js";
import { assertClose } from "../helpers/close.js";

const f64 = { dtype: "float64" as const };
const POINTS = [-2.5, -0.7, 0, 0.4, 1.9];
const TOL = { rtol: 1e-12, atol: 1e-14 };
const one = (t: Tensor | Tensor[]): Tensor => t as Tensor;
const sig = (v: number): number => 1 / (1 + Math.exp(-v));

describe("function transforms", () => {
  const cases: [string, (x: Tensor) => Tensor, (v: number) => number][] = [
    ["tanh″ = −2 tanh (1 − tanh²)", (x) => x.tanh(), (v) => -2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2)],
    ["σ″ = σ(1−σ)(1−2σ)", (x) => x.sigmoid(), (v) => sig(v) * (1 - sig(v)) * (1 - 2 * sig(v))],
    ["exp″ = exp", (x) => x.exp(), Math.exp],
    ["softplus″ = σ(1−σ)", (x) => x.softplus(), (v) => sig(v) * (1 - sig(v))],
    ["sin″ = −sin", (x) => x.sin(), (v) => -Math.sin(v)],
    ["log(1+x²)″ = 2(1−x²)/(1+x²)²", (x) => x.square().add(1).log(), (v) => (2 * (1 - v * v)) / (1 + v * v) ** 2],
  ];
  for (const [name, f, d2] of cases) {
    it(`grad(grad(f)): ${name}`, () => {
      const g2 = grad(grad((x) => f(x).sum()) as (x: Tensor) => Tensor);
      const out = POINTS.map((v) => one(g2(tensor(v, f64))).item());
      assertClose(out, POINTS.map(d2), TOL, name);
    });
  }

  it("grad(grad(grad(f))) of a polynomial is its third derivative", () => {
    // f = x⁴ − 3x³ + 2x, f‴ = 24x − 18
    const f = (x: Tensor): Tensor => x.pow(4).sub(x.pow(3).mul(3)).add(x.mul(2)).sum();
    const g3 = grad(grad(grad(f) as (x: Tensor) => Tensor) as (x: Tensor) => Tensor);
    assertClose(
      POINTS.map((v) => one(g3(tensor(v, f64))).item()),
      POINTS.map((v) => 24 * v - 18),
      { rtol: 1e-12, atol: 1e-12 },
      "third derivative",
    );
  });

  it("hessian of a two-variable function matches its closed form", () => {
    // f(a, b) = a² b + sin(a) b³
    const f = (v: Tensor): Tensor => {
      const a = v.slice(0);
      const b = v.slice(1);
      return a
        .square()
        .mul(b)
        .add(a.sin().mul(b.pow(3)));
    };
    const [a, b] = [0.7, -1.3];
    const h = hessian(f)(tensor([a, b], f64));
    expect(h.shape).toEqual([2, 2]);
    const off = 2 * a + 3 * Math.cos(a) * b * b;
    assertClose(h.data, [2 * b - Math.sin(a) * b ** 3, off, off, 6 * Math.sin(a) * b], TOL, "hessian");
  });

  it("hessian of a matrix-input function has shape [...x, ...x] and matches differences of the gradient", () => {
    // f(W) = Σ tanh(W v)²: a small network layer; its Hessian is symmetric
    const v = tensor([0.5, -1, 2], f64);
    const f = (w: Tensor): Tensor => w.matmul(v).tanh().square().sum();
    const Wd = [0.3, -0.1, 0.2, 0.05, 0.4, -0.3];
    const H = hessian(f)(tensor(Wd, { ...f64, shape: [2, 3] }));
    expect(H.shape).toEqual([2, 3, 2, 3]);
    const g = (d: number[]): Float64Array => one(grad(f)(tensor(d, { ...f64, shape: [2, 3] }))).data as Float64Array;
    const eps = 1e-6;
    for (let j = 0; j < 6; j++) {
      const plus = g(Wd.map((w, k) => (k === j ? w + eps : w)));
      const minus = g(Wd.map((w, k) => (k === j ? w - eps : w)));
      for (let i = 0; i < 6; i++) {
        expect(H.data[i * 6 + j]!).toBeCloseTo((plus[i]! - minus[i]!) / (2 * eps), 7);
        expect(H.data[i * 6 + j]!).toBeCloseTo(H.data[j * 6 + i]!, 12);
      }
    }
  });

  it("grad composes with vjp and jvp used inside the function", () => {
    // h(x) = ⟨v, J_f(x) t⟩ for f = sin: h = Σ vᵢ cos(xᵢ) tᵢ, so ∂h/∂xᵢ = −vᵢ sin(xᵢ) tᵢ
    const [vv, tv, xv] = [
      [1, 2],
      [0.5, -1],
      [0.3, 1.1],
    ];
    const viaJvp = one(
      grad((x) =>
        jvp((y) => y.sin(), [x], [tensor(tv, f64)])[1]
          .mul(tensor(vv, f64))
          .sum(),
      )(tensor(xv, f64)),
    );
    const viaVjp = one(
      grad((x) =>
        vjp((y) => y.sin(), x)[1](tensor(vv, f64))[0]!
          .mul(tensor(tv, f64))
          .sum(),
      )(tensor(xv, f64)),
    );
    const want = xv.map((x, i) => -vv[i]! * Math.sin(x) * tv[i]!);
    assertClose(viaJvp.data, want, TOL, "grad of jvp");
    assertClose(viaVjp.data, want, TOL, "grad of vjp");
  });

  it("jacobian of a vector function is [outputs, inputs]", () => {
    // f(x) = [x₀x₁, sin x₀, x₁²]
    const f = (x: Tensor): Tensor =>
      concat([x.slice({ stop: 1 }).mul(x.slice({ start: 1 })), x.slice({ stop: 1 }).sin(), x.slice({ start: 1 }).square()], 0);
    const [p, q] = [0.5, -2];
    const j = jacobian(f)(tensor([p, q], f64));
    expect(j.shape).toEqual([3, 2]);
    assertClose(j.data, [q, p, Math.cos(p), 0, 0, 2 * q], TOL, "jacobian");
  });

  it("jacobian of a matrix-input function has shape [...out, ...in]", () => {
    const v = tensor([1, -2, 3], f64);
    const W = tensor(
      [
        [0.5, 1, -1],
        [2, 0, 1],
      ],
      f64,
    );
    const j = jacobian((w) => w.matmul(v))(W);
    expect(j.shape).toEqual([2, 2, 3]);
    // ∂(Wv)ᵢ/∂W_kl = [i = k] v_l
    assertClose(j.data, [1, -2, 3, 0, 0, 0, 0, 0, 0, 1, -2, 3], { rtol: 0, atol: 0 }, "jacobian");
  });

  it("vjp pulls a cotangent back through the Jacobian transpose, for every primal", () => {
    const W = tensor(
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      f64,
    );
    const x = tensor([0.3, -0.2], f64);
    const [y, pullback] = vjp((w, v) => w.matmul(v).tanh(), W, x);
    const ct = tensor([1, -1, 2], f64);
    const [gW, gx] = pullback(ct);
    const z = [1 * 0.3 + 2 * -0.2, 3 * 0.3 + 4 * -0.2, 5 * 0.3 + 6 * -0.2];
    const d = z.map((zi, i) => [1, -1, 2][i]! * (1 - Math.tanh(zi) ** 2));
    assertClose(y.data, z.map(Math.tanh), TOL, "value");
    assertClose(gW!.data, [d[0]! * 0.3, d[0]! * -0.2, d[1]! * 0.3, d[1]! * -0.2, d[2]! * 0.3, d[2]! * -0.2], TOL, "∂/∂W");
    assertClose(gx!.data, [d[0]! + 3 * d[1]! + 5 * d[2]!, 2 * d[0]! + 4 * d[1]! + 6 * d[2]!], TOL, "∂/∂x");
  });

  it("jvp equals jacobian · tangent", () => {
    const f = (x: Tensor): Tensor => stack([x.slice(0).mul(x.slice(1)).exp(), x.sin().sum(), x.square().sum().sqrt()], 0);
    const x = tensor([0.4, -0.9], f64);
    const t = tensor([1.5, 0.25], f64);
    const [y, jt] = jvp(f, [x], [t]);
    const J = jacobian(f)(x);
    expect(y.shape).toEqual([3]);
    const jv = [0, 1, 2].map((i) => J.data[2 * i]! * 1.5 + J.data[2 * i + 1]! * 0.25);
    assertClose(jt.data, jv, TOL, "jvp");
  });

  it("valueAndGrad returns the value and one gradient per argnum", () => {
    const f = (a: Tensor, b: Tensor, c: Tensor): Tensor => a.mul(b).add(c).sum();
    const [value, grads] = valueAndGrad(f, { argnums: [0, 2] })(tensor([1, 2], f64), tensor([3, 4], f64), tensor([5, 6], f64));
    expect(value.item()).toBe(1 * 3 + 2 * 4 + 11);
    expect((grads as Tensor[]).map((g) => g.toArray())).toEqual([
      [3, 4],
      [1, 1],
    ]);
  });

  it("transforms leave the caller's tensors untouched and give zeros for an unused argument", () => {
    const x = tensor([1, 2], { ...f64, requiresGrad: true });
    const g = one(grad((_a: Tensor, b: Tensor) => b.sum(), { argnums: 0 })(x, tensor([1], f64)));
    expect(g.toArray()).toEqual([0, 0]);
    expect(x.grad).toBeNull();
    const h = one(grad((a) => a.square().sum())(x));
    expect(h.toArray()).toEqual([2, 4]);
    expect(h.requiresGrad).toBe(false);
    expect(x.grad).toBeNull();
  });
});
