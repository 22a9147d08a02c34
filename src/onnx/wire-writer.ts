/** @file A protobuf wire-format writer (varints, fixed32 floats, length-delimited fields): the part of protobufjs's Writer the ONNX encoder uses. */

import { ExportError } from "../errors.js";

const utf8 = new TextEncoder();

/**
 * Writes protobuf wire format into a growing buffer. `fork()` starts a length-delimited
 * sub-message and `ldelim()` closes it (its length prefix is written then), as in protobufjs,
 * so the output is byte for byte what protobufjs's Writer gives for the same calls.
 * @example
 * const w = new ProtoWriter();
 * w.uint32((1 << 3) | 2).string("Gemm"); // field 1, wire type 2 (length-delimited)
 * w.finish(); // Uint8Array [10, 4, 71, 101, 109, 109]
 */
export class ProtoWriter {
  private buf = new Uint8Array(256);
  private len = 0;
  /** Where each open sub-message starts in `buf`. */
  private readonly starts: number[] = [];
  private readonly view = new DataView(new ArrayBuffer(4));

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  private varint(v: bigint): this {
    this.room(10);
    while (v > 0x7fn) {
      this.buf[this.len++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.len++] = Number(v);
    return this;
  }

  private raw(bytes: Uint8Array): this {
    this.uint32(bytes.length);
    this.room(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    return this;
  }

  /** An unsigned 32-bit varint (tags and lengths). */
  uint32(v: number): this {
    return this.varint(BigInt(v >>> 0));
  }

  /** A signed 32-bit varint: a negative value takes ten bytes (sign-extended to 64 bits). */
  int32(v: number): this {
    return this.int64(v | 0);
  }

  /** A signed 64-bit varint in two's complement (a JS number, truncated to an integer). */
  int64(v: number): this {
    return this.varint(BigInt.asUintN(64, BigInt(Math.trunc(v))));
  }

  /** A float32, little-endian (wire type 5). */
  float(v: number): this {
    this.view.setFloat32(0, v, true);
    this.room(4);
    this.buf.set(new Uint8Array(this.view.buffer), this.len);
    this.len += 4;
    return this;
  }

  /** A length-prefixed UTF-8 string. */
  string(s: string): this {
    return this.raw(utf8.encode(s));
  }

  /** Length-prefixed bytes. */
  bytes(b: Uint8Array): this {
    return this.raw(b);
  }

  /** Starts a sub-message whose length prefix `ldelim()` writes. */
  fork(): this {
    this.starts.push(this.len);
    return this;
  }

  /** Ends the innermost sub-message: moves its bytes after their varint length. */
  ldelim(): this {
    const start = this.starts.pop();
    if (start === undefined) throw new ExportError("ProtoWriter.ldelim: no sub-message is open (fork() first).");
    const body = this.buf.slice(start, this.len);
    this.len = start;
    return this.raw(body);
  }

  /** The bytes written so far (every sub-message must be closed). */
  finish(): Uint8Array {
    if (this.starts.length) throw new ExportError(`ProtoWriter.finish: ${this.starts.length} sub-message(s) still open (ldelim() each).`);
    return this.buf.slice(0, this.len);
  }
}
