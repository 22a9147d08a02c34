/** @file float32 matrix product: cache-blocked, packed panels, a 3×12 register-blocked f32x4 micro-kernel. */
import { madd32 } from "./madd";

// Micro-tile: MR rows × NR columns of C held in 9 f32x4 registers. With the three B vectors and one
// broadcast A value that is 13 live vectors, the most V8 keeps in the 15 it allocates without
// spilling (a 5×8 or 6×8 tile spills accumulators every step and runs at half speed), and one more
// independent chain than 4×8 for the FMA latency: 52.3 against 50.7 GFLOP/s on one thread (1024³).
const MR: i32 = 3;
const NR: i32 = 12;
// Cache blocks: a packed KC×NR panel of B (12 KiB) stays in L1, an MC×KC block of A (96 KiB) in L2.
const KC: i32 = 256;
const MC: i32 = 96;
const NC: i32 = 1032;

/** Bytes of scratch one thread needs: packed A block, packed B panel, one edge tile. */
export function sgemmScratchBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 4;
}

/** Packs op(A)[i0:i0+mc, p0:p0+kc] into MR-row panels, each kc × MR interleaved, zero padded. */
function packA(a: usize, rs: i32, cs: i32, mc: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const base = a + (<usize>(ir * rs) << 2);
    if (rows == MR && rs == 1) {
      // transposed storage: the MR values of one p are contiguous
      for (let p = 0; p < kc; p++) {
        const src = base + (<usize>(p * cs) << 2);
        store<u64>(dst, load<u64>(src));
        store<f32>(dst, load<f32>(src, 8), 8);
        dst += 12;
      }
    } else if (rows == MR && cs == 1) {
      // row-major: 4 consecutive p of the 3 rows (3 vectors) become 4 interleaved triples (3 vectors)
      const r0 = base;
      const r1 = base + (<usize>rs << 2);
      const r2 = base + (<usize>(2 * rs) << 2);
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const o = <usize>p << 2;
        const x0 = v128.load(r0 + o);
        const x1 = v128.load(r1 + o);
        const x2 = v128.load(r2 + o);
        const t = i32x4.shuffle(x0, x1, 0, 4, 1, 5); // x0₀ x1₀ x0₁ x1₁
        const u = i32x4.shuffle(x1, x2, 1, 5, 2, 6); // x1₁ x2₁ x1₂ x2₂
        const w = i32x4.shuffle(x0, x1, 3, 7, 3, 7); // x0₃ x1₃ · ·
        v128.store(dst, i32x4.shuffle(t, x2, 0, 1, 4, 2)); // x0₀ x1₀ x2₀ x0₁
        v128.store(dst, i32x4.shuffle(u, x0, 0, 1, 6, 2), 16); // x1₁ x2₁ x0₂ x1₂
        v128.store(dst, i32x4.shuffle(x2, w, 2, 4, 5, 3), 32); // x2₂ x0₃ x1₃ x2₃
        dst += 48;
      }
      for (; p < kc; p++) {
        const o = <usize>p << 2;
        store<f32>(dst, load<f32>(r0 + o));
        store<f32>(dst, load<f32>(r1 + o), 4);
        store<f32>(dst, load<f32>(r2 + o), 8);
        dst += 12;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++) {
          store<f32>(dst + (<usize>r << 2), r < rows ? load<f32>(base + (<usize>(r * rs + p * cs) << 2)) : 0);
        }
        dst += 12;
      }
    }
  }
}

/** Packs op(B)[p0:p0+kc, j0:j0+nc] into NR-column panels, each kc × NR, zero padded. */
function packB(b: usize, rs: i32, cs: i32, kc: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const base = b + (<usize>(jr * cs) << 2);
    if (cols == NR && cs == 1) {
      for (let p = 0; p < kc; p++) {
        const src = base + (<usize>(p * rs) << 2);
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        v128.store(dst, v128.load(src, 32), 32);
        dst += 48;
      }
    } else if (cols == NR && rs == 1) {
      // transposed storage (n×k): 4×4 shuffle transposes of 4 columns × 4 consecutive p, three times
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        for (let h = 0; h < 3; h++) {
          const c0 = base + (<usize>((4 * h) * cs + p) << 2);
          const x0 = v128.load(c0);
          const x1 = v128.load(c0 + (<usize>cs << 2));
          const x2 = v128.load(c0 + (<usize>(2 * cs) << 2));
          const x3 = v128.load(c0 + (<usize>(3 * cs) << 2));
          const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
          const t1 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
          const t2 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
          const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
          const d = dst + (<usize>h << 4);
          v128.store(d, i64x2.shuffle(t0, t1, 0, 2));
          v128.store(d, i64x2.shuffle(t0, t1, 1, 3), 48);
          v128.store(d, i64x2.shuffle(t2, t3, 0, 2), 96);
          v128.store(d, i64x2.shuffle(t2, t3, 1, 3), 144);
        }
        dst += 192;
      }
      for (; p < kc; p++) {
        for (let c = 0; c < NR; c++) store<f32>(dst + (<usize>c << 2), load<f32>(base + (<usize>(c * cs + p) << 2)));
        dst += 48;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let c = 0; c < NR; c++) {
          store<f32>(dst + (<usize>c << 2), c < cols ? load<f32>(base + (<usize>(p * rs + c * cs) << 2)) : 0);
        }
        dst += 48;
      }
    }
  }
}

