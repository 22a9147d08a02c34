/** @file The graph pictures' public surface: capture, DOT, Mermaid, JSON, SVG, HTML and explain(). */
export type { GraphModel, NodeModel, EdgeModel, NodeKind, ValueSummary, Formula, LocalDerivative } from "./model.js";
export type { GraphOptions } from "./fold.js";
export { captureGraph, summarize, type Capture } from "./capture.js";
export { toDot } from "./dot.js";
export { toMermaid, toJSON } from "./mermaid.js";
export { renderSvg, dotToSvg } from "./svg.js";
export { explain, type Explanation, type EquationLine } from "./explain.js";
export { toHTML, type HtmlOptions } from "./html.js";
