/** @file Reading `namedScope` paths such as "MLP/layers:Sequential/0:Linear": labels, dotted paths, collapsible modules. */
import type { GraphModel } from "./model.js";

/**
 * One scope segment as a label: "0:Linear" → "0 (Linear)", "layer1" → "layer1".
 * @example
 * segmentLabel("layers:Sequential"); // "layers (Sequential)"
 */
export function segmentLabel(segment: string): string {
  const i = segment.indexOf(":");
  return i < 0 ? segment : `${segment.slice(0, i)} (${segment.slice(i + 1)})`;
}

/**
 * The dotted attribute path of a scope, the way parameters are named: "MLP/layers:Sequential/0:Linear" → "layers.0".
 * Segments without a key (the root module) are skipped.
 * @example
 * dottedPath("MLP/layers:Sequential/0:Linear"); // "layers.0"
 */
export function dottedPath(scope: string): string {
  return scope
    .split("/")
    .filter((s) => s.includes(":"))
    .map((s) => s.slice(0, s.indexOf(":")))
    .join(".");
}

/**
 * A module's label for pictures: its dotted path and class ("layers.0 (Linear)"), or the plain scope.
 * @example
 * moduleLabel("MLP/layers:Sequential/0:Linear"); // "layers.0 (Linear)"
 */
export function moduleLabel(scope: string): string {
  const last = scope.split("/").pop()!;
  const dotted = dottedPath(scope);
  const i = last.indexOf(":");
  if (i < 0) return scope.split("/").pop()!;
  return `${dotted || last.slice(0, i)} (${last.slice(i + 1)})`;
}

/**
 * The innermost scopes holding at least two nodes: the modules a picture can draw as one node
 * (a Linear layer's matmul, add, weight and bias).
 * @example
 * leafScopes(model); // ["MLP/layers:Sequential/0:Linear", "MLP/layers:Sequential/2:Linear"]
 */
export function leafScopes(m: GraphModel): string[] {
  const counts = new Map<string, number>();
  for (const n of m.nodes) if (n.scope) counts.set(n.scope, (counts.get(n.scope) ?? 0) + 1);
  const all = [...counts.keys()];
  return all.filter((s) => counts.get(s)! >= 2 && !all.some((t) => t.startsWith(`${s}/`)));
}

/**
 * The short name of a parameter inside its module's cluster: "layers.0.weight" in layers.0 → "weight".
 * @example
 * shortName("layers.0.weight", "MLP/layers:Sequential/0:Linear"); // "weight"
 */
export function shortName(name: string, scope: string): string {
  const dotted = dottedPath(scope);
  return dotted && name.startsWith(`${dotted}.`) ? name.slice(dotted.length + 1) : name;
}
