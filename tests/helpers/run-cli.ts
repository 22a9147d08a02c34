/** @file Runs the `chainrule` command in-process (commander with exitOverride) and captures what it writes. */
import { Command } from "commander";
import { vi } from "vitest";
import { registerCommands } from "../../cli/commands/index.js";

/**
 * Runs `chainrule …args` in-process and returns what went to stdout and stderr (console.log and
 * console.error included); a failing command rejects with its error.
 * @example
 * const { stdout } = await runChainrule("train", "--dataset", "moons", "--json", "--quiet");
 */
export async function runChainrule(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void (stdout += a.join(" ") + "\n"));
  vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void (stderr += a.join(" ") + "\n"));
  const program = new Command().name("chainrule").exitOverride();
  program.configureOutput({ writeErr: (s) => void (stderr += s), writeOut: (s) => void (stdout += s) });
  registerCommands(program);
  try {
    await program.parseAsync(["node", "chainrule", ...args]);
  } finally {
    vi.restoreAllMocks();
  }
  return { stdout, stderr };
}
