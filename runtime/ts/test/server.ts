// Starting the Go example server (examples/todos) for a test, on a free port of 127.0.0.1.

import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** A running example server. */
export interface Server {
  /** Its origin, "http://127.0.0.1:PORT". */
  url: string;
  stop(): Promise<void>;
}

/**
 * startServer runs the example server: the binary test.sh built ($SFN_TODOS_SERVER), else
 * one it builds (not `go run`, whose child would outlive a kill). It resolves once the
 * server prints its address.
 */
export function startServer(): Promise<Server> {
  let bin = process.env["SFN_TODOS_SERVER"];
  if (!bin) {
    bin = join(mkdtempSync(join(tmpdir(), "sfn-todos-")), "todos-server");
    execFileSync("go", ["build", "-o", bin, "./examples/todos"], { stdio: "inherit" });
    process.env["SFN_TODOS_SERVER"] = bin;
  }
  const child = spawn(bin, ["-addr", "127.0.0.1:0", "-db", ":memory:"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error("the example server did not start within 120 s"));
    }, 120_000);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the example server exited with ${code}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const m = /^todos: listening on (http:\/\/\S+)$/.exec(line);
      if (!m) return;
      clearTimeout(timer);
      resolve({ url: m[1]!, stop: () => stop(child) });
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
