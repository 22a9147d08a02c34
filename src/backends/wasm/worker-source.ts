/** @file The source text of a kernel worker (worker_threads or a Web Worker): waits on its control slot, runs gemm parts. */

/** Layout of one thread's control slot (Int32 indices). */
export const SLOT = { seq: 0, done: 1, ready: 2, op: 3, status: 4, args: 8, ints: 64 } as const;

/** Operation codes written to `SLOT.op`. */
export const OP = { sgemm: 0, dgemm: 1, quit: -1 } as const;

/**
 * JavaScript run by each worker. `start({ module, memory, control, slot })` instantiates the kernel
 * module over the shared memory, marks the slot ready, then loops: spin briefly, sleep in
 * Atomics.wait until `seq` changes, run the requested gemm, publish `done = seq`.
 */
export const workerSource = `
"use strict";
const SEQ = ${SLOT.seq}, DONE = ${SLOT.done}, READY = ${SLOT.ready}, OPC = ${SLOT.op}, STATUS = ${SLOT.status}, ARGS = ${SLOT.args};
function start(d) {
  const ex = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports;
  const c = new Int32Array(d.memory.buffer, d.control + d.slot * ${SLOT.ints * 4}, ${SLOT.ints});
  Atomics.store(c, READY, 1);
  Atomics.notify(c, READY);
  let seen = Atomics.load(c, SEQ);
  for (;;) {
    let s = Atomics.load(c, SEQ);
    for (let i = 0; s === seen && i < 20000; i++) s = Atomics.load(c, SEQ);
    while (s === seen) {
      Atomics.wait(c, SEQ, seen);
      s = Atomics.load(c, SEQ);
    }
    seen = s;
    const op = c[OPC];
    if (op === ${OP.quit}) break;
    let status = 0;
    try {
      const f = op === ${OP.sgemm} ? ex.sgemm : ex.dgemm;
      f(c[ARGS], c[ARGS + 1], c[ARGS + 2], c[ARGS + 3], c[ARGS + 4], c[ARGS + 5], c[ARGS + 6],
        c[ARGS + 7], c[ARGS + 8], c[ARGS + 9], c[ARGS + 10], c[ARGS + 11], c[ARGS + 12], c[ARGS + 13]);
    } catch (e) {
      status = 1;
    }
    Atomics.store(c, STATUS, status);
    Atomics.store(c, DONE, s);
    Atomics.notify(c, DONE);
  }
}
if (typeof require === "function") {
  start(require("node:worker_threads").workerData);
} else {
  self.onmessage = (e) => start(e.data);
}
`;
