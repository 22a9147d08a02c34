/** @file A counting sort of device-resident indices on the GPU (integer atomics), giving indexAdd the same plan the CPU makes for a host list. */
import { groupsFor } from "./elementwise.js";
import { bufferOf, dispatch, outputOf, words } from "./runner.js";
import { MAIN } from "./wgsl.js";

/** Plan[0..len] ← 0 and Cur[0..len) ← 0. P: len. */
const clearCode = `@group(0) @binding(0) var<storage, read_write> Plan: array<i32>;
@group(0) @binding(1) var<storage, read_write> Cur: array<i32>;
@group(0) @binding(2) var<storage, read> P: array<u32>;
${MAIN}
  if (i > P[0]) { return; }
  Plan[i] = 0;
  if (i < P[0]) { Cur[i] = 0; }
}`;

/** Plan[idx[j] + 1] += 1 for every j (integer atomics: the counts do not depend on the order). P: J. */
const countCode = `@group(0) @binding(0) var<storage, read> Idx: array<i32>;
@group(0) @binding(1) var<storage, read_write> Plan: array<atomic<i32>>;
@group(0) @binding(2) var<storage, read> P: array<u32>;
${MAIN}
  if (i >= P[0]) { return; }
  atomicAdd(&Plan[u32(Idx[i]) + 1u], 1);
}`;

/** Plan[r + 1] += Plan[r] for r = 0..len−1 (one thread: len steps). P: len. */
const prefixCode = `@group(0) @binding(0) var<storage, read_write> Plan: array<i32>;
@group(0) @binding(1) var<storage, read> P: array<u32>;
@compute @workgroup_size(1)
fn main() {
  for (var r = 0u; r < P[0]; r++) { Plan[r + 1u] += Plan[r]; }
}`;

/** Each j takes a slot in its row's segment (in any order; `orderCode` sorts them). P: J, len. */
const placeCode = `@group(0) @binding(0) var<storage, read> Idx: array<i32>;
@group(0) @binding(1) var<storage, read_write> Plan: array<i32>;
@group(0) @binding(2) var<storage, read_write> Cur: array<atomic<i32>>;
@group(0) @binding(3) var<storage, read> P: array<u32>;
${MAIN}
  if (i >= P[0]) { return; }
  let r = u32(Idx[i]);
  let slot = atomicAdd(&Cur[r], 1);
  Plan[P[1] + 1u + u32(Plan[r] + slot)] = i32(i);
}`;

/** Row r sorts its segment of positions into increasing order (insertion: segments are short). P: len. */
const orderCode = `@group(0) @binding(0) var<storage, read_write> Plan: array<i32>;
@group(0) @binding(1) var<storage, read> P: array<u32>;
${MAIN}
  let len = P[0];
  if (i >= len) { return; }
  let lo = len + 1u + u32(Plan[i]);
  let hi = len + 1u + u32(Plan[i + 1u]);
  for (var a = lo + 1u; a < hi; a++) {
    let v = Plan[a];
    var c = a;
    while (c > lo && Plan[c - 1u] > v) { Plan[c] = Plan[c - 1u]; c--; }
    Plan[c] = v;
  }
}`;

/**
 * The plan of device-resident indices `idx` (values in 0..len−1) into `plan` (len + 1 + J int32s): the same
 * layout and order as the CPU's counting sort (offsets per row, then each row's positions increasing),
 * so the sums that read it are deterministic. Five dispatches; the prefix sum is one thread's len steps.
 * @example
 * planOnDevice(topkPositions, x.size, new Int32Array(x.size + 1 + topkPositions.length));
 */
export function planOnDevice(idx: Int32Array, len: number, plan: Int32Array): GPUBuffer {
  const j = idx.length;
  const p = outputOf(plan, "indexAdd", true).buffer;
  // a cursor per row, keyed by an array dropped after this call (its buffer returns to the pool)
  const cur = outputOf(new Int32Array(Math.max(1, len)), "indexAdd", true).buffer;
  const ids = bufferOf(idx, "indexAdd", true).buffer;
  dispatch(clearCode, [p, cur], words([len]), groupsFor(len + 1));
  dispatch(countCode, [ids, p], words([j]), groupsFor(j));
  dispatch(prefixCode, [p], words([len]), 1);
  dispatch(placeCode, [ids, p, cur], words([j, len]), groupsFor(j));
  dispatch(orderCode, [p], words([len]), groupsFor(len));
  return p;
}
