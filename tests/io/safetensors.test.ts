/** @file safetensors bytes: encoding, decoding and every corrupt-header case. */
import { describe, expect, it } from "vitest";
import { decodeSafetensors, encodeSafetensors, FormatError, tensor, zeros } from "../../src/index.js";

const bytesOf = (a: Float32Array | Float64Array | Int32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** A file assembled by hand from the format's description, independent of the encoder. */
function handMade(header: unknown, data: Uint8Array, pad = true): Uint8Array {
  let json = new TextEncoder().encode(typeof header === "string" ? header : JSON.stringify(header));
  if (pad && json.length % 8 !== 0) {
    const p = new Uint8Array(Math.ceil(json.length / 8) * 8).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

const f32 = (...v: number[]): Uint8Array => bytesOf(new Float32Array(v));

describe("safetensors bytes", () => {
  it("round-trips float32 and float64 bit for bit, including −0, subnormals, ±Infinity and NaN", () => {
    const special = [0, -0, 1e-45, -3.4e38, Infinity, -Infinity, NaN, Math.PI];
    const a = tensor(special, { allowNonFinite: true });
    const b = tensor(
      [
        [5e-324, -0, NaN],
        [1 / 3, -Infinity, 2 ** 60],
      ],
      { dtype: "float64", allowNonFinite: true },
    );
    const s = tensor(7, { dtype: "float64" });
    const e = zeros([0, 3]);
    const file = decodeSafetensors(encodeSafetensors({ a, b, s, e }, { epoch: "3", note: "ünïcode ✓" }));
    expect(bytesOf(file.tensors["a"]!.data)).toEqual(bytesOf(a.data));
    expect(bytesOf(file.tensors["b"]!.data)).toEqual(bytesOf(b.data));
    expect(file.tensors["b"]!.dtype).toBe("float64");
    expect(file.tensors["b"]!.shape).toEqual([2, 3]);
    expect(file.tensors["s"]!.shape).toEqual([]);
    expect(file.tensors["s"]!.item()).toBe(7);
    expect(file.tensors["e"]!.shape).toEqual([0, 3]);
    expect(file.metadata).toEqual({ epoch: "3", note: "ünïcode ✓" });
  });

  it("writes the layout the format specifies: u64 little-endian length, padded JSON header, contiguous data", () => {
    const bytes = encodeSafetensors({ w: tensor([[1, 2]]), v: tensor([3], { dtype: "float64" }) }, { k: "v" });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, unknown>;
    expect(header).toEqual({
      __metadata__: { k: "v" },
      w: { dtype: "F32", shape: [1, 2], data_offsets: [0, 8] },
      v: { dtype: "F64", shape: [1], data_offsets: [8, 16] },
    });
    expect(bytes.length).toBe(8 + n + 16);
    expect(Array.from(new Float32Array(bytes.slice(8 + n, 8 + n + 8).buffer))).toEqual([1, 2]);
  });

  it("reads a file made by hand from the specification (unpadded header, tensors out of order)", () => {
    const data = new Uint8Array([...f32(9), ...f32(1, 2, 3, 4)]);
    const file = decodeSafetensors(
      handMade(
        {
          m: { dtype: "F32", shape: [2, 2], data_offsets: [4, 20] },
          s: { dtype: "F32", shape: [], data_offsets: [0, 4] },
        },
        data,
        false,
      ),
    );
    expect(file.tensors["m"]!.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(file.tensors["s"]!.item()).toBe(9);
    expect(file.metadata).toEqual({});
  });

  const good = { w: { dtype: "F32", shape: [2], data_offsets: [0, 8] } };
  const cases: [string, () => Uint8Array, RegExp][] = [
    ["fewer than 8 bytes", () => new Uint8Array(3), /truncated file: 3 bytes/],
    [
      "a header longer than the file",
      () => handMade(good, f32(1, 2)).slice(0, 20),
      /truncated file: the header needs 56 bytes but only 12 follow/,
    ],
    [
      "an absurd header length",
      () => {
        const b = handMade(good, f32(1, 2));
        new DataView(b.buffer).setBigUint64(0, 2n ** 40n, true);
        return b;
      },
      /bad header: its length field says 1099511627776 bytes/,
    ],
    ["a header that is not JSON", () => handMade('{"w": {', f32(1, 2)), /bad header: not valid JSON/],
    ["a header that is a JSON array", () => handMade("[1, 2]", new Uint8Array()), /bad header: expected a JSON object/],
    [
      "a header that is not UTF-8",
      () => {
        const b = handMade("{}      ", new Uint8Array());
        b[9] = 0xff;
        return b;
      },
      /not valid UTF-8/,
    ],
    [
      "metadata that is not strings",
      () => handMade({ __metadata__: { epoch: 3 }, ...good }, f32(1, 2)),
      /"__metadata__" entry "epoch" is number/,
    ],
    [
      "dtype F16",
      () => handMade({ w: { dtype: "F16", shape: [2], data_offsets: [0, 4] } }, new Uint8Array(4)),
      /tensor "w": dtype "F16" is not supported; chainrule reads "F32", "F64" and "I32"/,
    ],
    [
      "dtype I64",
      () => handMade({ w: { dtype: "I64", shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)),
      /tensor "w": dtype "I64" is not supported/,
    ],
    [
      "a shape with a negative size",
      () => handMade({ w: { dtype: "F32", shape: [-2], data_offsets: [0, 8] } }, f32(1, 2)),
      /tensor "w": shape \[-2\] is not a list/,
    ],
    [
      "a shape that does not fit the byte range",
      () => handMade({ w: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, f32(1, 2)),
      /tensor "w": shape \[3\] F32 needs 12 bytes but data_offsets \[0, 8\] span 8/,
    ],
    [
      "data_offsets backwards",
      () => handMade({ w: { dtype: "F32", shape: [2], data_offsets: [8, 0] } }, f32(1, 2)),
      /tensor "w": data_offsets \[8,0\] must be \[begin, end\]/,
    ],
    [
      "data cut short",
      () => handMade(good, f32(1, 2)).slice(0, -3),
      /tensor "w": truncated file: its data ends at byte 8 of the data section, which has only 5 bytes/,
    ],
    [
      "overlapping tensors",
      () =>
        handMade(
          {
            a: { dtype: "F32", shape: [2], data_offsets: [0, 8] },
            b: { dtype: "F32", shape: [1], data_offsets: [4, 8] },
          },
          f32(1, 2),
        ),
      /tensor "b": data_offsets \[4, 8\] overlap the previous tensor/,
    ],
    [
      "a gap before a tensor",
      () => handMade({ w: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, f32(1, 2)),
      /tensor "w": data_offsets start at 4, leaving a gap after byte 0/,
    ],
    ["trailing bytes", () => handMade(good, f32(1, 2, 3)), /the data section has 12 bytes but the tensors cover only 8/],
  ];
  for (const [what, make, message] of cases) {
    it(`rejects ${what} with a FormatError that says so`, () => {
      const bytes = make();
      expect(() => decodeSafetensors(bytes)).toThrow(FormatError);
      expect(() => decodeSafetensors(bytes)).toThrow(message);
    });
  }

  it("refuses to encode non-string metadata or a reserved name", () => {
    expect(() => encodeSafetensors({ w: tensor([1]) }, { n: 3 as never })).toThrow(/metadata "n" must be a string/);
    expect(() => encodeSafetensors({ __metadata__: tensor([1]) })).toThrow(/cannot name a tensor/);
  });
});
