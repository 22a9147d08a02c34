/** @file The one place the playground imports chainrule from (the package source), so the pages never depend on where it lives. */
export * from "../../src/index.js";
