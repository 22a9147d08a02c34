/** @file Checking output paths before any work starts, so a long run never fails at its end for a missing or wrong directory. */
import { access, constants, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { ValueError } from "../src/index.js";

async function kind(path: string): Promise<"file" | "dir" | null> {
  try {
    return (await stat(path)).isDirectory() ? "dir" : "file";
  } catch {
    return null;
  }
}

async function writable(dir: string): Promise<boolean> {
  try {
    await access(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Throws a ValueError naming `flag`, the path and the fix unless `path` can be written as a file: its
 * directory exists and is writable, and the path is not a directory.
 * @example
 * await checkOutputFile("train --save", "models/moons.safetensors");
 */
export async function checkOutputFile(flag: string, path: string): Promise<void> {
  const dir = dirname(path);
  const where = `${flag}: cannot write "${path}"`;
  if ((await kind(path)) === "dir") throw new ValueError(`${where}: "${path}" is a directory; name a file inside it.`);
  const d = await kind(dir);
  if (d === null)
    throw new ValueError(`${where}: the directory "${dir}" does not exist; create it first (mkdir -p ${dir}) or pick another path.`);
  if (d === "file") throw new ValueError(`${where}: "${dir}" is a file, not a directory.`);
  if (!(await writable(dir))) throw new ValueError(`${where}: the directory "${dir}" is not writable; pick another path.`);
}

/**
 * Throws a ValueError naming `flag`, the directory and the fix unless `dir` is a writable directory or can
 * be created (its nearest existing ancestor is a writable directory).
 * @example
 * await checkOutputDir("train --out", "out/");
 */
export async function checkOutputDir(flag: string, dir: string): Promise<void> {
  const where = `${flag}: cannot write pictures into "${dir}"`;
  let at = resolve(dir);
  let k = await kind(at);
  if (k === "file") throw new ValueError(`${where}: it is a file, not a directory; pick a directory.`);
  while (k === null && dirname(at) !== at) {
    at = dirname(at);
    k = await kind(at);
  }
  if (k === "file") throw new ValueError(`${where}: "${displayed(dir, at)}" is a file, not a directory; pick another directory.`);
  if (!(await writable(at))) throw new ValueError(`${where}: "${displayed(dir, at)}" is not writable; pick another directory.`);
}

/** `abs` as the user wrote it when it is `given` or one of its ancestors as written, else absolute. */
function displayed(given: string, abs: string): string {
  let g = given;
  while (resolve(g) !== abs && dirname(g) !== g) g = dirname(g);
  return resolve(g) === abs ? g : abs;
}
