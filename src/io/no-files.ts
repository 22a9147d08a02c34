/** @file The browser's stand-in for node-files.ts (package.json "#node-files" import, browser condition): file paths need Node. */
import { ChainruleError } from "../errors.js";

function noFiles(what: string, path: string): ChainruleError {
  return new ChainruleError(
    `${what}("${path}"): reading and writing files by path needs Node, and this is chainrule's browser build. ` +
      `In a page, use modelToBytes(model, optimizer) / modelFromBytes(bytes, model, optimizer) (or encodeSafetensors / ` +
      `loadSafetensors(bytes)) and move the bytes with a Blob download, fetch() or IndexedDB.`,
  );
}

/**
 * Browser stand-in for the atomic file write: always throws, naming the byte-level functions to use instead.
 * @example
 * await atomicWrite("model.safetensors", chunks); // throws ChainruleError in a browser
 */
export async function atomicWrite(path: string, chunks: Iterable<Uint8Array>): Promise<void> {
  void chunks;
  throw noFiles("saveModel/saveSafetensors", path);
}

/**
 * Browser stand-in for reading a file: always throws, naming the byte-level functions to use instead.
 * @example
 * await readBytes("model.safetensors"); // throws ChainruleError in a browser
 */
export async function readBytes(path: string): Promise<Uint8Array> {
  throw noFiles("loadModel/loadSafetensors", path);
}
