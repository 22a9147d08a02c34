/** @file The pictures' libraries (KaTeX, Graphviz) are optional peer dependencies: imported on first use, with the install command when absent. */
import { MissingDependencyError } from "../errors.js";

/** The pictures' libraries and the versions chainrule is built against (package.json peerDependencies; a test keeps the two equal). */
export const PICTURE_PACKAGES = { katex: "0.18.4", "@hpcc-js/wasm-graphviz": "^1.29.2" } as const;

/** The one command that installs both pictures libraries next to chainrule. */
export const PICTURES_INSTALL = `npm install ${Object.entries(PICTURE_PACKAGES)
  .map(([name, range]) => `${name}@${range}`)
  .join(" ")}`;

/** Whether `e` says that the module `name` itself could not be found (Node, or a browser's module loader). */
function isMissing(e: unknown, name: string): boolean {
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  const mentions = e.message.includes(`'${name}'`) || e.message.includes(`"${name}"`);
  if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") return mentions;
  return mentions && /resolve module specifier|Cannot find (package|module)/i.test(e.message);
}

/**
 * Runs `load` (a literal `import("…")`, so bundlers still see and bundle it); when the package is not
 * installed, throws a MissingDependencyError that names `feature` and the install command.
 * @example
 * const k = await importOptional("katex", "toHTML typesets its equations with KaTeX", () => import("katex"));
 */
export async function importOptional<T>(name: keyof typeof PICTURE_PACKAGES, feature: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (!isMissing(e, name)) throw e;
    throw new MissingDependencyError(
      `${feature}, from the package "${name}": an optional peer dependency of chainrule, and it is not installed. ` +
        `Install the pictures' libraries next to chainrule: ${PICTURES_INSTALL}`,
      name,
      e,
    );
  }
}
