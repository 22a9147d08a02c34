/** @file Named scopes: ops recorded inside `namedScope("layer1", fn)` carry that scope, so pictures can group them. */

const stack: string[] = [];

/**
 * Runs `fn` with a scope name pushed (nested scopes join with "/"); graph nodes made inside record it.
 * Modules use it so a `Linear` layer shows as one cluster in the graph picture.
 * @example
 * const y = namedScope("layer1", () => W.matmul(x).add(b)); // nodes carry scope "layer1"
 */
export function namedScope<T>(name: string, fn: () => T): T {
  stack.push(name);
  try {
    return fn();
  } finally {
    stack.pop();
  }
}

/** The current scope path ("" outside any scope). */
export function currentScope(): string {
  return stack.length === 0 ? "" : stack.join("/");
}
