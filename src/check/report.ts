/** @file The readable report of a gradient check: failing entries, kinks, and the op whose rule disagrees. */
import type { Tensor } from "../tensor/tensor.js";
import type { GradcheckResult } from "./types.js";

const MAX_LISTED = 10;

/**
 * The multi-index of a row-major flat index.
 * @example
 * unravel(5, [2, 3]); // [1, 2]
 */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length).fill(0);
  let rem = flat;
  for (let a = shape.length - 1; a >= 0; a--) {
    const n = shape[a]!;
    index[a] = rem % n;
    rem = Math.floor(rem / n);
  }
  return index;
}

function num(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e5 ? x.toPrecision(6) : x.toExponential(3);
}

function where(input: number, name: string, index: number[], inputs: readonly Tensor[]): string {
  const label = name.startsWith("input ") ? name : `input ${input} "${name}"`;
  const shape = inputs[input]!.shape;
  return `${label} [${shape.join(", ")}] at index [${index.join(", ")}]`;
}

/**
 * Formats a check result as text: a verdict line with the settings, then each failing entry (input,
 * index, analytic, numeric, errors), the kinks, and the culprit rule.
 * @example
 * console.log(formatReport(result, inputs, "gradcheck"));
 */
export function formatReport(r: Omit<GradcheckResult, "report">, inputs: readonly Tensor[], op: string): string {
  const s = r.settings;
  const entries = r.analytic.reduce((acc, t) => acc + t.size, 0);
  const how = `${s.method} differences, eps=${s.eps}, atol=${s.atol}, rtol=${s.rtol}, ${s.dtype}`;
  const lines: string[] = [];
  if (r.ok) {
    lines.push(
      `${op} passed: analytic and numerical gradients agree (${how}); max abs error ${num(r.maxAbsError)}, max rel error ${num(r.maxRelError)}.`,
    );
  } else {
    lines.push(`${op} failed: ${r.failures.length} gradient entr${r.failures.length === 1 ? "y disagrees" : "ies disagree"} (${how}).`);
    for (const f of r.failures.slice(0, MAX_LISTED)) {
      lines.push(
        `  ${where(f.input, f.name, f.index, inputs)}: analytic ${num(f.analytic)}, numeric ${num(f.numeric)}, abs error ${num(f.absError)}, rel error ${num(f.relError)}`,
      );
    }
    if (r.failures.length > MAX_LISTED) lines.push(`  … and ${r.failures.length - MAX_LISTED} more.`);
  }
  if (r.culprit) {
    lines.push(`Culprit: ${r.culprit.message}`);
  } else if (!r.ok && r.ruleChecks.length > 0) {
    lines.push(
      `Every op's own derivative rule agrees with its op (${r.ruleChecks.length} nodes checked), so the mismatch comes from ` +
        `elsewhere: a function that is not smooth or not deterministic at this point, data-dependent control flow, or tolerances too tight for ${s.dtype}.`,
    );
  }
  if (r.kinks.length > 0) {
    lines.push(
      `At a kink (not counted as failures): ${r.kinks.length} entr${r.kinks.length === 1 ? "y's" : "ies'"} finite differences cross a point where an op's derivative jumps:`,
    );
    for (const k of r.kinks.slice(0, MAX_LISTED)) {
      const branch = k.op === "where" ? ", a branch such as clamp, leakyRelu or elu" : "";
      const node = `"${k.op}" (node #${k.nodeId}${k.nodeName ? ` "${k.nodeName}"` : ""}${branch})`;
      lines.push(
        `  ${where(k.input, k.name, k.index, inputs)}: within eps of the kink of ${node}; analytic ${num(k.analytic)} (the chosen subgradient), numeric ${num(k.numeric)}`,
      );
    }
    if (r.kinks.length > MAX_LISTED) lines.push(`  … and ${r.kinks.length - MAX_LISTED} more.`);
  }
  for (const w of r.warnings) lines.push(`Warning: ${w}`);
  if (entries === 0) lines.push("(no entries: every input is empty)");
  return lines.join("\n");
}
