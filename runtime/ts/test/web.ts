// A small web server for the browser test: it serves the example's page (bundled by
// esbuild from examples/todos/web/main.ts) and proxies /api/ to the Go example server, so
// page and server functions share one origin, as the server's cross-origin protection wants.
//
// Run it to try the example by hand: node runtime/ts/build/runtime/ts/test/web.js

import { build } from "esbuild";
import { readFile } from "node:fs/promises";
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { startServer } from "./server.js";

/** A running web server. */
export interface Web {
  url: string;
  stop(): Promise<void>;
}

async function bundle(entry: string): Promise<string> {
  const out = await build({ entryPoints: [entry], bundle: true, format: "esm", platform: "browser", write: false });
  return out.outputFiles[0]!.text;
}

/** startWeb serves the page on a free port of 127.0.0.1, with /api/ going to the server at api. */
export async function startWeb(api: string): Promise<Web> {
  const files: Record<string, [type: string, body: string]> = {
    "/": ["text/html", await readFile("examples/todos/web/index.html", "utf8")],
    "/main.js": ["text/javascript", await bundle("examples/todos/web/main.ts")],
    "/redirect.html": ["text/html", '<!doctype html><script type="module" src="/redirect.js"></script>'],
    "/redirect.js": ["text/javascript", await bundle("runtime/ts/test/browser-redirect.ts")],
    "/landed": ["text/html", "<!doctype html><p>landed</p>"],
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (path.startsWith("/api/")) return proxy(api, req, res);
    const file = files[path];
    res.writeHead(file ? 200 : 404, { "content-type": file ? file[0] : "text/plain" });
    res.end(file ? file[1] : "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** proxy passes a request on to the server at api unchanged, Host included, and the answer back. */
function proxy(api: string, req: IncomingMessage, res: ServerResponse): void {
  const target = new URL(req.url ?? "/", api);
  const out = request(target, { method: req.method, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  out.on("error", (e) => {
    res.writeHead(502, { "content-type": "text/plain" });
    res.end(String(e));
  });
  req.pipe(out);
}

if (import.meta.url == pathToFileURL(process.argv[1] ?? "").href) {
  const server = await startServer();
  const web = await startWeb(server.url);
  console.log(`the example's page: ${web.url} (Ctrl-C stops)`);
  process.on("SIGINT", () => void web.stop().then(server.stop).then(() => process.exit(0)));
}
