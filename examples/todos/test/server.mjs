// Starts the example server for a browser test: its own process on a free port of
// 127.0.0.1, over a fresh database in a temporary directory, so tests never see each
// other's todos nor the developer's examples/todos/data.

import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const example = fileURLToPath(new URL("..", import.meta.url));

/**
 * startServer runs the example server: the binary in $SFN_TODOS_SERVER if set, else one it
 * builds (a binary, not `go run`, whose child would outlive a kill). It resolves to
 * { url, stop } once the server prints its address.
 */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), "sfn-todos-"));
  let bin = process.env.SFN_TODOS_SERVER;
  if (!bin) {
    bin = join(dir, "todos");
    execFileSync("go", ["build", "-o", bin, "."], { cwd: example, stdio: "inherit" });
  }
  const child = spawn(bin, ["-addr", "127.0.0.1:0", "-db", join(dir, "todos.db")], {
    cwd: join(example, "..", ".."),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const url = await new Promise((resolve, reject) => {
    child.once("error", reject);
    exited.then((code) => reject(new Error(`the example server exited with ${code}`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = /^todos: listening on (http:\/\/\S+)$/.exec(line);
      if (m) resolve(m[1]);
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
