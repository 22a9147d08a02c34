/** @file Keys that come from outside (file headers, state dicts, module names) such as "__proto__" or "constructor" stay plain keys. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decodeSafetensors,
  encodeSafetensors,
  loadModel,
  loadSafetensors,
  nn,
  optim,
  saveModel,
  saveSafetensors,
  tensor,
  ValueError,
  type Tensor,
} from "../../src/index.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "chainrule-keys-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Raw safetensors bytes for a JSON header written by hand (so it can hold any key) and zeroed data. */
function rawFile(header: string, dataBytes: number): Uint8Array {
  const json = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + json.length + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  return out;
}

/** A module whose parameters have names that are also names of Object.prototype's members. */
class Awkward extends nn.Module {
  a = this.registerParameter("__proto__", tensor([1, 2, 3], { requiresGrad: true }));
  b = this.registerParameter("constructor", tensor([4, 5], { requiresGrad: true }));
  c = this.registerParameter("toString", tensor([6], { requiresGrad: true }));
  forward(x: Tensor): Tensor {
    return x.mul(this.a.sum()).add(this.b.sum()).add(this.c.sum());
  }
}

describe("keys from outside are plain keys", () => {
  it("a header entry named __proto__ decodes as a tensor, not as the record's prototype", () => {
    const bytes = rawFile(
      '{"__proto__":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}',
      12,
    );
    const { tensors } = decodeSafetensors(bytes);
    expect(Object.keys(tensors).sort()).toEqual(["__proto__", "w"]);
    expect(Object.getPrototypeOf(tensors)).toBe(null);
    const inherited: string[] = [];
    for (const k in tensors) inherited.push(k);
    expect(inherited.sort()).toEqual(["__proto__", "w"]);
    expect("shape" in tensors).toBe(false);
    expect(Object.getOwnPropertyDescriptor(tensors, "__proto__")?.value?.shape).toEqual([2]);
  });

  it("metadata keys named __proto__ or constructor decode as own string entries", () => {
    const { metadata } = decodeSafetensors(rawFile('{"__metadata__":{"__proto__":"x","constructor":"y"}}', 0));
    expect(Object.entries(metadata)).toEqual([
      ["__proto__", "x"],
      ["constructor", "y"],
    ]);
  });

  it("a tensor named __proto__ round-trips through encode/decode and through a file", async () => {
    const tensors = Object.create(null) as Record<string, Tensor>;
    tensors["__proto__"] = tensor([1, 2]);
    tensors["constructor"] = tensor([3]);
    const back = decodeSafetensors(encodeSafetensors(tensors, { __proto__x: "1" }));
    expect(Object.keys(back.tensors)).toEqual(["__proto__", "constructor"]);
    expect(Array.from(back.tensors["__proto__"]!.data)).toEqual([1, 2]);
    const path = join(dir, "proto.safetensors");
    await saveSafetensors(path, tensors);
    const file = await loadSafetensors(path);
    expect(Array.from(file.tensors["__proto__"]!.data)).toEqual([1, 2]);
    expect(Array.from(file.tensors["constructor"]!.data)).toEqual([3]);
  });

  it("module parameters named __proto__, constructor and toString round-trip through saveModel/loadModel with optimizer state", async () => {
    const path = join(dir, "awkward.safetensors");
    const m = new Awkward();
    const opt = new optim.Adam(m.parameters(), { lr: 0.1 });
    m.forward(tensor([1, 2]))
      .sum()
      .backward();
    opt.step();
    await saveModel(path, m, opt);
    const file = await loadSafetensors(path);
    expect(Object.keys(file.tensors)).toContain("__proto__");
    expect(Object.keys(file.tensors)).toContain("optimizer/__proto__/expAvg");
    const m2 = new Awkward();
    const opt2 = new optim.Adam(m2.parameters(), { lr: 0.1 });
    await loadModel(path, m2, opt2);
    expect(m2.parameters().map((p) => Array.from(p.data))).toEqual(m.parameters().map((p) => Array.from(p.data)));
    expect(opt2.stateDict()).toEqual(opt.stateDict());
  });

  it("stateDict keeps a parameter named __proto__ as an own key, and loadStateDict does not find inherited members", () => {
    const m = new Awkward();
    const sd = m.stateDict();
    expect(Object.keys(sd)).toEqual(["__proto__", "constructor", "toString"]);
    const m2 = new Awkward();
    m2.loadStateDict(sd);
    const partial = Object.fromEntries(Object.entries(sd).filter(([k]) => k !== "constructor"));
    expect(() => m2.loadStateDict(partial)).toThrow(ValueError);
    expect(() => m2.loadStateDict(partial)).toThrow(/no value for parameter "constructor"/);
  });
});
