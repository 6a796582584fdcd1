// Loads the example's /wasm page in headless Chromium (Debian's chromium, driven by
// playwright-core). Run through `make wasm-browser-test`, which starts a server twice: first
// with no client built (SFN_WASM_EXPECT=unbuilt), where the page must say how to build it,
// then with main.wasm built, where it checks what the Go WebAssembly client rendered for each
// function.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const server = process.env.SFN_TEST_SERVER;
const unbuilt = process.env.SFN_WASM_EXPECT === "unbuilt";

// withPage opens server/wasm in a fresh headless Chromium, collecting the page's uncaught
// errors and failed requests, and runs fn on them.
async function withPage(fn) {
  assert.ok(server, "SFN_TEST_SERVER is not set: run make wasm-browser-test");
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    const failed = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("requestfailed", (r) => failed.push(r.url()));
    await page.goto(server + "/wasm");
    await fn(page, errors, failed);
  } finally {
    await browser.close();
  }
}

test("without main.wasm, the /wasm page says how to build the client", { skip: !unbuilt }, async () => {
  await withPage(async (page, errors) => {
    await page.waitForSelector("body[data-unbuilt=true]", { timeout: 10000 });
    assert.ok(await page.isVisible("#build-hint"), "the build hint is hidden");
    assert.match(await page.textContent("#build-hint"), /Build the client\s+first: make wasm/);
    assert.deepEqual(errors, []);
  });
});

test("the /wasm page calls every function through the Go WebAssembly client", { skip: unbuilt }, async () => {
  await withPage(async (page, errors, failed) => {
    await page.waitForSelector("body[data-done=true]", { timeout: 30000 });
    const text = async (id) => (await page.textContent("#" + id))?.trim();

    assert.match(await text("add_todo"), /^id=\d+ title="Buy milk" done=false$/);
    // TodoError's variants, which the Go client gave through errors.As (wasm/main.go).
    assert.equal(await text("add_todo_error"), "error 422 invalid title: must not be empty");
    assert.match(await text("toggle_todo"), /^id=\d+ title="Buy milk" done=true$/);
    assert.match(await text("list_todos"), /Buy milk/);
    assert.equal(await text("list_todos_error"), "error 422 invalid cursor: not a next_cursor this server gave out");
    assert.match(await text("todo_stats"), /^total=\d+ done=\d+$/);
    assert.equal(await text("delete_todo"), "deleted");
    const id = (await text("add_todo")).match(/^id=(\d+) /)[1];
    assert.equal(await text("delete_todo_again"), `error 404 no todo ${id}`);
    assert.equal(await page.isVisible("#build-hint"), false, "the build hint shows beside a built client");
    assert.deepEqual(failed, []);
    assert.deepEqual(errors, []);
  });
});
