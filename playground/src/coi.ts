/** @file Cross-origin isolation on hosts that send no COOP/COEP headers: registers coi-sw.js (which adds them) and reloads once. */

const RELOADED = "chainrule-playground-coi-reload";

/**
 * Makes the page cross-origin isolated (so the wasm backend can use worker threads) where the
 * server did not: a no-op when the headers came with the page, outside secure contexts, or
 * after one reload that did not help (the page then runs single-threaded, which still works).
 * @example
 * ensureIsolation();
 */
export function ensureIsolation(): void {
  if (globalThis.crossOriginIsolated || !window.isSecureContext || !("serviceWorker" in navigator)) return;
  if (sessionStorage.getItem(RELOADED)) return;
  navigator.serviceWorker
    .register(new URL("coi-sw.js", document.baseURI))
    .then(() => navigator.serviceWorker.ready)
    .then(() => {
      sessionStorage.setItem(RELOADED, "1");
      location.reload();
    })
    .catch(() => undefined);
}
