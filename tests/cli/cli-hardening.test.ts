/** @file CLI hardening: output paths checked before work starts, size limits, flag validation, --version. */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { runChainrule } from "../helpers/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "chainrule-cli-hard-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const chainrule = runChainrule;

describe("output paths are checked before the first epoch", () => {
  it("train --save into a missing directory fails at once, naming the path and the fix", async () => {
    const save = join(dir, "missing", "m.safetensors");
    const t0 = performance.now();
    await expect(chainrule("train", "--epochs", "50", "--quiet", "--save", save)).rejects.toThrow(
      `train --save: cannot write "${save}": the directory "${join(dir, "missing")}" does not exist; create it first (mkdir -p ${join(dir, "missing")})`,
    );
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("train --save naming a directory fails at once", async () => {
    await expect(chainrule("train", "--epochs", "50", "--quiet", "--save", dir)).rejects.toThrow(
      `train --save: cannot write "${dir}": "${dir}" is a directory`,
    );
  });

  it("train --out naming a file, or under a file, fails at once", async () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "x");
    await expect(chainrule("train", "--epochs", "50", "--quiet", "--out", file)).rejects.toThrow(
      `train --out: cannot write pictures into "${file}": it is a file, not a directory; pick a directory`,
    );
    await expect(chainrule("train", "--epochs", "50", "--quiet", "--out", join(file, "sub"))).rejects.toThrow(
      `train --out: cannot write pictures into "${join(file, "sub")}": "${file}" is a file, not a directory`,
    );
  });

  it("train --out into a directory that does not exist yet still works (it is created)", async () => {
    const out = join(dir, "new", "pictures");
    await chainrule("train", "--epochs", "1", "--quiet", "--json", "--out", out);
    expect(existsSync(join(out, "training.svg"))).toBe(true);
  });

  it("complexity --out naming a file fails before measuring", async () => {
    const file = join(dir, "c-file");
    writeFileSync(file, "x");
    await expect(chainrule("complexity", "--d", "16,32", "--out", file)).rejects.toThrow(
      `complexity --out: cannot write pictures into "${file}": it is a file, not a directory`,
    );
  });
});

describe("sizes and paths given to train", () => {
  it("--layers 100000000 fails at once, naming the parameter count and the limit", async () => {
    const t0 = performance.now();
    await expect(chainrule("train", "--layers", "100000000", "--quiet")).rejects.toThrow(
      /train: --layers 100000000 makes an MLP 2→100000000→2 with 500000002 parameters; the limit is 50000000/,
    );
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it("--load naming a directory says it is a directory", async () => {
    const sub = join(dir, "load-dir");
    mkdirSync(sub);
    await expect(chainrule("train", "--load", sub, "--quiet")).rejects.toThrow(
      `cannot read "${sub}": it is a directory; name a file inside it.`,
    );
  });
});

describe("chainrule --version", () => {
  it("prints the version from package.json", async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package.json"), "utf8")) as { version: string };
    const out = await chainrule("--version").catch((e: { code?: string; message: string }) => e);
    expect((out as { code?: string }).code).toBe("commander.version");
    expect((out as { message: string }).message).toBe(version);
  });
});
