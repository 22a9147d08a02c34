/** @file The package's version, read from its package.json (found upwards from this file: in the sources, in dist/, and in chainrule-cli). */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The `version` field of chainrule's package.json (or chainrule-cli's, which has the same version).
 * @example
 * packageVersion(); // "0.1.0"
 */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if ((pkg.name === "chainrule" || pkg.name === "chainrule-cli") && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return "unknown";
    dir = dirname(dir);
  }
}
