/** @file Temporary files of atomic writes: recognisable names, removal on SIGINT/SIGTERM and exit, and a sweep of stale ones. Node only. */
type Fs = typeof import("node:fs");
type Path = typeof import("node:path");

let mods: Promise<{ fs: Fs; path: Path }> | null = null;
/** node:fs and node:path, imported on first use (this module is itself loaded lazily). */
function nodeMods(): Promise<{ fs: Fs; path: Path }> {
  mods ??= Promise.all([import("node:fs"), import("node:path")]).then(([fs, path]) => ({ fs, path }));
  return mods;
}

const active = new Set<string>();
const SIGNALS = { SIGINT: 130, SIGTERM: 143 } as const;
type Signal = keyof typeof SIGNALS;
let loaded: { fs: Fs; path: Path } | null = null;

function removeActiveSync(): void {
  for (const tmp of active) {
    try {
      loaded?.fs.rmSync(tmp, { force: true });
    } catch {
      // best effort while the process goes down
    }
  }
  active.clear();
}

const onSignal = (sig: Signal): void => {
  // a program with its own handler decides whether to exit; if it does, the exit hook removes the temps
  if (process.listenerCount(sig) > 1) return;
  removeActiveSync();
  process.exit(SIGNALS[sig]);
};
const handlers = { SIGINT: () => onSignal("SIGINT"), SIGTERM: () => onSignal("SIGTERM") };

/**
 * `.name.<pid>.<random>.tmp` beside `target`: hidden, in the same directory (so the final rename is
 * atomic), and recognisable as a temp of `target` written by process `pid`.
 * @example
 * await tempNameFor("out/model.safetensors"); // "out/.model.safetensors.4242.k3j9x1.tmp"
 */
export async function tempNameFor(target: string): Promise<string> {
  const { path } = await nodeMods();
  const rand = Math.random().toString(36).slice(2, 8).padEnd(6, "0");
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${rand}.tmp`);
}

/** The pid in `name` when it is a temp of the file `base`, else null. */
export function tempOwner(name: string, base: string): number | null {
  const prefix = `.${base}.`;
  if (!name.startsWith(prefix) || !name.endsWith(".tmp")) return null;
  const m = /^(\d+)\.[a-z0-9]+$/.exec(name.slice(prefix.length, -4));
  return m ? Number(m[1]) : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes temps of `target` left by writes that died (kill -9, power loss): those of processes no longer
 * running, and this process's own that no write holds. Returns the paths removed.
 * @example
 * await sweepStaleTemps("out/model.safetensors"); // ["out/.model.safetensors.4242.k3j9x1.tmp"]
 */
export async function sweepStaleTemps(target: string): Promise<string[]> {
  const { fs, path } = await nodeMods();
  const dir = path.dirname(target);
  const base = path.basename(target);
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = tempOwner(name, base);
    const full = path.join(dir, name);
    if (pid === null || active.has(full) || (pid !== process.pid && alive(pid))) continue;
    await fs.promises.rm(full, { force: true });
    removed.push(full);
  }
  return removed;
}

/**
 * Marks `tmp` as being written: SIGINT/SIGTERM (exit 130/143) or process exit removes it until `release`.
 * @example
 * await hold(tmp); try { … } finally { release(tmp); }
 */
export async function hold(tmp: string): Promise<void> {
  loaded = await nodeMods();
  if (active.size === 0) {
    process.on("exit", removeActiveSync);
    for (const sig of Object.keys(SIGNALS) as Signal[]) process.on(sig, handlers[sig]);
  }
  active.add(tmp);
}

/**
 * Ends `hold(tmp)`; when no write is left, the signal handlers go and signals act as before.
 * @example
 * release(tmp);
 */
export function release(tmp: string): void {
  if (!active.delete(tmp) || active.size > 0) return;
  process.off("exit", removeActiveSync);
  for (const sig of Object.keys(SIGNALS) as Signal[]) process.off(sig, handlers[sig]);
}
