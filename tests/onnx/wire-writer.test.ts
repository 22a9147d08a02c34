/** @file chainrule's protobuf writer gives the same bytes as protobufjs's Writer for every call the ONNX encoder makes. */
import protobuf from "protobufjs/minimal.js";
import { describe, expect, it } from "vitest";
import { ProtoWriter } from "../../src/onnx/wire-writer.js";
import { ExportError } from "../../src/errors.js";

type Call = (w: {
  uint32(v: number): unknown;
  int32(v: number): unknown;
  int64(v: number): unknown;
  float(v: number): unknown;
  string(s: string): unknown;
  bytes(b: Uint8Array): unknown;
  fork(): unknown;
  ldelim(): unknown;
}) => void;

/** Runs the same calls on both writers and returns both outputs as plain arrays. */
function both(calls: Call[]): [number[], number[]] {
  const ours = new ProtoWriter();
  const theirs = protobuf.Writer.create();
  for (const c of calls) {
    c(ours);
    c(theirs);
  }
  return [[...ours.finish()], [...theirs.finish()]];
}

describe("ProtoWriter", () => {
  it("writes varints like protobufjs: 0, 1, 127, 128, 300, 2³¹−1, 2³², negatives (ten bytes)", () => {
    const ints = [0, 1, 127, 128, 300, 16383, 16384, 2 ** 31 - 1, -1, -2, -(2 ** 31)];
    const longs = [...ints, 2 ** 32, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER, -(2 ** 40), Number.MIN_SAFE_INTEGER];
    const [a, b] = both([
      ...ints
        .filter((v) => v >= 0)
        .map(
          (v): Call =>
            (w) =>
              w.uint32(v),
        ),
      ...ints.map(
        (v): Call =>
          (w) =>
            w.int32(v),
      ),
      ...longs.map(
        (v): Call =>
          (w) =>
            w.int64(v),
      ),
    ]);
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(60);
  });

  it("writes float32s, UTF-8 strings and bytes like protobufjs", () => {
    const [a, b] = both([
      (w) => w.float(0.1),
      (w) => w.float(-3.5e38),
      (w) => w.float(NaN),
      (w) => w.float(-0),
      (w) => w.string(""),
      (w) => w.string("∂loss/∂W — σ(z) 🙂"),
      (w) => w.bytes(new Uint8Array([0, 255, 7])),
      (w) => w.bytes(new Uint8Array(300).map((_, i) => i & 0xff)),
    ]);
    expect(a).toEqual(b);
  });

  it("nests length-delimited sub-messages (fork/ldelim) like protobufjs, including long ones and a large buffer", () => {
    const big = new Uint8Array(70_000).map((_, i) => (i * 31) & 0xff);
    const [a, b] = both([
      (w) => w.uint32((7 << 3) | 2),
      (w) => w.fork(),
      (w) => w.uint32((1 << 3) | 2),
      (w) => w.fork(),
      (w) => w.string("x".repeat(200)),
      (w) => w.ldelim(),
      (w) => w.uint32((5 << 3) | 2),
      (w) => w.fork(),
      (w) => w.bytes(big),
      (w) => w.ldelim(),
      (w) => w.ldelim(),
      (w) => w.uint32(8 << 3),
      (w) => w.int64(-1),
    ]);
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(70_200);
  });

  it("names the mistake when sub-messages do not balance", () => {
    expect(() => new ProtoWriter().ldelim()).toThrow(ExportError);
    expect(() => new ProtoWriter().fork().finish()).toThrow(/1 sub-message\(s\) still open/);
  });
});
