/** @file Converting dtypes: cast (differentiable between floats, truncating to int32) — and its record. */
import { hostValues } from "../backends/storage.js";
import { ValueError } from "../errors.js";
import { allocate, checkAnyDType, type DType, type TypedArray } from "../tensor/dtype.js";
import { INT32_MAX, INT32_MIN } from "../tensor/int32-range.js";
import { Tensor } from "../tensor/tensor.js";
import { checkAnyTensor, result } from "./apply.js";
import { one, type PrimitiveTable } from "./primitive.js";

/**
 * Converts to another dtype. Between floats it is differentiable (the gradient is converted back).
 * To int32 it truncates toward zero (2.7 → 2, −2.7 → −2), refuses NaN, ±Infinity and values outside
 * the int32 range, and is not differentiable (the result never requires grad). From int32 to a float
 * it is exact (float32 rounds integers above 2²⁴ to the nearest float).
 * @example
 * cast(tensor([1.5]), "float64").dtype; // "float64"
 * cast(tensor([2.7, -2.7]), "int32").toArray(); // [2, -2]
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  checkAnyTensor(x, "cast");
  checkAnyDType(dtype, "cast");
  if (dtype === x.dtype) return x;
  const out = allocate(dtype, x.size);
  if (dtype === "int32") {
    truncateInto(x, out);
    return new Tensor(out, x.shape.slice());
  }
  // converted on the CPU: a device backend's tensor must still hold its host values (else a clear error, no readback)
  out.set(hostValues(x.store, "cast"));
  return result("cast", out, x.shape.slice(), [x], { dtype: x.dtype });
}

/** Writes x's values truncated toward zero into `out`, refusing what int32 cannot hold. */
function truncateInto(x: Tensor, out: TypedArray): void {
  const src = hostValues(x.store, "cast");
  for (let i = 0; i < src.length; i++) {
    const v = Math.trunc(src[i]!);
    if (!(v >= INT32_MIN && v <= INT32_MAX)) {
      throw new ValueError(
        `cast: element ${i} of ${x.describe()} is ${src[i]}, which int32 cannot hold (whole numbers in ${INT32_MIN}..${INT32_MAX}); clamp it or replace non-finite values (where(...)) before casting.`,
      );
    }
    out[i] = v;
  }
}

/**
 * The record of cast (internal: read through the registry): the gradient is converted back.
 * @internal
 */
export const castPrimitives = {
  // a dtype conversion is the identity on values; the gradient is converted back
  cast: {
    derivative: "∂y/∂x = 1",
    latex: "\\frac{\\partial y}{\\partial x} = 1",
    vjp: (g, _x, _y, attrs: { readonly dtype: DType }) => [cast(g, attrs.dtype)],
    // reruns see inputs already in the checked dtype: the identity
    rerun: ([x]) => x!,
    glyph: ["cast", "\\operatorname{cast}"],
    local: () => one(),
  },
} satisfies PrimitiveTable;
