/** @file Interrupted writes: temporary files are recognisable, removed on errors and signals, and swept when stale; directories are named. */
import { spawn, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel, loadSafetensors, nn, saveSafetensors, tensor, ValueError, writeFileAtomic } from "../../src/index.js";
import { atomicWrite } from "../../src/io/node-files.js";
import { sweepStaleTemps, tempOwner } from "../../src/io/temp-files.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "chainrule-interrupt-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited (so no live process has it, barring reuse within the test). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(r.stdout.toString());
}

/** Runs the slow-write fixture on `target`, sends `signal` once it is writing, and resolves with its exit code. */
function interruptedWrite(target: string, signal: NodeJS.Signals): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "fixtures", "slow-write.ts"), target], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (b: Buffer) => {
    out += b.toString();
    if (out.includes("writing")) child.kill(signal);
  });
  child.stderr.on("data", (b: Buffer) => (out += b.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out })));
}

describe("interrupted writes", () => {
  it("a temporary file is named .<target>.<pid>.<random>.tmp beside its target while it is written", async () => {
    const target = join(dir, "named.bin");
    let seen: string[] = [];
    await atomicWrite(
      target,
      (async function* () {
        yield new Uint8Array(10);
        seen = await readdir(dir);
        yield new Uint8Array(10);
      })(),
    );
    const temps = seen.filter((n) => tempOwner(n, "named.bin") === process.pid);
    expect(temps).toHaveLength(1);
    expect(temps[0]).toMatch(/^\.named\.bin\.\d+\.[a-z0-9]{6}\.tmp$/);
    expect((await readdir(dir)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    it(`${signal} during a write removes the temporary file, keeps the previous file and exits with ${code}`, async () => {
      const sub = join(dir, signal);
      await mkdir(sub);
      const target = join(sub, "model.safetensors");
      await writeFile(target, "previous");
      const r = await interruptedWrite(target, signal);
      expect(r.out).not.toContain("finished");
      expect(r.code).toBe(code);
      expect(await readdir(sub)).toEqual(["model.safetensors"]);
      expect(await readFile(target, "utf8")).toBe("previous");
    }, 30_000);
  }

  it("stale temporary files of the same target left by dead processes are swept on the next save; others stay", async () => {
    const sub = join(dir, "sweep");
    await mkdir(sub);
    const dead = deadPid();
    const stale = [`.m.safetensors.${dead}.abc123.tmp`, `.m.safetensors.${dead}.zzz999.tmp`];
    const keep = [`.m.safetensors.${process.ppid}.live00.tmp`, `.other.safetensors.${dead}.abc123.tmp`, "m.safetensors.tmp", "notes.txt"];
    for (const n of [...stale, ...keep]) await writeFile(join(sub, n), "x");
    await saveSafetensors(join(sub, "m.safetensors"), { w: tensor([1]) });
    expect((await readdir(sub)).sort()).toEqual([...keep, "m.safetensors"].sort());
    expect(await sweepStaleTemps(join(sub, "m.safetensors"))).toEqual([]);
  });

  it("a path that is a directory is named in the error, for saving and for loading", async () => {
    const sub = join(dir, "a-directory");
    await mkdir(sub);
    await expect(saveSafetensors(sub, { w: tensor([1]) })).rejects.toThrow(ValueError);
    await expect(saveSafetensors(sub, { w: tensor([1]) })).rejects.toThrow(`cannot write "${sub}": "${sub}" is a directory`);
    await expect(loadSafetensors(sub)).rejects.toThrow(`cannot read "${sub}": it is a directory; name a file inside it.`);
    await expect(loadModel(sub, new nn.Linear(1, 1))).rejects.toThrow(`cannot read "${sub}": it is a directory`);
  });

  it("a missing directory is named in the error with the fix, and nothing is created", async () => {
    const target = join(dir, "no", "such", "file.svg");
    await expect(writeFileAtomic(target, "<svg/>")).rejects.toThrow(
      `cannot write "${target}": the directory "${join(dir, "no", "such")}" does not exist; create it first (mkdir -p ${join(dir, "no", "such")})`,
    );
    await expect(loadSafetensors(target)).rejects.toThrow(`cannot read "${target}": no such file`);
  });

  it("writeFileAtomic writes text and bytes", async () => {
    await writeFileAtomic(join(dir, "t.txt"), "héllo");
    expect(await readFile(join(dir, "t.txt"), "utf8")).toBe("héllo");
    await writeFileAtomic(join(dir, "b.bin"), new Uint8Array([1, 2, 3]));
    expect([...(await readFile(join(dir, "b.bin")))]).toEqual([1, 2, 3]);
  });
});
