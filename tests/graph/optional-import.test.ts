/** @file The pictures' libraries are optional: a missing one becomes a MissingDependencyError with the install command; any other failure passes through. */
import { describe, expect, it } from "vitest";
import { importOptional, PICTURE_PACKAGES, PICTURES_INSTALL } from "../../src/graph/optional-import.js";
import { MissingDependencyError } from "../../src/index.js";

/** An Error as Node's ESM loader raises it for a package that is not installed. */
function notFound(name: string): Error {
  return Object.assign(new Error(`Cannot find package '${name}' imported from /app/node_modules/chainrule/dist/src/graph/svg.js`), {
    code: "ERR_MODULE_NOT_FOUND",
  });
}

describe("importOptional", () => {
  it("returns the module when it loads", async () => {
    await expect(importOptional("katex", "toHTML", () => Promise.resolve({ ok: 1 }))).resolves.toEqual({ ok: 1 });
  });

  it("turns Node's ERR_MODULE_NOT_FOUND for that package into a MissingDependencyError naming the feature and the command", async () => {
    const err = await importOptional("katex", "toHTML typesets its equations with KaTeX", () => Promise.reject(notFound("katex"))).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MissingDependencyError);
    const e = err as MissingDependencyError;
    expect(e.packageName).toBe("katex");
    expect(e.message).toMatch(/^toHTML typesets its equations with KaTeX, from the package "katex": an optional peer dependency/);
    expect(e.message.endsWith(`npm install katex@0.18.4 @hpcc-js/wasm-graphviz@${PICTURE_PACKAGES["@hpcc-js/wasm-graphviz"]}`)).toBe(true);
    expect(e.message).toContain(PICTURES_INSTALL);
    expect((e.cause as Error).message).toMatch(/Cannot find package 'katex'/);
  });

  it("recognises a browser's unresolved bare specifier too", async () => {
    const browser = new TypeError(`Failed to resolve module specifier "@hpcc-js/wasm-graphviz". Relative references must start with "/".`);
    await expect(importOptional("@hpcc-js/wasm-graphviz", "renderSvg", () => Promise.reject(browser))).rejects.toThrow(
      MissingDependencyError,
    );
  });

  it("passes any other failure through unchanged: another missing package, or an error inside the library", async () => {
    const other = notFound("commander"); // a dependency of the library missing is not the library missing
    await expect(importOptional("katex", "toHTML", () => Promise.reject(other))).rejects.toBe(other);
    const inside = new SyntaxError("Unexpected token in katex.mjs");
    await expect(importOptional("katex", "toHTML", () => Promise.reject(inside))).rejects.toBe(inside);
  });
});
