/** @file What a module registers: the checks on keys, parameters and buffers, automatic dotted names, picking by name. */
import { ValueError } from "../errors.js";
import { Tensor } from "../tensor/tensor.js";

/** Names given by registration (not by the user), which a parent may lengthen into a dotted path. */
const autoNames = new WeakMap<Tensor, string>();

/**
 * Checks a registration key: a non-empty string without "." (dots join the names of nested modules).
 * @example
 * checkKey("layers.0", "registerModule"); // throws
 */
export function checkKey(name: string, op: string): void {
  if (typeof name !== "string" || name === "" || name.includes(".")) {
    throw new ValueError(
      `${op}: name ${JSON.stringify(name)} must be a non-empty string without "." (dots join the names of nested modules).`,
    );
  }
}

/**
 * registerParameter's checks: a valid key, a leaf Tensor, and not the name of a child module
 * (`isChild`) of the module `owner` (its class name).
 * @example
 * checkParameter("w", x.mul(2), false, "Affine"); // throws: parameters must be leaves
 */
export function checkParameter(name: string, param: Tensor, isChild: boolean, owner: string): void {
  checkKey(name, "registerParameter");
  if (!(param instanceof Tensor)) throw new ValueError(`registerParameter: "${name}" must be a Tensor, got ${typeof param}.`);
  if (!param.isLeaf) {
    throw new ValueError(
      `registerParameter: "${name}" (${param.describe()}) was computed by "${param.node!.op}"; parameters must be leaves. Pass x.detach() and set requiresGrad = true.`,
    );
  }
  if (isChild) throw new ValueError(`registerParameter: "${name}" is already a child module of ${owner}.`);
}

/**
 * registerBuffer's checks: a valid key, a Tensor that does not require grad, and a name not `taken`
 * by a parameter or child module of the module `owner` (its class name).
 * @example
 * checkBuffer("running_mean", zeros([4]), false, "BatchNorm1d"); // passes
 */
export function checkBuffer(name: string, buffer: Tensor, taken: boolean, owner: string): void {
  checkKey(name, "registerBuffer");
  if (!(buffer instanceof Tensor) || buffer.requiresGrad) {
    throw new ValueError(`registerBuffer: "${name}" must be a Tensor that does not require grad; pass x.detach().`);
  }
  if (taken) {
    throw new ValueError(`registerBuffer: "${name}" is already a parameter or child module of ${owner}.`);
  }
}

/**
 * Gives a parameter registered under `name` that name, for pictures, when the user gave it none.
 * @example
 * nameParameter(w, "weight"); w.name; // "weight" (unless w was named before)
 */
export function nameParameter(param: Tensor, name: string): void {
  if (param.name === undefined) {
    param.name = name;
    autoNames.set(param, name);
  }
}

/**
 * Parameters named automatically take their full dotted path (`[full, param]` pairs of a child just
 * registered), so pictures show `layers.0.weight`; names the user gave are kept.
 * @example
 * lengthenNames(child.namedParameters("fc")); // "weight" becomes "fc.weight"
 */
export function lengthenNames(named: readonly [string, Tensor][]): void {
  for (const [full, p] of named) {
    if (autoNames.get(p) === p.name) {
      p.name = full;
      autoNames.set(p, full);
    }
  }
}

/**
 * The parameters of `all` named `name` exactly or under the prefix `name.` (all of them when `name` is
 * undefined); none is an error naming `op` and listing the names.
 * @example
 * selectParameters(model.namedParameters(), "layers.0", "freeze"); // [weight, bias] of layers.0
 */
export function selectParameters(all: readonly [string, Tensor][], name: string | undefined, op: string): Tensor[] {
  if (name === undefined) return all.map(([, p]) => p);
  const hit = all.filter(([n]) => n === name || n.startsWith(`${name}.`)).map(([, p]) => p);
  if (hit.length === 0) {
    throw new ValueError(
      `${op}: no parameter is named "${name}" or starts with "${name}."; the names are: ${all.map(([n]) => n).join(", ")}.`,
    );
  }
  return hit;
}
