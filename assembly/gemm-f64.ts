/** @file float64 matrix product: cache-blocked, packed panels, a 4×4 register-blocked f64x2 micro-kernel. */
import { madd64 } from "./madd";

const MR: i32 = 4;
const NR: i32 = 4;
const KC: i32 = 256;
const MC: i32 = 64;
const NC: i32 = 512;

/** Bytes of scratch one thread needs: packed A block, packed B panel, one edge tile. */
export function dgemmScratchBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 8;
}

/** Packs op(A)[i0:i0+mc, p0:p0+kc] into MR-row panels (kc × MR interleaved), zero padded. */
function packA(a: usize, rs: i32, cs: i32, mc: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const base = a + (<usize>(ir * rs) << 3);
    if (rows == MR && rs == 1) {
      for (let p = 0; p < kc; p++) {
        const src = base + (<usize>(p * cs) << 3);
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        dst += 32;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++) {
          store<f64>(dst + (<usize>r << 3), r < rows ? load<f64>(base + (<usize>(r * rs + p * cs) << 3)) : 0);
        }
        dst += 32;
      }
    }
  }
}

/** Packs op(B)[p0:p0+kc, j0:j0+nc] into NR-column panels (kc × NR), zero padded. */
function packB(b: usize, rs: i32, cs: i32, kc: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const base = b + (<usize>(jr * cs) << 3);
    if (cols == NR && cs == 1) {
      for (let p = 0; p < kc; p++) {
        const src = base + (<usize>(p * rs) << 3);
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        dst += 32;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let c = 0; c < NR; c++) {
          store<f64>(dst + (<usize>c << 3), c < cols ? load<f64>(base + (<usize>(p * rs + c * cs) << 3)) : 0);
        }
        dst += 32;
      }
    }
  }
}

/** C[4×4] (row stride ldc elements) = (accumulate ? C : 0) + Apanel · Bpanel over kc. */
// @ts-ignore: decorator
@inline
function kernel(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, accumulate: bool): void {
  let c00 = f64x2.splat(0);
  let c01 = f64x2.splat(0);
  let c10 = f64x2.splat(0);
  let c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0);
  let c21 = f64x2.splat(0);
  let c30 = f64x2.splat(0);
  let c31 = f64x2.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load64_splat(pa);
    c00 = madd64(a, b0, c00);
    c01 = madd64(a, b1, c01);
    a = v128.load64_splat(pa, 8);
    c10 = madd64(a, b0, c10);
    c11 = madd64(a, b1, c11);
    a = v128.load64_splat(pa, 16);
    c20 = madd64(a, b0, c20);
    c21 = madd64(a, b1, c21);
    a = v128.load64_splat(pa, 24);
    c30 = madd64(a, b0, c30);
    c31 = madd64(a, b1, c31);
    pa += 32;
    pb += 32;
  }
  const s = <usize>ldc << 3;
  const c1 = c + s;
  const c2 = c1 + s;
  const c3 = c2 + s;
  if (accumulate) {
    c00 = f64x2.add(c00, v128.load(c));
    c01 = f64x2.add(c01, v128.load(c, 16));
    c10 = f64x2.add(c10, v128.load(c1));
    c11 = f64x2.add(c11, v128.load(c1, 16));
    c20 = f64x2.add(c20, v128.load(c2));
    c21 = f64x2.add(c21, v128.load(c2, 16));
    c30 = f64x2.add(c30, v128.load(c3));
    c31 = f64x2.add(c31, v128.load(c3, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c1, c10);
  v128.store(c1, c11, 16);
  v128.store(c2, c20);
  v128.store(c2, c21, 16);
  v128.store(c3, c30);
  v128.store(c3, c31, 16);
}

/**
 * C[i0:i1, j0:j1] = op(A)·op(B) for one thread's block, float64; element (i,p) of op(A) at
 * a + 8(i·ars + p·acs), (p,j) of op(B) at b + 8(p·brs + j·bcs), C row-major with stride ldc.
 */
export function dgemm(
  k: i32,
  a: usize,
  ars: i32,
  acs: i32,
  b: usize,
  brs: i32,
  bcs: i32,
  c: usize,
  ldc: i32,
  i0: i32,
  i1: i32,
  j0: i32,
  j1: i32,
  scratch: usize,
): void {
  const pa = scratch;
  const pb = pa + (<usize>(MC * KC) << 3);
  const tile = pb + (<usize>(KC * NC) << 3);
  if (k == 0) {
    for (let i = i0; i < i1; i++) memory.fill(c + (<usize>(i * ldc + j0) << 3), 0, <usize>(j1 - j0) << 3);
    return;
  }
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB(b + (<usize>(pc * brs + jc * bcs) << 3), brs, bcs, kc, nc, pb);
      for (let ic = i0; ic < i1; ic += MC) {
        const mc = min(MC, i1 - ic);
        packA(a + (<usize>(ic * ars + pc * acs) << 3), ars, acs, mc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const bp = pb + (<usize>(jr * kc) << 3);
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const ap = pa + (<usize>(ir * kc) << 3);
            const cp = c + (<usize>((ic + ir) * ldc + jc + jr) << 3);
            if (rows == MR && cols == NR) {
              kernel(kc, ap, bp, cp, ldc, pc > 0);
            } else {
              kernel(kc, ap, bp, tile, NR, false);
              for (let r = 0; r < rows; r++) {
                const dst = cp + (<usize>(r * ldc) << 3);
                const src = tile + (<usize>(r * NR) << 3);
                for (let q = 0; q < cols; q++) {
                  const v = load<f64>(src + (<usize>q << 3));
                  store<f64>(dst + (<usize>q << 3), pc > 0 ? load<f64>(dst + (<usize>q << 3)) + v : v);
                }
              }
            }
          }
        }
      }
    }
  }
}
