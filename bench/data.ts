/** @file Shared benchmark inputs: the same seeded numbers for every peer. */

/** Sizes of the MLP workload: 784-256-256-10, batch 128, SGD. */
export const MLP = { sizes: [784, 256, 256, 10], batch: 128, lr: 0.01 } as const;

/** Sizes of the conv2d workload: batch 32, 3 → 16 channels, 32×32 images, a 3×3 kernel, padding 1 (the output is 32×32 too). */
export const CONV = { batch: 32, inC: 3, outC: 16, size: 32, k: 3, pad: 1 } as const;

/** The worksheet's f at n = d = 16. */
export const SEED_F = { n: 16, d: 16 } as const;

/**
 * Deterministic uniform numbers in [-scale, scale) (mulberry32).
 * @example
 * uniform(4, 1, 0.5); // Float32Array(4)
 */
export function uniform(size: number, seed: number, scale = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

/** Initial MLP weights (Glorot-uniform scale) and biases, layer by layer. */
export function mlpParams(): { w: Float32Array[]; b: Float32Array[] } {
  const w: Float32Array[] = [];
  const b: Float32Array[] = [];
  for (let l = 0; l + 1 < MLP.sizes.length; l++) {
    const fi = MLP.sizes[l]!;
    const fo = MLP.sizes[l + 1]!;
    w.push(uniform(fi * fo, 100 + l, Math.sqrt(6 / (fi + fo))));
    b.push(new Float32Array(fo));
  }
  return { w, b };
}

/** One batch: inputs [batch, 784] and one-hot targets [batch, 10]. */
export function mlpBatch(): { x: Float32Array; labels: number[]; onehot: Float32Array } {
  const x = uniform(MLP.batch * MLP.sizes[0], 7);
  const classes = MLP.sizes[MLP.sizes.length - 1]!;
  const labels = Array.from({ length: MLP.batch }, (_, i) => (i * 7) % classes);
  const onehot = new Float32Array(MLP.batch * classes);
  labels.forEach((c, i) => (onehot[i * classes + c] = 1));
  return { x, labels, onehot };
}
