/** @file `npm run bench` flags: parsed with commander, so --help exits without running and unknown flags are errors. */
import { describe, expect, it } from "vitest";
import { benchProgram, parseBenchArgs } from "../../bench/options.js";

function parse(...args: string[]): ReturnType<typeof parseBenchArgs> {
  const program = benchProgram()
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} });
  return parseBenchArgs(["node", "run.js", ...args], program);
}

describe("bench flags", () => {
  it("--help exits with the help instead of running the benchmark", () => {
    let out = "";
    const program = benchProgram()
      .exitOverride()
      .configureOutput({ writeOut: (s) => void (out += s) });
    expect(() => parseBenchArgs(["node", "run.js", "--help"], program)).toThrow(
      expect.objectContaining({ code: "commander.helpDisplayed" }),
    );
    expect(out).toContain("--only <workloads>");
  });

  it("an unknown flag is an error, not ignored", () => {
    expect(() => parse("--qiuck")).toThrow(expect.objectContaining({ code: "commander.unknownOption" }));
    expect(() => parse("stray")).toThrow(expect.objectContaining({ code: "commander.excessArguments" }));
    expect(() => parse("--steps=abc", "--memory")).toThrow(/--steps must be an integer ≥ 1, got "abc"/);
  });

  it("the documented flags parse, in both --flag=value and --flag value forms", () => {
    expect(parse()).toEqual({
      json: false,
      quick: false,
      inProcess: false,
      memory: false,
      steps: 10_000,
      only: undefined,
      peers: undefined,
      backend: "wasm",
    });
    expect(parse("--only=mlp-step,matmul-1024", "--quick", "--json", "--peers", "chainrule,jax-js", "--in-process")).toEqual({
      json: true,
      quick: true,
      inProcess: true,
      memory: false,
      steps: 10_000,
      only: "mlp-step,matmul-1024",
      peers: ["chainrule", "jax-js"],
      backend: "wasm",
    });
    expect(parse("--backend=webgpu", "--quick")).toMatchObject({ backend: "webgpu", quick: true });
    expect(() => parse("--backend", "cuda")).toThrow(/--backend must be wasm .* or webgpu/);
    expect(parse("--memory", "--steps=50")).toMatchObject({ memory: true, steps: 50 });
  });
});
