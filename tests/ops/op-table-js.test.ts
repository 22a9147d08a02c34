/** @file The op table on the JS reference backend. */
import { runOpTable } from "./op-table.js";

runOpTable("js");
