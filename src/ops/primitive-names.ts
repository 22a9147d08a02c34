/** @file The names of the primitives, derived from their records (see registry.ts). */
export type { OpName, PrimitiveName, UnaryPrimitiveName } from "./registry.js";
