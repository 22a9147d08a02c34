/** @file The Derive page: an expression box, its derivative typeset, and a check table at points (shown only when the package exports derive()). */
import { mountNav } from "../nav.js";
import { tex } from "../tex.js";
import { hasDerive, parsePoints, runDerive, type CheckedPoint } from "./adapter.js";

mountNav("derive");
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const out = $("derive-out");
const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
const cell = (v: number | number[] | null): string =>
  v === null ? "—" : Array.isArray(v) ? v.map((x) => String(Number(x.toPrecision(10)))).join(", ") : String(Number(v.toPrecision(10)));
const at = (p: CheckedPoint): string =>
  Object.entries(p.at)
    .map(([k, v]) => `${k} = ${v}`)
    .join(", ");

function run(): void {
  const expr = ($("expr") as HTMLInputElement).value;
  const wrt = ($("wrt") as HTMLInputElement).value.split(/[\s,]+/).filter(Boolean);
  try {
    const d = runDerive(expr, wrt, parsePoints(($("at") as HTMLInputElement).value));
    const eqs = d.latex.map((l, i) => tex(`\\frac{\\partial f}{\\partial ${d.wrt[i] ?? "x"}} = ${l}`, true)).join("");
    const rows = d.points
      .map(
        (p) =>
          `<tr${p.ok === false ? ' class="bad"' : p.kink ? ' class="kink"' : ""}><td>${esc(at(p))}</td><td>${cell(p.symbolic)}</td><td>${cell(p.autodiff)}</td><td>${cell(p.numeric)}</td><td class="verdict">${esc(p.error ?? p.kink ?? (p.ok === false ? "disagree" : p.ok ? "agree" : ""))}</td></tr>`,
      )
      .join("");
    out.innerHTML = `<h2>Derivative of f = ${esc(expr)}</h2>${eqs}<pre>${esc(d.text.join("\n"))}</pre>
      ${d.notes.length ? `<ul class="muted">${d.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : ""}
      <h2>Checked at points</h2>${
        rows
          ? `<table class="data" id="derive-table"><thead><tr><th>at</th><th>symbolic</th><th>autodiff</th><th>numeric</th><th class="verdict">check</th></tr></thead><tbody>${rows}</tbody></table>`
          : "<p class='muted'>No points given.</p>"
      }`;
  } catch (e) {
    out.innerHTML = `<h2>Could not derive</h2><pre class="error">${esc(e instanceof Error ? e.message : String(e))}</pre>`;
  }
}

if (hasDerive()) {
  $("derive-form").hidden = false;
  $("go").addEventListener("click", run);
  $("expr").addEventListener("keydown", (e) => e.key === "Enter" && run());
  run();
} else {
  out.innerHTML =
    "<p>This build of chainrule does not export <code>derive()</code> yet, so this page is hidden from the menu. It appears, with an expression box and a check table, once the package exports it.</p>";
}
