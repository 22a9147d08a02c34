/** @file The benchmark coordinator: results per peer, failures as NaN, crashes and hangs survived, processes ended. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runIsolated, runIsolatedWorkload } from "../../bench/coordinator.js";
import { PeerClient, forkPeer } from "../../bench/peer-client.js";
import { memoryTransports, servePeer } from "../../bench/protocol.js";
import type { WorkloadSpec } from "../../bench/workloads.js";
import * as fake from "./fixtures/fake-peers.js";

const opts = { rounds: 4, sampleMs: 5, warmupMs: 5 };
const spec = (name: string): WorkloadSpec => ({
  name,
  unit: "ms",
  higherIsBetter: false,
  score: (s) => s * 1e3,
  make: () => [],
});

/** A peer served in this process over an in-memory channel. */
function inMemory(peer: string): PeerClient {
  const [coordinatorEnd, peerEnd] = memoryTransports();
  void servePeer(peerEnd, fake, peer);
  return new PeerClient(peer, coordinatorEnd, 5000);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("coordinator over in-memory channels", () => {
  it("gives each peer's median in peer order, NaN with the reason for a failing set-up", async () => {
    const lines: string[] = [];
    const run = await runIsolated([spec("w1"), spec("w2")], ["fast", "broken", "slow"], {
      ...opts,
      start: inMemory,
      log: (l) => lines.push(l),
    });
    expect(run.info).toEqual({
      fast: `fake fast, pid ${process.pid}`,
      broken: `fake broken, pid ${process.pid}`,
      slow: `fake slow, pid ${process.pid}`,
    });
    expect(run.results.map((r) => r.name)).toEqual(["w1", "w2"]);
    for (const r of run.results) {
      expect(Object.keys(r.results)).toEqual(["fast", "broken", "slow"]);
      // a busy-waited step is never shorter than its wait
      expect(r.results["fast"]).toBeGreaterThanOrEqual(fake.STEP_MS["fast"]!);
      expect(r.results["slow"]).toBeGreaterThanOrEqual(fake.STEP_MS["slow"]!);
      expect(r.results["broken"]).toBeNaN();
    }
    expect(lines).toContain("  w1: broken failed: no backend here");
    expect(lines.some((l) => l.startsWith("  w1: CPU ms used by waiting peer processes per round of"))).toBe(true);
  });

  it("refuses a sample before a set-up, and a request to a closed peer fails at once", async () => {
    const c = inMemory("fast");
    await c.hello;
    await expect(c.sample(1)).rejects.toThrow("fast: sample requested before a successful setup");
    await c.close();
    expect(c.alive).toBe(false);
    await expect(c.setup("w1", 1)).rejects.toThrow("fast process closed");
  });

  it("a peer that does not answer in time fails, is ended, and closes at once", async () => {
    const [coordinatorEnd, peerEnd] = memoryTransports();
    let peerClosed = false;
    peerEnd.onClose(() => (peerClosed = true));
    const c = new PeerClient("mute", coordinatorEnd, 50);
    await expect(c.hello).rejects.toThrow("mute: start took over 50 ms; process ended");
    expect(c.alive).toBe(false);
    await expect(c.sample(1)).rejects.toThrow("mute process was ended after a timeout");
    await c.close();
    await new Promise((r) => setImmediate(r)); // the other end hears of it one turn later, as over IPC
    expect(peerClosed).toBe(true);
  });

  it("scores with the workload's unit conversion", async () => {
    const c = inMemory("slow");
    await c.hello;
    const r = await runIsolatedWorkload({ name: "w1", score: () => 42 }, [c], opts);
    await c.close();
    expect(r).toEqual({ slow: 42 });
  });
});

describe("coordinator over child processes", () => {
  it("survives a crash and a hang (NaN, restarted for the next workload) and ends every process", async () => {
    const source = fileURLToPath(new URL("./fixtures/fake-peers.ts", import.meta.url));
    const started: PeerClient[] = [];
    const lines: string[] = [];
    const start = (peer: string): PeerClient => {
      const c = forkPeer(peer, { timeoutMs: 10_000, source });
      started.push(c);
      return c;
    };
    const run = await runIsolated([spec("w1"), spec("w2")], ["steady", "crasher", "hang"], { ...opts, start, log: (l) => lines.push(l) });
    const [w1, w2] = run.results.map((r) => r.results);
    expect(w1!["steady"]).toBeGreaterThanOrEqual(fake.STEP_MS["steady"]!);
    expect(w1!["crasher"]).toBeNaN();
    expect(w1!["hang"]).toBeNaN();
    expect(lines.some((l) => /^ {2}w1: crasher failed: crasher process exited with code 3$/.test(l))).toBe(true);
    expect(lines).toContain("  w1: hang failed: hang: setting up w1 took over 10000 ms; process ended");
    for (const p of ["steady", "crasher", "hang"]) expect(w2![p]).toBeGreaterThanOrEqual(fake.STEP_MS["steady"]!);
    // the crashed and the hung peer were started again; every process is gone now
    expect(started.map((c) => c.peer).sort()).toEqual(["crasher", "crasher", "hang", "hang", "steady"]);
    expect(new Set(started.map((c) => c.pid)).size).toBe(5);
    for (const c of started) expect(alive(c.pid!), `${c.peer} (pid ${c.pid})`).toBe(false);
  }, 90_000);

  it("npm run bench --quick on one workload and one peer prints one JSON document, and exits", () => {
    const run = fileURLToPath(new URL("../../bench/run.ts", import.meta.url));
    const args = ["--import", "tsx", run, "--quick", "--only=seed-f-16", "--peers=chainrule", "--json"];
    const res = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 60_000, stdio: ["ignore", "pipe", "pipe"] });
    expect(res.status, res.stderr).toBe(0);
    // the table goes to stderr and names the method; stdout is the JSON alone
    expect(res.stderr).toContain("each peer in its own process, medians of interleaved rounds; (×)");
    const doc = JSON.parse(res.stdout) as {
      machine: string;
      workloads: { name: string; unit: string; higherIsBetter: boolean; results: Record<string, number> }[];
    };
    expect(Object.keys(doc)).toEqual(["machine", "workloads"]);
    expect(doc.machine).toMatch(/cores, Node v\d+.*chainrule backend (wasm|js)/);
    expect(doc.workloads.map((w) => [w.name, w.unit, w.higherIsBetter, Object.keys(w.results)])).toEqual([
      ["seed-f-16", "µs", false, ["chainrule"]],
    ]);
    expect(doc.workloads[0]!.results["chainrule"]).toBeGreaterThan(0);
  }, 60_000);
});
