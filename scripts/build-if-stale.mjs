#!/usr/bin/env node
/** @file Runs `npm run build` only when a source file is newer than the last build, so `npm start` starts fast. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// tsc rewrites every output on each build (npm install's prepare included), so the CLI entry dates the last build
const entry = path.join(root, "dist", "cli", "chainrule.js");
const sources = ["src", "cli", "bench", "assembly", "scripts", "package.json", "tsconfig.json", "tsconfig.build.json"];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

const built = newestMtime(entry);
const newest = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
if (newest > built) {
  const r = spawnSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
