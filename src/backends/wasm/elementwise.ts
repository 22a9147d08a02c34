/** @file wasm SIMD elementwise kernels behind the kernel table: large arrays go to WebAssembly, small ones stay in JavaScript. */
import type { TypedArray } from "../../tensor/dtype.js";
import type { Shape } from "../../tensor/shape.js";
import type {
  BinaryKernel,
  BinaryKernelName,
  ReduceKernel,
  ReduceKernelName,
  UnaryGradKernel,
  UnaryGradKernelName,
  UnaryKernel,
  UnaryKernelName,
} from "../kernels.js";
import { unaryGradKernels } from "../js/elementwise.js";
import { blockInner, fastBinaryKernels, fastUnaryKernels, pattern } from "./fast-elementwise.js";
import { fastReduceKernels } from "./fast-reduce.js";
import type { Arena } from "./arena.js";
import { GRAD_OP_CODES, UNARY_OP_CODES } from "./op-codes.generated.js";
import type { WasmRuntime } from "./module.js";

/** Below this many elements the JavaScript loop wins (the copies and the call cost more; measured crossover ~300–400). */
export const elementwiseTuning = { minElements: 512 };

const BINARY_OPS = { add: 0, sub: 1, mul: 2, div: 3 } as const;
const PATTERN = { VV: 0, VS: 1, SV: 2, VR: 3, RV: 4, VC: 5, CV: 6 } as const;
// the SIMD maps' op codes, numbered by scripts/build-wasm.ts from assembly/: each unary kernel named
// there goes to WebAssembly (the compiler checks it is a kernel name); every derivative map must be there
const GRAD_OPS: { readonly [K in UnaryGradKernelName]: number } = GRAD_OP_CODES;

/** One kernel per op code: `make(name)` for each name of `codes`. */
function routed<K extends string, T>(codes: { readonly [N in K]: number }, make: (name: K) => T): { [N in K]: T } {
  return Object.fromEntries(Object.keys(codes).map((name) => [name, make(name as K)])) as { [N in K]: T };
}

/** The elementwise and reduction tables of the wasm backend. */
export interface WasmElementwise {
  unary: { readonly [K in UnaryKernelName]: UnaryKernel };
  binary: { readonly [K in BinaryKernelName]: BinaryKernel };
  unaryGrad: { readonly [K in UnaryGradKernelName]: UnaryGradKernel };
  reduce: { readonly [K in ReduceKernelName]: ReduceKernel };
}

/**
 * Builds the tables: SIMD WebAssembly for add/sub/mul/div (same shape, scalar, row and column
 * broadcasts), relu/neg/square/step, the derivative maps and column sums; written-out JavaScript
 * loops for everything else and for small arrays.
 * @example
 * const ew = makeWasmElementwise(rt, new Arena(rt)); ew.unary.relu(x, out);
 */
