/** @file The public face of `derive`: symbolic derivatives of expression strings, checked against the autodiff. */
export { derive, Derivative, Gradient } from "./derive.js";
export { checkDerivative, type DerivativeCheck, type DerivativeCheckPoint, type DerivativeCheckOptions } from "./check.js";
export { parseExpression } from "./parse.js";
export type { Point as DerivePoint } from "./evaluate.js";
