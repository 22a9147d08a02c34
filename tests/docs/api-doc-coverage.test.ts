/** @file Every public export of chainrule (and of its nn, optim and data namespaces) carries a doc comment, so the API reference is complete. */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Public names (namespace members as `nn.Linear`) whose declarations have no JSDoc text. */
export function undocumentedExports(entry: string): { checked: number; missing: string[] } {
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry)!;
  const missing: string[] = [];
  let checked = 0;
  const seen = new Set<ts.Symbol>();
  const visit = (moduleSymbol: ts.Symbol, prefix: string): void => {
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const name = prefix + exported.getName();
      if (symbol.flags & ts.SymbolFlags.ValueModule && symbol.declarations?.some(ts.isSourceFile)) {
        if (!seen.has(symbol)) {
          seen.add(symbol);
          visit(symbol, `${name}.`);
        }
        continue;
      }
      checked++;
      const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
      const tags = symbol.getJsDocTags(checker);
      if (!text && tags.length === 0) missing.push(name);
    }
  };
  visit(checker.getSymbolAtLocation(source)!, "");
  return { checked, missing };
}

describe("API reference", () => {
  it("every public export has a doc comment", () => {
    const { checked, missing } = undocumentedExports(resolve(root, "src/index.ts"));
    expect(checked).toBeGreaterThan(150);
    expect(missing, `add a /** … */ comment with an @example to: ${missing.join(", ")}`).toEqual([]);
  });
});
