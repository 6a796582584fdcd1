// @ts-check
// The browser runner of the conformance suite: a client under test for
// `sfn conformance --client` (the client protocol of docs/conformance.md) that runs sfn's
// TypeScript client or its Go WebAssembly client in headless Chromium.
//
//	sfn conformance --client 'node conformance/clients/browser/driver.mjs --client ts'
//	sfn conformance --client 'node conformance/clients/browser/driver.mjs --client wasm [--wasm FILE]'
//
// It serves a page on its own port of 127.0.0.1 (from /_conformance/: the TypeScript client
// bundled by esbuild from ../ts/page.ts, or the Go client of ../go built with GOOS=js
// GOARCH=wasm, or FILE, and Go's wasm_exec.js), opens it in Debian's Chromium (or $CHROMIUM)
// with playwright-core, and reverse-proxies every other path to the base_url of the current
// case. The page calls its own origin, so the request sfn's server records is the one the
// browser sent, through the browser's fetch, with its Origin and Sec-Fetch-* headers. Each
// case line goes into the page unchanged, to the client's globalThis.sfnConformance.call
// with the page's origin as the base URL to use instead of base_url, and the answer comes
// back out.
//
// Needs `npm install` at the repository root and Go (to build the WebAssembly client and
// find wasm_exec.js). Type-checked by `tsc -p conformance/clients/browser`.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, request } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { chromium } from "playwright-core";

/** The repository's root, where the Go module and node_modules are. */
const root = fileURLToPath(new URL("../../..", import.meta.url));

/** The path under which the page and its files are served; every other path is proxied. */
const own = "/_conformance/";

const { values: flags } = parseArgs({
  options: { client: { type: "string" }, wasm: { type: "string" } },
});
if (flags.client != "ts" && flags.client != "wasm") {
  process.stderr.write("usage: driver.mjs --client ts|wasm [--wasm FILE]\n");
  process.exit(2);
}

/**
 * The page's files, by path under own: [Content-Type, body].
 * @type {Map<string, [string, string | Buffer]>}
 */
const files = new Map();
const html = (/** @type {string} */ body) =>
  `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>sfn conformance</title>${body}`;
if (flags.client == "ts") {
  const out = await build({
    entryPoints: [join(root, "conformance/clients/ts/page.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "warning",
  });
  files.set("", ["text/html", html(`<script type="module" src="${own}client.js"></script>`)]);
  files.set("client.js", ["text/javascript", out.outputFiles[0]?.text ?? ""]);
} else {
  const goroot = execFileSync("go", ["env", "GOROOT"], { cwd: root, encoding: "utf8" }).trim();
  files.set("", ["text/html", html(`<script src="${own}wasm_exec.js"></script><script type="module">
const go = new Go();
const { instance } = await WebAssembly.instantiateStreaming(fetch("${own}client.wasm"), go.importObject);
go.run(instance);
</script>`)]);
  files.set("wasm_exec.js", ["text/javascript", readFileSync(join(goroot, "lib/wasm/wasm_exec.js"))]);
  files.set("client.wasm", ["application/wasm", readFileSync(flags.wasm ?? buildWasm())]);
}

/** buildWasm builds the Go client for the browser and returns the file's path. */
function buildWasm() {
  const dir = mkdtempSync(join(tmpdir(), "sfn-conformance-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, "client.wasm");
  execFileSync("go", ["build", "-o", out, "./conformance/clients/go"], {
    cwd: root,
    env: { ...process.env, GOOS: "js", GOARCH: "wasm" },
    stdio: ["ignore", "ignore", "inherit"], // stdout is the protocol's
  });
  return out;
}

/** The origin of the current case's server, where requests outside own go; "" before any. */
let target = "";

const server = createServer((req, res) => {
  const path = req.url ?? "/";
  if (path.startsWith(own)) {
    const file = files.get(path.slice(own.length).split("?")[0] ?? "");
    res.writeHead(file ? 200 : 404, { "content-type": file ? file[0] : "text/plain" });
    res.end(file ? file[1] : "not found");
    return;
  }
  if (!target) {
    res.writeHead(502, { "content-type": "text/plain" });
    res.end("no case is running");
    return;
  }
  // The request goes on as the browser sent it, its target byte for byte (a URL would drop
  // an empty "?") and its headers as they came, Host included; the answer comes back as the
  // server gave it.
  const { hostname, port } = new URL(target);
  const out = request({ hostname, port, path, method: req.method, headers: req.rawHeaders }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
    answer.pipe(res);
  });
  // No answer from the server is no answer to the browser either: a network error.
  out.on("error", () => res.destroy());
  req.pipe(out);
});
// A websocket upgrade goes on as a byte tunnel to the case's server: the request head as the
// browser sent it, then whatever either side writes.
server.on("upgrade", (req, socket, head) => {
  if (!target) {
    socket.destroy();
    return;
  }
  const { hostname, port } = new URL(target);
  const out = connect(Number(port), hostname, () => {
    let lines = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
    out.write(lines + "\r\n");
    if (head.length) out.write(head);
    socket.pipe(out);
    out.pipe(socket);
  });
  out.on("error", () => socket.destroy());
  socket.on("error", () => out.destroy());
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
const address = server.address();
const origin = `http://127.0.0.1:${typeof address == "object" && address ? address.port : 0}`;

const browser = await chromium.launch({
  executablePath: process.env["CHROMIUM"] ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const page = await browser.newPage();
page.on("pageerror", (e) => process.stderr.write(`driver: page error: ${e.message}\n`));
page.on("console", (m) => {
  // Chromium logs each error status it fetched; the cases ask for many.
  if (!m.text().startsWith("Failed to load resource")) process.stderr.write(`driver: console: ${m.text()}\n`);
});
// Cases may call the same GET target with different answers: nothing may come from a cache.
const cdp = await page.context().newCDPSession(page);
await cdp.send("Network.enable");
await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
await page.goto(origin + own);
await page.waitForFunction(() => globalThis.sfnConformance !== undefined, undefined, { timeout: 30_000 });

/** @type {{hello: string, lacks: string[]}} */
const hello = JSON.parse(await page.evaluate(() => globalThis.sfnConformance?.hello ?? "{}"));
hello.hello += ` in Chromium ${browser.version()}`;
process.stdout.write(JSON.stringify(hello) + "\n");

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  // The line goes into the page as it came: parsing and writing it again here would round
  // its 64-bit integers.
  /** @type {{case: string, base_url: string}} */
  const c = JSON.parse(line);
  let answer;
  try {
    // The page calls its own origin, with the path of base_url kept; the proxy sends the
    // path on to base_url's origin.
    const base = new URL(c.base_url);
    target = base.origin;
    const pageBase = origin + base.pathname.replace(/\/+$/, "");
    answer = await page.evaluate(({ l, b }) => globalThis.sfnConformance?.call(l, b) ?? "", { l: line, b: pageBase });
    if (!answer) throw new Error("the page offers no client");
  } catch (e) {
    answer = JSON.stringify({ case: c.case, error: { tag: "Harness", message: `driver: ${String(e)}`, status: 0 } });
  }
  process.stdout.write(answer + "\n");
}
await browser.close();
server.close();
