/** @file The `nn` namespace: modules, layers, initialisers and losses. */
export { Module } from "./module.js";
export { Linear, type LinearOptions } from "./linear.js";
export { Sequential } from "./sequential.js";
export { MLP, type MLPOptions } from "./mlp.js";
export { Dropout } from "./dropout.js";
export { Conv1d, Conv2d, type ConvOptions } from "./conv.js";
export { MaxPool2d, AvgPool2d } from "./pool.js";
export { Embedding } from "./embedding.js";
export { MultiheadAttention, type MultiheadAttentionOptions } from "./attention.js";
export { TransformerBlock, type TransformerBlockOptions } from "./transformer.js";
export { PositionalEmbedding, SinusoidalPositionalEmbedding, sinusoidalPositions } from "./positional.js";
export { LayerNorm, BatchNorm1d, BatchNorm2d, type BatchNormLayerOptions } from "./norm.js";
export {
  ReLU,
  Tanh,
  Sigmoid,
  GELU,
  SiLU,
  Softplus,
  LeakyReLU,
  ELU,
  Softmax,
  LogSoftmax,
  Identity,
  Flatten,
  activationLayer,
  type ActivationName,
} from "./activations.js";
export * as init from "./init.js";
export type { InitName, Initializer, InitOptions } from "./init.js";
export * from "./losses/index.js";
