/** @file The chainrule WebAssembly kernel module: entry points called from src/backends/wasm. */
export { sgemm, sgemmScratchBytes } from "./gemm-f32";
export { dgemm, dgemmScratchBytes } from "./gemm-f64";

/** First byte after the module's own static data: the JS arena starts above it. */
export function heapBase(): usize {
  return __heap_base;
}
export { binary32, binary64 } from "./elementwise";
export { unary32, unary64, unaryGrad32, unaryGrad64, colSum32, colSum64 } from "./maps";
export { sgd32, sgd64 } from "./optim";
export { addBias32, addBias64 } from "./bias";
export { im2col32, im2col64, col2im32, col2im64 } from "./window";