export function makeWasmElementwise(rt: WasmRuntime, arena: Arena): WasmElementwise {
  const ex = rt.exports;

  const binary = (name: keyof typeof BINARY_OPS): BinaryKernel => {
    const js = fastBinaryKernels[name];
    const op = BINARY_OPS[name];
    return (a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape) => {
      const n = out.length;
      let len = outShape.length > 0 ? outShape[outShape.length - 1]! : 1;
      let pat = -1;
      // a block operand ([C, 1, 1] against [N, C, H, W]) runs as one column pattern per leading block
      let blocks = 1;
      if (n >= elementwiseTuning.minElements) {
        const full = a.length === n;
        const small = full ? b : a;
        const p = full || b.length === n ? pattern(small, full ? bShape : aShape, outShape, n) : null;
        if (p === "same" && full) pat = PATTERN.VV;
        else if (p === "scalar") pat = full ? PATTERN.VS : PATTERN.SV;
        else if (p === "row") {
          pat = full ? PATTERN.VR : PATTERN.RV;
          len = small.length;
        } else if (p === "prefix" || (p === "column" && small.length * len === n)) {
          pat = full ? PATTERN.VC : PATTERN.CV;
          len = n / small.length;
        } else if (p === "block") {
          pat = full ? PATTERN.VC : PATTERN.CV;
          len = blockInner(full ? bShape : aShape, outShape);
          blocks = n / (len * small.length);
        }
      }
      if (pat < 0 || !arena.begin((a.length + b.length + n) * out.BYTES_PER_ELEMENT, [a, b]))
        return js(a, aShape, b, bShape, out, outShape);
      const pa = arena.put(a);
      const pb = arena.put(b);
      const po = arena.take(out, n);
      const run = out instanceof Float64Array ? ex.binary64 : ex.binary32;
      if (blocks === 1) run(op, pat, pa, pb, po, n, len);
      else {
        const bytes = (n / blocks) * out.BYTES_PER_ELEMENT;
        const full = pat === PATTERN.VC;
        for (let k = 0; k < blocks; k++)
          run(op, pat, full ? pa + k * bytes : pa, full ? pb : pb + k * bytes, po + k * bytes, n / blocks, len);
      }
      arena.get(po, out);
    };
  };

  const unary = (name: keyof typeof UNARY_OP_CODES): UnaryKernel => {
    const js = fastUnaryKernels[name];
    const op = UNARY_OP_CODES[name];
    return (x: TypedArray, out: TypedArray) => {
      const n = out.length;
      if (n < elementwiseTuning.minElements || !arena.begin(2 * n * out.BYTES_PER_ELEMENT, [x])) return js(x, out);
      const px = arena.put(x);
      const po = arena.take(out, n);
      (out instanceof Float64Array ? ex.unary64 : ex.unary32)(op, px, po, n);
      arena.get(po, out);
    };
  };

  const grad = (name: UnaryGradKernelName): UnaryGradKernel => {
    const js = unaryGradKernels[name];
    const op = GRAD_OPS[name];
    return (g: TypedArray, v: TypedArray, out: TypedArray) => {
      const n = out.length;
      if (n < elementwiseTuning.minElements || !arena.begin(3 * n * out.BYTES_PER_ELEMENT, [g, v])) return js(g, v, out);
      const pg = arena.put(g);
      const pv = arena.put(v);
      const po = arena.take(out, n);
      (out instanceof Float64Array ? ex.unaryGrad64 : ex.unaryGrad32)(op, pg, pv, po, n);
      arena.get(po, out);
    };
  };

  // sum over one contiguous run of axes with a kept inner run: column sums of each outer block
  const sum: ReduceKernel = (x, shape, axes, out) => {
    const js = fastReduceKernels.sum;
    if (x.length < elementwiseTuning.minElements || axes.length === 0) return js(x, shape, axes, out);
    for (let i = 1; i < axes.length; i++) if (axes[i] !== axes[i - 1]! + 1) return js(x, shape, axes, out);
    let outer = 1;
    let red = 1;
    let inner = 1;
    shape.forEach((d, i) => (i < axes[0]! ? (outer *= d) : i <= axes[axes.length - 1]! ? (red *= d) : (inner *= d)));
    if (inner < 4 || red === 0 || !arena.begin((x.length + out.length) * out.BYTES_PER_ELEMENT, [x])) return js(x, shape, axes, out);
    const px = arena.put(x);
    const po = arena.take(out, out.length);
    const e = out.BYTES_PER_ELEMENT;
    const f = out instanceof Float64Array ? ex.colSum64 : ex.colSum32;
    for (let o = 0; o < outer; o++) f(px + o * red * inner * e, po + o * inner * e, red, inner);
    arena.get(po, out);
  };

  return {
    unary: { ...fastUnaryKernels, ...routed(UNARY_OP_CODES, unary) },
    binary: { ...fastBinaryKernels, add: binary("add"), sub: binary("sub"), mul: binary("mul"), div: binary("div") },
    unaryGrad: routed(GRAD_OPS, grad),
    reduce: { ...fastReduceKernels, sum },
  };
}
