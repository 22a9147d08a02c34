/** @file Files of 2 GiB and more: writes and reads go through a file handle in bounded chunks, never one call or readFile for the whole file. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/** Lengths of every read and write through a file handle, and the number of readFile calls. */
const calls = vi.hoisted(() => ({ reads: [] as number[], writes: [] as number[], readFile: 0 }));

vi.mock("node:fs/promises", async (importOriginal) => {
  const fsp = await importOriginal<typeof import("node:fs/promises")>();
  const open: typeof fsp.open = async (...args) => {
    const handle = await fsp.open(...args);
    return new Proxy(handle, {
      get(target, key) {
        const v = Reflect.get(target, key, target) as unknown;
        if (key === "read")
          return (buf: Uint8Array, off: number, len: number, pos: number) => (calls.reads.push(len), target.read(buf, off, len, pos));
        if (key === "write") return (buf: Uint8Array, off: number, len: number) => (calls.writes.push(len), target.write(buf, off, len));
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
  };
  const readFile = (async (...args: Parameters<typeof fsp.readFile>) => {
    calls.readFile++;
    return fsp.readFile(...args);
  }) as typeof fsp.readFile;
  return { ...fsp, default: { ...fsp, open, readFile }, open, readFile };
});

const { loadModel, loadSafetensors, nn, randn, saveModel, saveSafetensors, tensor, zeros } = await import("../../src/index.js");
const { atomicWrite } = await import("../../src/io/node-files.js");
const { encodeSafetensorsChunks } = await import("../../src/io/safetensors.js");
const { readSafetensorsFile } = await import("../../src/io/safetensors-read.js");

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "chainrule-large-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function reset(): void {
  calls.reads.length = 0;
  calls.writes.length = 0;
  calls.readFile = 0;
}

describe("files of any size", () => {
  it("a save writes each tensor in calls of at most the chunk size, and the file reads back exactly", async () => {
    const path = join(dir, "chunked.safetensors");
    const a = randn([7, 5], { seed: 1, dtype: "float64" });
    const b = randn([13], { seed: 2 });
    reset();
    await atomicWrite(path, encodeSafetensorsChunks({ a, b }, { note: "small chunks" }), { chunkSize: 16 });
    expect(Math.max(...calls.writes)).toBeLessThanOrEqual(16);
    expect(calls.writes.reduce((s, n) => s + n, 0)).toBeGreaterThan(7 * 5 * 8 + 13 * 4);
    const file = await loadSafetensors(path);
    expect(file.tensors["a"]!.data).toEqual(a.data);
    expect(file.tensors["b"]!.data).toEqual(b.data);
    expect(file.metadata["note"]).toBe("small chunks");
  });

  it("a load reads the header, then each tensor in calls of at most the chunk size, and never readFile", async () => {
    const path = join(dir, "read.safetensors");
    const w = randn([40, 3], { seed: 3 });
    await saveSafetensors(path, { w, bias: tensor([1, 2, 3]) });
    reset();
    const file = await readSafetensorsFile(path, { chunkSize: 32 });
    expect(calls.readFile).toBe(0);
    expect(Math.max(...calls.reads)).toBeLessThanOrEqual(32);
    expect(calls.reads[0]).toBe(8);
    expect(file.tensors["w"]!.data).toEqual(w.data);
    expect(Array.from(file.tensors["bias"]!.data)).toEqual([1, 2, 3]);
  });

  it("loadSafetensors and loadModel on a path never call readFile", async () => {
    const path = join(dir, "model.safetensors");
    const m = new nn.MLP([3, 4, 2], { seed: 0 });
    await saveModel(path, m);
    reset();
    await loadSafetensors(path);
    const m2 = new nn.MLP([3, 4, 2], { seed: 9 });
    await loadModel(path, m2);
    expect(calls.readFile).toBe(0);
    expect(m2.parameters().map((p) => p.dataSync())).toEqual(m.parameters().map((p) => p.dataSync()));
  });

  it("a file cut short while being streamed is a FormatError naming the file", async () => {
    const path = join(dir, "short.safetensors");
    await saveSafetensors(path, { w: zeros([100]) });
    const { truncate } = await import("node:fs/promises");
    await truncate(path, 200);
    await expect(loadSafetensors(path)).rejects.toThrow(`${path}: decodeSafetensors: tensor "w": truncated file`);
  });

  // 2.4 GB on disk and in memory: too heavy for every run; CHAINRULE_LARGE_IO=1 runs it
  it.runIf(process.env["CHAINRULE_LARGE_IO"] === "1")(
    "a 2.4 GB tensor saves and loads (CHAINRULE_LARGE_IO=1)",
    async () => {
      const path = join(dir, "huge.safetensors");
      const n = 600_000_000;
      const big = zeros([n]);
      big.data[0] = 1;
      big.data[n - 1] = 2;
      await saveSafetensors(path, { big });
      const file = await loadSafetensors(path);
      const back = file.tensors["big"]!.data;
      expect(back.length).toBe(n);
      expect([back[0], back[1], back[n - 1]]).toEqual([1, 0, 2]);
      await rm(path);
    },
    300_000,
  );
});
