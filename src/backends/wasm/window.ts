/** @file The wasm im2col and col2im (assembly/window.ts): large windows are copied inside WebAssembly memory, so the columns stay there for the product that reads them. */
import type { TypedArray } from "../../tensor/dtype.js";
import { col2imJs, im2colJs } from "../js/conv.js";
import type { WindowGeometry } from "../kernels.js";
import type { Arena } from "./arena.js";
import type { WasmRuntime, WindowGeometryArgs } from "./module.js";

/**
 * Below this many column entries the JavaScript loops win (the copies into the arena cost more). Measured
 * for im2col, 3×3 windows, best of 7: 324 entries JS 1.9 µs / wasm 2.7 µs; 900: 2.2 / 1.3; 6,912: 13.6 / 9.6.
 */
export const windowTuning = { minElements: 1024 };

/** The geometry as the kernels take it: n, c, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow. */
function dims(g: WindowGeometry): WindowGeometryArgs {
  return [g.n, g.c, g.h, g.w, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.oh, g.ow];
}

/**
 * Builds the backend's im2col and col2im: x (or the columns) copied into the arena unless an
 * intact copy is there, the window copy run there, the result copied out and remembered as the
 * array's copy (so the product that reads the columns next finds them in place).
 * @example
 * const { im2col } = makeWasmWindow(rt, arena); im2col(x, geometry, 0, out);
 */
export function makeWasmWindow(
  rt: WasmRuntime,
  arena: Arena,
): {
  im2col: (x: TypedArray, g: WindowGeometry, padValue: number, out: TypedArray) => void;
  col2im: (cols: TypedArray, g: WindowGeometry, out: TypedArray) => void;
} {
  const ex = rt.exports;
  const floats = (a: TypedArray) => a instanceof Float32Array || a instanceof Float64Array;
  return {
    im2col(x, g, padValue, out) {
      const n = out.length;
      if (
        n < windowTuning.minElements ||
        !floats(out) ||
        x.constructor !== out.constructor ||
        !arena.begin((x.length + n) * out.BYTES_PER_ELEMENT, [x])
      )
        return im2colJs(x, g, padValue, out);
      const px = arena.put(x);
      const po = arena.take(out, n);
      (out instanceof Float64Array ? ex.im2col64 : ex.im2col32)(px, po, ...dims(g), padValue);
      arena.get(po, out);
    },
    col2im(cols, g, out) {
      const n = cols.length;
      if (
        n < windowTuning.minElements ||
        !floats(out) ||
        cols.constructor !== out.constructor ||
        !arena.begin((n + out.length) * out.BYTES_PER_ELEMENT, [cols])
      )
        return col2imJs(cols, g, out);
      const pc = arena.put(cols);
      // the sums start from out's values (callers pass zeros), copied in like an operand
      const po = arena.take(out, out.length);
      arena.views.of(out).set(out, po / out.BYTES_PER_ELEMENT);
      (out instanceof Float64Array ? ex.col2im64 : ex.col2im32)(pc, po, ...dims(g));
      arena.get(po, out);
    },
  };
}