/** C[3×12] (row stride ldc elements) = (accumulate ? C : 0) + Apanel · Bpanel over kc. */
// @ts-ignore: decorator
@inline
function kernel(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, accumulate: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c02 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c12 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c22 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    const b2 = v128.load(pb, 32);
    let a = v128.load32_splat(pa);
    c00 = madd32(a, b0, c00);
    c01 = madd32(a, b1, c01);
    c02 = madd32(a, b2, c02);
    a = v128.load32_splat(pa, 4);
    c10 = madd32(a, b0, c10);
    c11 = madd32(a, b1, c11);
    c12 = madd32(a, b2, c12);
    a = v128.load32_splat(pa, 8);
    c20 = madd32(a, b0, c20);
    c21 = madd32(a, b1, c21);
    c22 = madd32(a, b2, c22);
    pa += 12;
    pb += 48;
  }
  const s = <usize>ldc << 2;
  const c1 = c + s;
  const c2 = c1 + s;
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c02 = f32x4.add(c02, v128.load(c, 32));
    c10 = f32x4.add(c10, v128.load(c1));
    c11 = f32x4.add(c11, v128.load(c1, 16));
    c12 = f32x4.add(c12, v128.load(c1, 32));
    c20 = f32x4.add(c20, v128.load(c2));
    c21 = f32x4.add(c21, v128.load(c2, 16));
    c22 = f32x4.add(c22, v128.load(c2, 32));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c, c02, 32);
  v128.store(c1, c10);
  v128.store(c1, c11, 16);
  v128.store(c1, c12, 32);
  v128.store(c2, c20);
  v128.store(c2, c21, 16);
  v128.store(c2, c22, 32);
}

/**
 * C[i0:i1, j0:j1] = op(A)·op(B) for one thread's block. Element (i,p) of op(A) lives at
 * a + 4(i·ars + p·acs), (p,j) of op(B) at b + 4(p·brs + j·bcs), C is row-major with stride ldc.
 */
export function sgemm(
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
  const pb = pa + (<usize>(MC * KC) << 2);
  const tile = pb + (<usize>(KC * NC) << 2);
  if (k == 0) {
    for (let i = i0; i < i1; i++) memory.fill(c + (<usize>(i * ldc + j0) << 2), 0, <usize>(j1 - j0) << 2);
    return;
  }
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB(b + (<usize>(pc * brs + jc * bcs) << 2), brs, bcs, kc, nc, pb);
      for (let ic = i0; ic < i1; ic += MC) {
        const mc = min(MC, i1 - ic);
        packA(a + (<usize>(ic * ars + pc * acs) << 2), ars, acs, mc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const bp = pb + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const ap = pa + (<usize>(ir * kc) << 2);
            const cp = c + (<usize>((ic + ir) * ldc + jc + jr) << 2);
            if (rows == MR && cols == NR) {
              kernel(kc, ap, bp, cp, ldc, pc > 0);
            } else {
              kernel(kc, ap, bp, tile, NR, false);
              for (let r = 0; r < rows; r++) {
                const dst = cp + (<usize>(r * ldc) << 2);
                const src = tile + (<usize>(r * NR) << 2);
                for (let q = 0; q < cols; q++) {
                  const v = load<f32>(src + (<usize>q << 2));
                  store<f32>(dst + (<usize>q << 2), pc > 0 ? load<f32>(dst + (<usize>q << 2)) + v : v);
                }
              }
            }
          }
        }
      }
    }
  }
}
