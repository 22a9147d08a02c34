/** @file The kernels' operand space in WebAssembly memory: a ring whose regions double as a cache of private arrays, and a region above it for big calls. */
import type { TypedArray } from "../../tensor/dtype.js";
import { backendCopies, isPrivate } from "../ownership.js";
import { ensureBytes, HeapViews, type WasmRuntime } from "./module.js";

/** Default ring size: a few MLP steps' worth of operands (the memory is only grown as the ring fills). */
export const RING_BYTES = 32 << 20;
/** Alignment slack a call may add to the bytes it asks for (64-byte alignment of up to 16 regions). */
const SLACK = 64 * 16;

const NO_INPUTS: readonly TypedArray[] = [];

/** Where the ring holds a copy of a private array: `start` counts ring bytes ever allocated, so laps show. */
interface RingCopy {
  arena: Arena;
  start: number;
  ptr: number;
}

/**
 * Operand space for one kernel call at a time. `begin(bytes)` opens a call; `put` copies an input
 * in (or returns the ring copy of a private array that is still intact); `take` reserves an
 * output; `get` copies a result out and remembers the ring copy of a private output array.
 *
 * Ring copies stay valid until the ring laps them: a call that needs `bytes` checks that its own
 * allocations cannot reach a copy before using it. Calls bigger than half the ring use the region
 * above it, and neither read nor leave copies there (they still read ring copies of their inputs).
 * @example
 * const arena = new Arena(rt);
 * if (arena.begin(bytes)) { const p = arena.put(x); const o = arena.take(out, n); kernel(p, o, n); arena.get(o, out); }
 */
export class Arena {
  readonly views: HeapViews;
  /** Bytes of the ring (fixed for the arena's life: copies are located by it). */
  readonly ringBytes: number;
  /** Ring bytes allocated ever (monotonic): the next region starts at `head % ringBytes`. */
  private head = 0;
  /** Byte pointer of the next region in the current call. */
  private top = 0;
  /** Whether the current call allocates in the ring (else above it). */
  private inRing = false;
  /** The `head` value no ring copy used in this call may be overwritten before: head + bytes asked. */
  private safeUntil = 0;
  /** Ring lap base (in `head` units) of the current call's regions. */
  private lapBase = 0;
  /** Byte pointer of the current call's first region. */
  private callStart = 0;
  /** Inputs found in the ring, and inputs copied in (counts, for tests and tuning). */
  readonly stats = { hits: 0, copies: 0 };

  constructor(
    private readonly rt: WasmRuntime,
    opts: { ringBytes?: number } = {},
  ) {
    this.views = new HeapViews(rt.memory);
    this.ringBytes = Math.max(1 << 16, Math.ceil((opts.ringBytes ?? RING_BYTES) / 64) * 64);
  }

  /**
   * Opens a call that needs at most `bytes` for its operands; `inputs` are the arrays it will `put`
   * whole, so those with an intact ring copy need no room. `aboveBytes` more are reserved for one
   * output in the fixed region above the ring (`takeAbove`): a large output written to the same
   * memory every time, still warm from the last call, that neither laps the inputs' copies nor
   * leaves one of its own. False when memory cannot grow that far (then use JavaScript).
   */
  begin(bytes: number, inputs: readonly TypedArray[] = NO_INPUTS, aboveBytes = 0): boolean {
    const ring = this.ringBytes;
    // a copy the ring has already lapped is gone: that input is copied in again and needs room
    // (also above the ring, where the test below against this call's own regions does not apply)
    let reusable = inputs.filter((a) => {
      const copy = this.copyOf(a);
      return copy !== null && copy.start + ring >= this.head;
    });
    for (;;) {
      let need = bytes + SLACK;
      for (const a of reusable) need -= a.byteLength;
      need = Math.max(need, SLACK);
      if (need > ring / 2) {
        // too big for the ring: work above it, where nothing in the ring is overwritten
        this.inRing = false;
        this.safeUntil = this.head;
        this.top = this.callStart = this.rt.arena + ring;
        return ensureBytes(this.rt.memory, this.top + need + Math.ceil(aboveBytes / 64) * 64);
      }
      // a call's regions never wrap: skip to the next lap when the rest of this one is too short
      const head = (this.head % ring) + need > ring ? this.head + ring - (this.head % ring) : this.head;
      const intact = reusable.filter((a) => this.copyOf(a)!.start + ring >= head + need);
      if (intact.length < reusable.length) {
        reusable = intact; // those copies would be overwritten by this call: they count as new
        continue;
      }
      this.inRing = true;
      this.head = head;
      this.lapBase = head - (head % ring);
      this.top = this.callStart = this.rt.arena + (head % ring);
      this.safeUntil = head + need;
      return ensureBytes(this.rt.memory, Math.max(this.top + need, this.rt.arena + ring + aboveBytes));
    }
  }

  /** Reserves `n` elements like `like` for an output in the region above the ring (see `begin`). */
  takeAbove(like: TypedArray, n: number): number {
    // a call already working above the ring just goes on there
    return this.inRing ? this.rt.arena + this.ringBytes : this.take(like, n);
  }

  /** `a`'s copy in this arena's ring while `a` is private, else null (intact or not). */
  private copyOf(a: TypedArray): RingCopy | null {
    const copy = backendCopies.get(a) as RingCopy | undefined;
    return copy && copy.arena === this && isPrivate(a) ? copy : null;
  }

  /** Reserves `n` elements like `like` and returns the byte pointer. */
  take(like: TypedArray, n: number): number {
    const p = this.top;
    const bytes = Math.ceil((n * like.BYTES_PER_ELEMENT) / 64) * 64;
    this.top += bytes;
    if (this.inRing) this.head += bytes;
    return p;
  }

  /** The byte pointer of `src[from:to]` in memory: its intact ring copy, else a fresh copy. */
  put(src: TypedArray, from = 0, to = src.length): number {
    const whole = from === 0 && to === src.length;
    const copy = whole ? this.copyOf(src) : null;
    if (copy && copy.start + this.ringBytes >= this.safeUntil) {
      this.stats.hits++;
      return copy.ptr;
    }
    const p = this.take(src, to - from);
    this.views.of(src).set(src.subarray(from, to), p / src.BYTES_PER_ELEMENT);
    this.stats.copies++;
    if (whole) this.remember(src, p);
    return p;
  }

  /** Copies `n` elements at byte pointer `p` into `out` at `outOffset`; a whole private `out` keeps `p` as its copy. */
  get(p: number, out: TypedArray, n = out.length, outOffset = 0): void {
    const e = out.BYTES_PER_ELEMENT;
    out.set(this.views.of(out).subarray(p / e, p / e + n), outOffset);
    if (outOffset === 0 && n === out.length) this.remember(out, p);
  }

  /**
   * Records that ring region `p` now holds `a`: a region of this call, or `a`'s own copy updated in
   * place by the kernel (which keeps its age). Anything else is forgotten rather than guessed.
   */
  private remember(a: TypedArray, p: number): void {
    const copy = backendCopies.get(a) as RingCopy | undefined;
    if (copy && copy.arena === this && copy.ptr === p) return;
    if (!this.inRing || p < this.callStart || p >= this.top || !isPrivate(a)) {
      if (copy) backendCopies.delete(a);
      return;
    }
    const start = this.lapBase + (p - this.rt.arena);
    if (copy && copy.arena === this) {
      copy.start = start;
      copy.ptr = p;
    } else backendCopies.set(a, { arena: this, start, ptr: p } satisfies RingCopy);
  }
}
