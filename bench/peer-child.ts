/** @file Entry of one peer's process: `node peer-child.js <peer> [source-module]`, answering the coordinator over IPC. */
import { pathToFileURL } from "node:url";
import { servePeer, type PeerSource, type Reply, type Request, type Transport } from "./protocol.js";

const [peer, sourcePath] = process.argv.slice(2);
if (!peer || !process.send) {
  process.stderr.write("peer-child is started by the benchmark coordinator (bench/coordinator.ts), with an IPC channel and a peer name\n");
  process.exit(2);
}
// Peers print notices through console; stdout is the coordinator's (the table or the JSON).
const log = (...a: unknown[]): boolean => process.stderr.write(a.map(String).join(" ") + "\n");
console.log = console.info = console.warn = log;
// When the coordinator goes away (finished, or crashed), so does this process.
process.on("disconnect", () => process.exit(0));

const transport: Transport<Reply, Request> = {
  send: (m) => void (process.connected && process.send?.(m)),
  onMessage: (cb) => void process.on("message", (m) => cb(m as Request)),
  onClose: (cb) => void process.on("disconnect", () => cb("disconnected")),
  close: () => process.disconnect(),
};
const source = (await import(sourcePath ? pathToFileURL(sourcePath).href : "./workloads.js")) as PeerSource;
await servePeer(transport, source, peer);
