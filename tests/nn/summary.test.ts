/** @file model.summary(): a table of layers, output shapes (given an example input) or parameter shapes, parameter counts and the total. */
import { describe, expect, it } from "vitest";
import { manualSeed, nn, rand, randn, tensor, ValueError, type Tensor } from "../../src/index.js";

const net = (): nn.Sequential =>
  new nn.Sequential(new nn.Linear(2, 8, { seed: 0 }), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(8, 1, { seed: 1 }));

describe("model.summary()", () => {
  it("without an input: one row per layer with its parameter shapes and count, then the total", () => {
    const s = net().summary();
    const lines = s.split("\n");
    expect(lines[0]).toMatch(/^Layer\s+Parameters\s+Count$/);
    expect(s).toMatch(/\n0 \(Linear\)\s+weight \[8, 2\], bias \[8\]\s+24\n/);
    expect(s).toMatch(/\n1 \(ReLU\)\s+—\s+0\n/);
    expect(s).toMatch(/\n3 \(Linear\)\s+weight \[1, 8\], bias \[1\]\s+9\n/);
    expect(lines[lines.length - 1]).toBe("Total: 33 parameters (33 trainable, 0 frozen)");
  });

  it("with an example input: the output shape of every layer, unfused, without changing modes or the random state", () => {
    const m = net();
    manualSeed(5);
    const s = m.summary(randn([4, 2], { seed: 0 }));
    const after = rand([3]).toArray();
    manualSeed(5);
    expect(rand([3]).toArray()).toEqual(after);
    expect(s.split("\n")[0]).toMatch(/^Layer\s+Output shape\s+Count$/);
    expect(s).toMatch(/\nInput\s+\[4, 2\]\s*\n/);
    expect(s).toMatch(/\n0 \(Linear\)\s+\[4, 8\]\s+24\n/);
    expect(s).toMatch(/\n1 \(ReLU\)\s+\[4, 8\]\s+0\n/);
    expect(s).toMatch(/\n3 \(Linear\)\s+\[4, 1\]\s+9\n/);
    // the forward it ran is gone: the modules fuse again, stay in training mode, and nothing kept a graph
    expect(Object.hasOwn(m.at(0), "forward")).toBe(false);
    expect(m.at(2).training).toBe(true);
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
  });

  it("counts frozen parameters and a shared parameter once, and lists nested modules by dotted path", () => {
    const mlp = new nn.MLP([3, 4, 2], { seed: 0 });
    mlp.freeze("layers.0");
    const s = mlp.summary(tensor([[1, 2, 3]]));
    expect(s).toMatch(/\nlayers\.0 \(Linear\)\s+\[1, 4\]\s+16\n/);
    expect(s).toMatch(/\nlayers\.2 \(Linear\)\s+\[1, 2\]\s+10\n/);
    expect(s.endsWith("Total: 26 parameters (10 trainable, 16 frozen)")).toBe(true);

    const shared = new nn.Linear(2, 2, { seed: 0 });
    class Twice extends nn.Module {
      a = this.registerModule("a", shared);
      forward(x: Tensor): Tensor {
        return this.a.forward(this.a.forward(x));
      }
    }
    const t = new Twice().summary(tensor([[1, 2]]));
    expect(t).toMatch(/\na \(Linear\)\s+\[1, 2\] ×2\s+6\n/);
    expect(t.endsWith("Total: 6 parameters (6 trainable, 0 frozen)")).toBe(true);
  });

  it("a layer the forward never calls shows —, and a bad example is refused", () => {
    class Unused extends nn.Module {
      used = this.registerModule("used", new nn.Linear(2, 2, { seed: 0 }));
      spare = this.registerModule("spare", new nn.Linear(2, 2, { seed: 1 }));
      forward(x: Tensor): Tensor {
        return this.used.forward(x);
      }
    }
    expect(new Unused().summary(tensor([[1, 2]]))).toMatch(/\nspare \(Linear\)\s+—\s+6\n/);
    expect(() => net().summary([1, 2] as never)).toThrow(ValueError);
  });
});
