/** @file How the browser tests start Debian's Chromium: its path, whether to run, and launch flags for a closed network. */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/** Debian's chromium binary (`apt-get install -y chromium`); Playwright never downloads a browser here. */
export const CHROMIUM = "/usr/bin/chromium";

/** Skip locally when Chromium is missing; under CI=true the tests must run (and fail if it is missing). */
export const skipBrowserTests = !existsSync(CHROMIUM) && !process.env["CI"];

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Launches headless Chromium with the flags this machine needs (no sandbox as root, no background network).
 * @example
 * const browser = await launchChromium(); const page = await browser.newPage();
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}
