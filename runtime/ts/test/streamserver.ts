// Starting runtime/ts/test/streamserver (the functions of gen/ts/testdata/livestreams.sfn)
// for a test, on a free port of 127.0.0.1.

import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface StreamServer {
  url: string;
  stop(): Promise<void>;
}

/** startStreamServer runs the server ($SFN_STREAM_SERVER, else one it builds), serving static at / when given. */
export function startStreamServer(staticDir?: string): Promise<StreamServer> {
  let bin = process.env["SFN_STREAM_SERVER"];
  if (!bin) {
    bin = join(mkdtempSync(join(tmpdir(), "sfn-streams-")), "streamserver");
    execFileSync("go", ["build", "-o", bin, "./runtime/ts/test/streamserver"], { stdio: "inherit" });
    process.env["SFN_STREAM_SERVER"] = bin;
  }
  const child = spawn(bin, staticDir ? ["-static", staticDir] : [], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the stream server exited with ${code}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const m = /^streamserver: listening on (http:\/\/\S+)$/.exec(line);
      if (!m) return;
      resolve({
        url: m[1]!,
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners("exit");
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}
