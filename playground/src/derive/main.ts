/** @file The Derive page: an expression box, its derivative typeset, and a check table at points (shown only when the package exports derive()). */
import { mountNav } from "../nav.js";
import { tex } from "../tex.js";
import { deriveFn, parsePoints, runDerive } from "./adapter.js";

mountNav("derive");
const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const out = $("derive-out");
const fn = deriveFn();
const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
const cell = (v: unknown): string =>
  typeof v === "number" ? v.toPrecision(8) : esc(typeof v === "object" ? JSON.stringify(v) : String(v));

function run(): void {
  if (!fn) return;
  const expr = ($("expr") as HTMLInputElement).value;
  const wrt = ($("wrt") as HTMLInputElement).value.split(/[\s,]+/).filter(Boolean);
  try {
    const d = runDerive(fn, expr, wrt, parsePoints(($("at") as HTMLInputElement).value));
    const rows = d.points
      .map(
        (p) =>
          `<tr><td>${esc(JSON.stringify(p.at))}</td><td>${cell(p.symbolic)}</td><td>${cell(p.autodiff)}</td><td>${cell(p.numeric)}</td></tr>`,
      )
      .join("");
    out.innerHTML = `<h2>Derivative</h2>${d.latex ? tex(d.latex, true) : ""}<pre>${esc(d.derivative)}</pre>
      <h2>Checked at points</h2>${rows ? `<table class="data" id="derive-table"><thead><tr><th>at</th><th>symbolic</th><th>autodiff</th><th>numeric</th></tr></thead><tbody>${rows}</tbody></table>` : "<p class='muted'>No points given.</p>"}`;
  } catch (e) {
    out.innerHTML = `<h2>Could not derive</h2><pre class="error">${esc(e instanceof Error ? e.message : String(e))}</pre>`;
  }
}

if (fn) {
  $("derive-form").hidden = false;
  $("go").addEventListener("click", run);
  $("expr").addEventListener("keydown", (e) => e.key === "Enter" && run());
  run();
} else {
  out.innerHTML =
    "<p>This build of chainrule does not export <code>derive()</code> yet, so this page is hidden from the menu. It appears, with an expression box and a check table, once the package exports it.</p>";
}
