/** @file `chainrule derive EXPR`: the symbolic derivative, then symbolic | autodiff | central difference at a few points. */
import { InvalidArgumentError, type Command } from "commander";
import { checkDerivative, type DerivativeCheck, type DerivativeCheckPoint } from "../../src/index.js";
import { makeStyle, type Style } from "../format/style.js";
import { renderTable } from "../format/table.js";

interface DeriveFlags {
  wrt?: string;
  at: Record<string, number>[];
  latex?: boolean;
  json?: boolean;
  color?: boolean;
}

/**
 * Reads one --at value: "x=0.5,y=2" is one point; a bare number after x=… is another value of x, so
 * "x=0,1,2" is three points (several lists give every combination); ";" separates points.
 * @example
 * parsePoints("x=0.5,y=2"); // [{ x: 0.5, y: 2 }]
 */
export function parsePoints(value: string): Record<string, number>[] {
  const out: Record<string, number>[] = [];
  for (const group of value.split(";")) {
    const axes: [string, number[]][] = [];
    for (const raw of group.split(",")) {
      const part = raw.trim().replace(/−/g, "-");
      if (!part) continue;
      const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/.exec(part);
      const text = m ? m[2]! : part;
      const v = Number(text);
      if (text.trim() === "" || !Number.isFinite(v))
        throw new InvalidArgumentError(`--at: "${part}" is not NAME=NUMBER or a number; write e.g. --at x=0.5,y=2 or --at x=0,1,2.`);
      if (m) axes.push([m[1]!, [v]]);
      else if (axes.length) axes[axes.length - 1]![1].push(v);
      else throw new InvalidArgumentError(`--at: "${part}" has no variable; write e.g. --at x=${part}.`);
    }
    let points: Record<string, number>[] = [{}];
    for (const [name, values] of axes) points = points.flatMap((p) => values.map((v) => ({ ...p, [name]: v })));
    if (axes.length) out.push(...points);
  }
  return out;
}

/** Up to 12 significant digits, no trailing zeros, a real minus sign. */
const fmt = (x: number): string => String(+x.toPrecision(12)).replace(/-/g, "−");
const cell = (v: number | number[] | null, i: number): string => (v === null ? "—" : fmt(Array.isArray(v) ? v[i]! : v));

function status(p: DerivativeCheckPoint, st: Style): string {
  if (p.ok === null) return st.warn(`undefined: ${p.error ?? ""}`);
  const mark = st.mark(p.ok);
  return p.kink ? `${mark} ${st.warn(`kink: ${p.kink}`)} (central difference straddles it)` : mark;
}

function render(report: DerivativeCheck, latex: boolean, st: Style): string[] {
  const lines: string[] = [];
  const form = latex ? report.latex : report.derivative;
  const forms = Array.isArray(form) ? form : [form];
  report.wrt.forEach((v, i) => lines.push(`${st.bold(`∂/∂${v}`)} ${report.expression} = ${st.accent(forms[i]!)}`));
  for (const n of report.notes) lines.push(st.dim(`  note: ${n}`));
  if (report.kinks.length) lines.push(st.dim(`  kinks: ${report.kinks.join("; ")}`));
  lines.push("");
  const several = report.wrt.length > 1;
  const right = "right" as const;
  const columns = [
    { header: "at" },
    ...(several ? [{ header: "∂/∂" }] : []),
    { header: "symbolic", align: right },
    { header: "autodiff", align: right },
    { header: "central difference", align: right },
    { header: "" },
  ];
  const rows = report.points.flatMap((p) =>
    report.wrt.map((v, i) => [
      i === 0
        ? Object.entries(p.at)
            .map(([k, x]) => `${k} = ${fmt(x)}`)
            .join(", ")
        : "",
      ...(several ? [v] : []),
      cell(p.symbolic, i),
      cell(p.autodiff, i),
      cell(p.numeric, i),
      i === 0 ? status(p, st) : "",
    ]),
  );
  lines.push(...renderTable(columns, rows, "  ", st.head));
  return lines;
}

/**
 * Adds `chainrule derive` to the program.
 * @example
 * registerDerive(program); // chainrule derive "1/(1+exp(-x))" --at x=0.5
 */
export function registerDerive(program: Command): void {
  program
    .command("derive")
    .description("Differentiate an expression symbolically (chainrule's own rules), then compare with autodiff and a central difference.")
    .argument("<expression>", 'e.g. "1/(1+exp(-x))", "x^2*y", "relu(x) + abs(x - 1)"')
    .option("--wrt <vars>", "variables to differentiate by, comma-separated (default: all)")
    .option(
      "--at <point>",
      "a point NAME=VALUE,… (repeatable; x=0,1,2 is three points; ; separates points)",
      (v: string, prev: Record<string, number>[]) => [...prev, ...parsePoints(v)],
      [],
    )
    .option("--latex", "print the derivative as LaTeX")
    .option("--json", "print { expression, derivative, latex, notes, kinks, points: [{ at, symbolic, autodiff, numeric, ok }] }")
    .option("--no-color", "plain text")
    .action((expression: string, flags: DeriveFlags) => {
      const wrt = flags.wrt
        ?.split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      const report = checkDerivative(expression, { wrt, at: flags.at.length ? flags.at : undefined });
      if (flags.json) console.log(JSON.stringify(report, null, 2));
      else console.log(render(report, !!flags.latex, makeStyle(flags.color === false ? false : undefined)).join("\n"));
      if (!report.ok) process.exitCode = 1;
    });
}
