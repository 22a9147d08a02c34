/** @file Walking a result back to its leaves: vertices in a stable topological order, fused linear maps shown as the matmul, add and relu they fuse, matmul's vector plumbing folded away. */
import { noGrad } from "../tape/grad-mode.js";
import { unaryGradConst } from "../ops/apply.js";
import { add } from "../ops/binary.js";
import { matmul } from "../ops/matmul.js";
import type { OpName, PrimitiveName } from "../ops/primitive-names.js";
import { Tensor } from "../tensor/tensor.js";
import { displayName, escapeControl } from "./safe-text.js";

/** One input slot of a vertex: another vertex, or a plain number written into the op's label. */
export interface Slot {
  vertex: Vertex | null;
  constant: number | null;
  shape: number[];
}

/** A tensor in the walked graph. `tensor` supplies value and gradient; `shape` is the shape to show. */
export interface Vertex {
  tensor: Tensor;
  op: OpName | null;
  attrs: Readonly<Record<string, unknown>>;
  scope: string;
  slots: Slot[];
  consumers: Vertex[];
  shape: number[];
  name: string | null;
}

/** A 0-d, unnamed leaf without grad: a plain number such as the 2 in `x.mul(2)`. */
function isConstant(t: Tensor): boolean {
  return t.node === null && !t.requiresGrad && t.shape.length === 0 && !t.name;
}

/**
 * All tensors `root` depends on, leaves first and `root` last (inputs in argument order, so the
 * order is the same every time). Iterative: long chains do not overflow the stack.
 */
