#!/usr/bin/env node
/** @file The `chainrule` command: subcommands registered from cli/commands, using only the public API. */
import { Command } from "commander";
import { registerCommands } from "./commands/index.js";

const program = new Command();
program
  .name("chainrule")
  .description("Backpropagation made real: the worksheet demo, gradient checks, training and pictures of the chain rule.")
  .showHelpAfterError();
registerCommands(program);
program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(err instanceof Error ? `chainrule: ${err.message}` : err);
  process.exitCode = 1;
});
