/** @file Writing a result's graph to disk as SVG, HTML, DOT, Mermaid or JSON (used by `chainrule graph` and the demo). */
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  renderSvg,
  toDot,
  toHTML,
  toJSON,
  toMermaid,
  ValueError,
  writeFileAtomic,
  type GraphOptions,
  type Tensor,
} from "../../src/index.js";

/** The file formats a graph can be written in. */
export const GRAPH_FORMATS = ["svg", "html", "dot", "mermaid", "json"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

const EXT: Record<GraphFormat, string> = { svg: "svg", html: "html", dot: "dot", mermaid: "mmd", json: "json" };

/**
 * The text of `y`'s graph in one format.
 * @example
 * await graphText(loss, "dot", {}); // "digraph chainrule { … }"
 */
export async function graphText(y: Tensor, format: GraphFormat, opts: GraphOptions): Promise<string> {
  switch (format) {
    case "svg":
      return renderSvg(y, opts);
    case "html":
      return toHTML(y, opts);
    case "dot":
      return toDot(y, opts);
    case "mermaid":
      return toMermaid(y, opts);
    case "json":
      return JSON.stringify(toJSON(y), null, 2) + "\n";
    default: {
      const never: never = format;
      throw new ValueError(`graph: unknown format "${String(never)}"; use one of ${GRAPH_FORMATS.join(", ")}.`);
    }
  }
}

/**
 * Writes `y`'s graph to explicit files ("-" is stdout), or to `dir/name.<ext>` for each of `formats`; returns the paths written.
 * @example
 * await writeGraphFiles(f, { dir: "out/graph", name: "seed-f", formats: ["svg", "html"] });
 */
export async function writeGraphFiles(
  y: Tensor,
  where: { dir?: string; name?: string; formats?: readonly GraphFormat[]; files?: Partial<Record<GraphFormat, string>> },
  opts: GraphOptions = {},
): Promise<string[]> {
  const targets: [GraphFormat, string][] = where.files
    ? (Object.entries(where.files) as [GraphFormat, string][]).filter(([, p]) => p)
    : (where.formats ?? ["svg", "html", "dot"]).map((f) => [f, join(where.dir ?? "out/graph", `${where.name ?? "graph"}.${EXT[f]}`)]);
  const written: string[] = [];
  for (const [format, path] of targets) {
    if (path === "-") {
      process.stdout.write(await graphText(y, format, opts));
      written.push(path);
      continue;
    }
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomic(path, await graphText(y, format, opts));
    written.push(path);
  }
  return written;
}
