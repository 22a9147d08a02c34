/** @file A tiny static file server on 127.0.0.1 that sends the cross-origin isolation headers (COOP + COEP), for browser tests of built sites. */
import { createReadStream, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".png": "image/png",
};

/** A running server: its origin ("http://127.0.0.1:PORT") and how to stop it. */
export interface StaticServer {
  origin: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves `root` (index.html for folders) with COOP: same-origin and COEP: require-corp, so pages are cross-origin
 * isolated (`isolation: false` leaves the headers out, like a plain static host).
 * @example
 * const { origin, close } = await serveStatic("site"); await page.goto(`${origin}/train.html`); await close();
 */
export async function serveStatic(root: string, opts: { isolation?: boolean } = {}): Promise<StaticServer> {
  const isolation = opts.isolation ?? true;
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(normalize(root) + sep) && file !== normalize(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      statSync(file);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
      ...(isolation ? { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp" } : {}),
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, server, close: () => new Promise((done) => server.close(() => done())) };
}