function topoTensors(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>([root]);
  const stack: [Tensor, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const inputs = top[0].node?.inputs ?? [];
    if (top[1] < inputs.length) {
      const child = inputs[top[1]++]!;
      if (!seen.has(child) && !isConstant(child)) {
        seen.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(top[0]);
    }
  }
  return order;
}

/**
 * The vertices of the graph that computed `root`, leaves first, with 1-d matmul operands shown as
 * the vectors the user passed (the engine's internal reshapes to [d, 1] and back are folded away).
 */
export function walk(root: Tensor): Vertex[] {
  const byTensor = new Map<Tensor, Vertex>();
  const order: Vertex[] = [];
  for (const t of topoTensors(root)) {
    const node = t.node;
    const v: Vertex = {
      tensor: t,
      op: node?.op ?? null,
      attrs: node?.attrs ?? {},
      scope: escapeControl(node?.scope ?? ""),
      slots: (node?.inputs ?? []).map((x) =>
        isConstant(x)
          ? { vertex: null, constant: x.data[0]!, shape: [] }
          : { vertex: byTensor.get(x)!, constant: null, shape: x.shape.slice() },
      ),
      consumers: [],
      shape: t.shape.slice(),
      name: t.name === undefined ? null : displayName(t.name),
    };
    for (const s of v.slots) if (s.vertex && !s.vertex.consumers.includes(v)) s.vertex.consumers.push(v);
    byTensor.set(t, v);
    order.push(v);
  }
  return foldMatmulVectors(expandLinear(order), byTensor.get(root)!);
}

const B_T = Object.freeze({ transA: false, transB: true });

/** A vertex of the expansion, with its input slots' consumers pointed at it instead of `was`. */
function stand(
  was: Vertex,
  tensor: Tensor,
  op: PrimitiveName,
  attrs: Readonly<Record<string, unknown>>,
  scope: string,
  slots: Slot[],
): Vertex {
  const v: Vertex = { tensor, op, attrs, scope, slots, consumers: [], shape: was.shape.slice(), name: null };
  for (const s of slots) if (s.vertex) s.vertex.consumers = s.vertex.consumers.map((c) => (c === was ? v : c));
  return v;
}

/**
 * Shows each fused `linear` node (y = act(x Wᵀ + b), one kernel) as the ops it fuses, so pictures
 * and explain() read the same with or without fusion: a matmul vertex u = x·Wᵀ and an add vertex
 * z = u + b (values recomputed here; their gradient is ∂L/∂z = ∂L/∂y, times [y > 0] after ReLU),
 * then y itself as the add, or as the relu drawn in its own module's scope.
 */
function expandLinear(order: Vertex[]): Vertex[] {
  if (!order.some((v) => v.op === "linear")) return order;
  const out: Vertex[] = [];
  for (const y of order) {
    if (y.op !== "linear") {
      out.push(y);
      continue;
    }
    const [x, w, b] = y.tensor.node!.inputs as [Tensor, Tensor, Tensor];
    const relu = y.attrs["relu"] === true;
    const g = y.tensor.grad;
    // masked as backward masks it (relu0: 0 where off, even for an infinite ∂L/∂y, where g·0 would be NaN)
    const gz = g && relu ? unaryGradConst("relu0", g, y.tensor) : g;
    const shown = (value: Tensor): Tensor => {
      const t = new Tensor(value.storage, y.tensor.shape.slice(), y.tensor.requiresGrad);
      t.grad = gz;
      return t;
    };
    const product = noGrad(() => matmul(x, w, B_T));
    const u = stand(y, shown(product), "matmul", B_T, y.scope, y.slots.slice(0, 2));
    // u takes the place a recorded matmul would have had: right after its later operand, before b
    out.splice(Math.max(...u.slots.map((s) => out.indexOf(s.vertex!))) + 1, 0, u);
    const uSlot: Slot = { vertex: u, constant: null, shape: u.shape.slice() };
    if (!relu) {
      y.op = "add";
      y.attrs = {};
      y.slots = [uSlot, y.slots[2]!];
      u.consumers = [y];
      out.push(y);
      continue;
    }
    const z = stand(y, shown(noGrad(() => add(product, b))), "add", {}, y.scope, [uSlot, y.slots[2]!]);
    u.consumers = [z];
    z.consumers = [y];
    y.op = "relu";
    y.attrs = RELU_ATTRS;
    y.scope = (y.tensor.node!.attrs["activationScope"] as string | undefined) ?? y.scope;
    y.slots = [{ vertex: z, constant: null, shape: z.shape.slice() }];
    out.push(z, y);
  }
  return out;
}

const RELU_ATTRS = Object.freeze({ subgradient: 0 });

/** Whether `to` is `from` with one axis of size 1 removed. */
function squeezes(from: readonly number[], to: readonly number[]): boolean {
  if (from.length !== to.length + 1) return false;
  return from.some((d, i) => d === 1 && from.filter((_, j) => j !== i).join() === to.join());
}

function isPlumbing(v: Vertex, root: Vertex): boolean {
  return v.op === "reshape" && v.name === null && v !== root;
}

/** Removes matmul's internal vector reshapes: x[d] → [d,1] → matmul → [n,1] → [n] reads as W·x → [n]. */
function foldMatmulVectors(order: Vertex[], root: Vertex): Vertex[] {
  const drop = new Set<Vertex>();
  for (const m of order) {
    if (m.op !== "matmul") continue;
    const after = m.consumers.length === 1 ? m.consumers[0]! : null;
    const merge = after !== null && m.name === null && after.op === "reshape" && squeezes(m.shape, after.shape);
    for (const [i, s] of m.slots.entries()) {
      const r = s.vertex;
      if (r && isPlumbing(r, root) && r.consumers.length === 1 && r.slots[0]?.vertex && r.slots[0].shape.length === 1) {
        const src = r.slots[0].vertex;
        m.slots[i] = { vertex: src, constant: null, shape: src.shape.slice() };
        src.consumers = src.consumers.map((c) => (c === r ? m : c));
        drop.add(r);
      } else if (merge && r && r.op === null && r.shape.length === 2 && r.consumers.length === 1) {
        // A vector without grad was reshaped into a new [d,1] (or [1,d]) leaf: show it as the vector.
        const vecAxis = i === 0 ? 0 : 1;
        if (r.shape[vecAxis] === 1) {
          r.shape = r.shape.filter((_, k) => k !== vecAxis);
          s.shape = r.shape.slice();
        }
      }
    }
    if (merge) {
      // The matmul takes the place of the reshape that follows it: same inputs, the reshape's tensor.
      after.op = "matmul";
      after.attrs = m.attrs;
      after.scope = m.scope;
      after.slots = m.slots;
      for (const s of after.slots) if (s.vertex) s.vertex.consumers = s.vertex.consumers.map((c) => (c === m ? after : c));
      drop.add(m);
    }
  }
  return order.filter((v) => !drop.has(v));
}
