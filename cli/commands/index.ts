/** @file The list of subcommands; each module adds one command to the program. */
import type { Command } from "commander";
import { registerComplexity } from "./complexity.js";
import { registerDemo } from "./demo.js";
import { registerDerive } from "./derive.js";
import { registerSample } from "./sample.js";
import { registerTrain } from "./train.js";
import { registerGraph } from "./graph.js";
import { packageVersion } from "../version.js";

/** Adds `--version` and every subcommand to `program`. */
export function registerCommands(program: Command): void {
  program.version(packageVersion(), "-V, --version", "print chainrule's version");
  registerDemo(program);
  registerComplexity(program);
  registerTrain(program);
  registerSample(program);
  registerGraph(program);
  registerDerive(program);
}
