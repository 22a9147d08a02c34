/** @file The closed list of differentiable primitives; the registry must give each a derivative rule. */

/** Every differentiable primitive. Adding a name here makes the compiler ask for its rule in registry.ts. */
export type PrimitiveName =
  // unary
  | "neg"
  | "exp"
  | "log"
  | "sqrt"
  | "abs"
  | "sigmoid"
  | "tanh"
  | "relu"
  | "softplus"
  | "logSoftmax"
  | "crossEntropy"
  | "erf"
  | "expm1"
  | "log1p"
  | "sin"
  | "cos"
  | "reciprocal"
  | "square"
  // binary
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "pow"
  | "maximum"
  | "minimum"
  | "where"
  // reductions
  | "sum"
  | "max"
  | "min"
  // movement
  | "reshape"
  | "transpose"
  | "expand"
  | "slice"
  | "pad"
  | "concat"
  | "cast"
  // linear algebra
  | "matmul"
  | "linear";
