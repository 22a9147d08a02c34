/** @file Whether the webgpu backend can load here (npm webgpu on SwiftShader, see vitest.config.ts); required when CI=true. */
import { setBackend } from "../../src/index.js";

/**
 * Loads the webgpu backend once; resolves to null when it loaded, else the reason it could not. With
 * CI=true a failure throws instead: CI installs chromium (SwiftShader) and `npm ci` the webgpu package.
 * Leaves the "js" backend selected.
 */
export async function webgpuUnavailable(): Promise<string | null> {
  let reason: string | null = null;
  try {
    await setBackend("webgpu");
  } catch (e) {
    reason = (e as Error).message;
  }
  await setBackend("js");
  if (reason && process.env["CI"] === "true") throw new Error(`webgpu tests are required in CI, but the backend did not load: ${reason}`);
  if (reason) console.warn(`webgpu tests skipped: ${reason}`);
  return reason;
}
