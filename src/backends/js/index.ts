/** @file The reference JavaScript backend: the executable specification every faster backend is tested against. */
import type { Backend } from "../kernels.js";
import { binaryKernels, unaryGradKernels, unaryKernels } from "./elementwise.js";
import { col2imJs, im2colJs, indexAddJs, takeJs } from "./conv.js";
import { matmulBatchedJs, matmulJs } from "./matmul.js";
import { expandJs, scatterSliceJs, sliceJs, transposeJs, whereJs } from "./movement.js";
import { reduceKernels } from "./reduce.js";
import { argExtremeJs, cumsumJs, topkJs } from "./scan.js";
import { softmaxCrossEntropyGradJs, softmaxCrossEntropyJs } from "./cross-entropy.js";
import { layerNormGradJs, layerNormJs } from "./norm.js";
import { sgdUpdateJs } from "./sgd.js";
import { adagradUpdateJs, rmspropUpdateJs } from "./adaptive.js";
import { logSoftmaxGradJs, logSoftmaxJs } from "./softmax.js";
import { hostStorage } from "../storage.js";

/** The reference backend on plain typed arrays. */
export const jsBackend = {
  name: "js",
  storage: hostStorage,
  unary: unaryKernels,
  binary: binaryKernels,
  reduce: reduceKernels,
  unaryGrad: unaryGradKernels,
  where: whereJs,
  logSoftmax: logSoftmaxJs,
  softmaxCrossEntropy: softmaxCrossEntropyJs,
  softmaxCrossEntropyGrad: softmaxCrossEntropyGradJs,
  logSoftmaxGrad: logSoftmaxGradJs,
  layerNorm: layerNormJs,
  layerNormGrad: layerNormGradJs,
  matmul: matmulJs,
  matmulBatched: matmulBatchedJs,
  transpose: transposeJs,
  expand: expandJs,
  slice: sliceJs,
  scatterSlice: scatterSliceJs,
  sgdUpdate: sgdUpdateJs,
  rmspropUpdate: rmspropUpdateJs,
  adagradUpdate: adagradUpdateJs,
  im2col: im2colJs,
  col2im: col2imJs,
  take: takeJs,
  indexAdd: indexAddJs,
  cumsum: cumsumJs,
  argExtreme: argExtremeJs,
  topk: topkJs,
} satisfies Backend;
