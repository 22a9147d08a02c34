/** @file The HTML viewer's stylesheet, inlined as text into the page toHTML() builds. */

/** The viewer's stylesheet (the graph pane, the side panel, lit edges of the backward stepper). */
export const viewerCss = String.raw`
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1f2937; background: #f8fafc; }
body { display: grid; grid-template-rows: auto 1fr; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 12px 20px; padding: 10px 16px; background: #fff; border-bottom: 1px solid #e5e7eb; }
header h1 { font-size: 18px; margin: 0; font-weight: 600; }
header .group { display: flex; align-items: center; gap: 6px; }
header .group > span.caption { font-size: 12px; color: #6b7280; margin-right: 2px; }
button { font: inherit; font-size: 13px; padding: 4px 10px; border: 1px solid #d1d5db; border-radius: 6px; background: #fff; cursor: pointer; }
button:hover { background: #f3f4f6; }
button.on { background: #ede9fe; border-color: #8b5cf6; }
#counter { font-variant-numeric: tabular-nums; font-size: 13px; color: #374151; min-width: 60px; text-align: center; }
main { display: grid; grid-template-columns: minmax(0, 1fr) clamp(300px, 34vw, 460px); min-height: 0; }
#graph { position: relative; overflow: hidden; background: #fff; cursor: grab; min-height: 0; }
#graph.dragging { cursor: grabbing; }
#graph svg { width: 100%; height: 100%; display: block; user-select: none; }
#graph g.node { cursor: pointer; }
#graph g.node:hover ellipse, #graph g.node:hover path, #graph g.node:hover polygon { stroke-width: 2.5px; }
#graph g.selected ellipse, #graph g.selected path, #graph g.selected polygon { stroke: #7c3aed; stroke-width: 3.5px; }
#graph g.done ellipse, #graph g.done > path, #graph g.done polygon { stroke: #fdba74; }
#graph g.edge.done path { stroke: #fb923c; stroke-width: 2px; }
#graph g.lit ellipse, #graph g.lit > path, #graph g.lit polygon { stroke: #c2410c; stroke-width: 3.5px; }
#graph g.edge.lit path { stroke: #c2410c; stroke-width: 3.5px; stroke-dasharray: 8 5; animation: flow 0.7s linear infinite; }
#graph g.edge.lit polygon { fill: #c2410c; stroke: #c2410c; }
@keyframes flow { to { stroke-dashoffset: 26; } }
#graph text.pending { visibility: hidden; }
aside { overflow-x: hidden; overflow-y: auto; min-width: 0; border-left: 1px solid #e5e7eb; padding: 12px 16px 40px; background: #fcfcfd; }
aside h2 { font-size: 14px; text-transform: uppercase; letter-spacing: 0.04em; color: #6b7280; margin: 18px 0 6px; }
aside h3 { margin: 4px 0 8px; font-size: 18px; }
.kind { font-size: 11px; font-weight: 600; padding: 2px 6px; border-radius: 10px; vertical-align: middle; margin-left: 6px; }
.kind.parameter { background: #dbeafe; color: #1e3a8a; } .kind.input { background: #f3f4f6; color: #374151; }
.kind.op { background: #fef3c7; color: #78350f; } .kind.module, .kind.folded { background: #ede9fe; color: #4c1d95; }
.facts { border-collapse: collapse; font-size: 13px; margin-bottom: 6px; }
.facts th { text-align: left; color: #6b7280; font-weight: 500; padding: 1px 12px 1px 0; }
.label { font-size: 12px; color: #6b7280; margin-top: 10px; }
.label.grad { color: #c2410c; }
pre { margin: 4px 0; padding: 6px 8px; background: #fff; border: 1px solid #e5e7eb; border-radius: 6px; font-size: 12px; overflow: auto; max-height: 180px; }
pre.grad { color: #c2410c; border-color: #fed7aa; background: #fff7ed; }
.muted { color: #6b7280; font-size: 13px; }
#step { min-height: 80px; padding: 6px 8px; background: #fff7ed; border: 1px solid #fed7aa; border-radius: 8px; overflow-x: auto; min-width: 0; }
#info { min-width: 0; }
.katex-display, .eq { overflow-x: auto; overflow-y: hidden; max-width: 100%; padding: 2px 0; scrollbar-width: thin; }
.eq { margin: 6px 0; line-height: 1.9; }
.eq:not(.wide) { overflow-x: hidden; }
.wide { box-shadow: inset -12px 0 10px -10px rgba(31, 41, 55, 0.35); scrollbar-color: #9ca3af transparent; }
.eqs .katex-display { margin: 4px 0; text-align: left; }
.eqs .katex-display > .katex { text-align: left; }
#step .katex-display { margin: 4px 0; }
.katex { font-size: 1.05em; }
.notes { font-size: 12px; color: #6b7280; }
`;
