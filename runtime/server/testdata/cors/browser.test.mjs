// WithCORS in a real browser: headless Chromium loads the same page (server/page.html) from
// the origin the API's WithCORS names and from another one, and each calls the API on a
// third origin with fetch, cookies included: JSON bodies (preflighted) and forms (not).
// From the allowed origin every answer must be readable, results, errors and redirects
// alike, and cookies must travel; from the other, every call must fail with fetch's
// TypeError, and the form post, which a browser sends without asking, must be refused by
// the server before the function runs.
//
// Run by scripts/cors-browser-test.sh, which builds server/ into $SFN_CORS_SERVER.

import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = fileURLToPath(new URL(".", import.meta.url));
let dir, child, exited, urls, context;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "sfn-cors-"));
  let bin = process.env.SFN_CORS_SERVER;
  if (!bin) {
    bin = join(dir, "server");
    execFileSync("go", ["build", "-o", bin, "./server"], { cwd: here, stdio: "inherit" });
  }
  // The server exits when its standard input closes, so it dies with this process.
  child = spawn(bin, [], { stdio: ["pipe", "pipe", "inherit"] });
  exited = new Promise((resolve) => child.once("exit", resolve));
  urls = await new Promise((resolve, reject) => {
    const got = {};
    child.once("error", reject);
    exited.then((code) => reject(new Error(`the CORS test server exited with ${code}`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const m = /^(api|page|other) (http:\/\/\S+)$/.exec(line);
      if (m) got[m[1]] = m[2];
      if (got.api && got.page && got.other) resolve(got);
    });
  });
  context = await chromium.launchPersistentContext(join(dir, "profile"), {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await context?.close();
  if (child && child.exitCode === null) {
    child.stdin.end();
    child.kill("SIGTERM");
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** callAll loads the page from origin and runs its calls against the API. */
async function callAll(origin) {
  const page = await context.newPage();
  try {
    await page.goto(origin + "/");
    return await page.evaluate((api) => window.callAll(api), urls.api);
  } finally {
    await page.close();
  }
}

async function stats() {
  const res = await fetch(urls.api + "/test/stats");
  return res.json();
}

const answer = (status, body, more = {}) =>
  ({ status, body, serverfnerror: null, serverfnredirect: null, location: null, ...more });

test("the allowed origin reads results, errors and redirects, with cookies", async () => {
  const got = await callAll(urls.page);
  assert.deepEqual(got, {
    add: answer(200, "5"),
    greet: answer(200, '"hello, web"'),
    greetEmpty: answer(400, "ServerError|name must not be empty", { serverfnerror: "/api/greet" }),
    visits1: answer(200, "1"),
    visits2: answer(200, "2"),
    moved: answer(200, "null", { serverfnredirect: "", location: "/elsewhere" }),
  });
  const s = await stats();
  assert.equal(s.ran, 3, "add and the two greets ran");
  assert.ok(s.preflights[urls.page] >= 1, `no preflight from ${urls.page}: ${JSON.stringify(s)}`);
});

test("another origin is refused, and its form post never reaches the function", async () => {
  const before = (await stats()).ran;
  const got = await callAll(urls.other);
  const refused = { error: "TypeError" };
  assert.deepEqual(got, {
    add: refused, greet: refused, greetEmpty: refused, visits1: refused, visits2: refused, moved: refused,
  });
  const s = await stats();
  assert.equal(s.ran, before, "a call from the other origin ran a function");
  assert.ok(s.preflights[urls.other] >= 1, `no preflight from ${urls.other}: ${JSON.stringify(s)}`);
});
