// Loads the example's /wasm page in headless Chromium (Debian's chromium, driven by
// playwright-core) and checks what the Go WebAssembly client rendered for each function.
// Run through `make wasm-browser-test`, which builds main.wasm and starts the server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const server = process.env.SFN_TEST_SERVER;

test("the /wasm page calls every function through the Go WebAssembly client", async () => {
  assert.ok(server, "SFN_TEST_SERVER is not set: run make wasm-browser-test");
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    const failed = [];
    page.on("requestfailed", (r) => failed.push(r.url()));
    await page.goto(server + "/wasm");
    await page.waitForSelector("body[data-done=true]", { timeout: 30000 });
    const text = async (id) => (await page.textContent("#" + id))?.trim();

    assert.match(await text("add_todo"), /^id=\d+ title="Buy milk" done=false$/);
    assert.equal(await text("add_todo_error"), "error 400 ServerError: title must not be empty");
    assert.match(await text("toggle_todo"), /^id=\d+ title="Buy milk" done=true$/);
    assert.match(await text("list_todos"), /Buy milk/);
    assert.match(await text("todo_stats"), /^total=\d+ done=\d+$/);
    assert.equal(await text("delete_todo"), "deleted");
    assert.match(await text("delete_todo_again"), /^error 404 ServerError: no todo with id \d+$/);
    assert.deepEqual(failed, []);
  } finally {
    await browser.close();
  }
});
