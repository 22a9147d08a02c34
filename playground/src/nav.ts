/** @file The header every page shares: the playground's pages, Derive only when the package exports derive(), and the API reference. */
import * as chainrule from "./chainrule.js";
import { ensureIsolation } from "./coi.js";
import "katex/dist/katex.min.css";
import "./style.css";

/** Whether this build of chainrule exports `derive` (it lives on another branch until it lands). */
export const hasDerive = "derive" in chainrule;

const PAGES = [
  { href: "./worksheet.html", key: "worksheet", label: "The worksheet, live" },
  { href: "./train.html", key: "train", label: "Train" },
  { href: "./derive.html", key: "derive", label: "Derive" },
] as const;

/**
 * Fills `<header id="nav">` and marks the current page; call first thing on every page.
 * @example
 * mountNav("train");
 */
export function mountNav(current: "home" | (typeof PAGES)[number]["key"]): void {
  ensureIsolation();
  const header = document.getElementById("nav")!;
  const links = PAGES.filter((p) => p.key !== "derive" || hasDerive)
    .map((p) => `<a href="${p.href}"${p.key === current ? ' aria-current="page"' : ""}>${p.label}</a>`)
    .join("");
  header.innerHTML = `<a class="brand" href="./index.html">chainrule <span>playground</span></a><nav>${links}<a href="./api/">API reference</a></nav>`;
}
