/** @file Vite plugin: chainrule's Node-only modules (files, KaTeX CSS from disk) load `node:*` lazily; in the browser they resolve to a stub that says so. */
import type { Plugin } from "vite";

const PREFIX = "\0chainrule-node-stub:";

/**
 * Resolves every `node:*` import to a module that throws when loaded. chainrule imports them only
 * with `await import()` inside Node-only functions (saveModel, katexCss), so the pages never load
 * one; this replaces Vite's "externalized for browser compatibility" warnings with a clear error
 * should one ever be called. Remove once the package's browser `exports` condition lands.
 * @example
 * defineConfig({ plugins: [nodeBuiltinStub()] });
 */
export function nodeBuiltinStub(): Plugin {
  return {
    name: "playground:node-builtin-stub",
    enforce: "pre",
    resolveId(id) {
      return id.startsWith("node:") ? PREFIX + id : null;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const name = JSON.stringify(id.slice(PREFIX.length));
      return `throw new Error("chainrule: " + ${name} + " is a Node module; this function only works in Node, not in the browser playground.");`;
    },
  };
}
