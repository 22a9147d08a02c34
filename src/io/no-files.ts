/** @file The browser's stand-in for node-files.ts (package.json "#node-files" import, browser condition): file paths need Node. */
import { ChainruleError } from "../errors.js";

function noFiles(what: string, path: string): ChainruleError {
  return new ChainruleError(
    `${what}("${path}"): files by path need Node, and this is chainrule's browser build. In a page, keep the bytes ` +
      `instead: modelToBytes(model, optimizer) and modelFromBytes(bytes, model, optimizer), exportOnnx(model, input), ` +
      `encodeSafetensors(tensors) / loadSafetensors(bytes); move them with a Blob download, fetch() or IndexedDB.`,
  );
}

/**
 * Browser stand-in for the atomic file write: always throws, naming the byte-level functions to use instead.
 * @example
 * await atomicWrite("model.safetensors", chunks); // throws ChainruleError in a browser
 */
export async function atomicWrite(path: string, data: unknown): Promise<void> {
  void data;
  throw noFiles("saveModel/saveSafetensors/saveOnnx", path);
}

/**
 * Browser stand-in for reading a file: always throws, naming the byte-level functions to use instead.
 * @example
 * await readBytes("model.safetensors"); // throws ChainruleError in a browser
 */
export async function readBytes(path: string): Promise<Uint8Array> {
  throw noFiles("loadModel/loadSafetensors", path);
}

/**
 * Browser stand-in for the streaming safetensors reader: always throws, naming the byte-level functions to use instead.
 * @example
 * await readSafetensorsFile("model.safetensors"); // throws ChainruleError in a browser
 */
export async function readSafetensorsFile(path: string): Promise<never> {
  throw noFiles("loadModel/loadSafetensors", path);
}
