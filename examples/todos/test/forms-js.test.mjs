// The page at / in headless Chromium with JavaScript on: the same forms as without it, but
// the page's script (page/enhance.js) takes each submit and calls the server function
// through the generated TypeScript client, and the page is never loaded again: a marker
// set on window after the first load survives every action, and no navigation happens.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch } from "./chromium.mjs";
import { startServer } from "./server.mjs";

let server, browser, page;
const navigations = [];
const calls = [];
const errors = [];

before(async () => {
  server = await startServer();
  browser = await launch();
  page = await browser.newPage();
  page.on("pageerror", (e) => errors.push(String(e)));
  // The page's live updates (watch_todos) are held back: this page stands for one whose
  // websocket is down, so that a todo deleted elsewhere stays on it (the last test). Its
  // socket is answered by the test, which sends nothing; test/live.test.mjs covers them.
  await page.routeWebSocket(/\/api\/todos\/watch$/, () => {});
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (r.isNavigationRequest()) navigations.push(`${r.method()} ${path}`);
    else if (path.startsWith("/api/")) calls.push(`${r.method()} ${path} ${r.headers()["content-type"]}`);
  });
  await page.goto(server.url + "/");
  await page.locator("html[data-enhanced]").waitFor({ state: "attached" });
  await page.evaluate(() => { window.loadedOnce = true; });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const item = (title) => page.locator("#todos li").filter({ hasText: title });

/** inPlace runs action and checks it made exactly the call given and no page load. */
async function inPlace(call, action) {
  navigations.length = 0;
  calls.length = 0;
  await action();
  assert.deepEqual(calls, [call]);
  assert.deepEqual(navigations, []);
  assert.equal(await page.evaluate(() => window.loadedOnce), true, "the page was loaded again");
}

test("add", async () => {
  await page.fill("#title", "Buy milk");
  await inPlace("POST /api/add_todo83409731470755996 application/x-www-form-urlencoded", async () => {
    await page.click("#add button");
    await item("Buy milk").waitFor();
  });
  await page.fill("#title", "Bake bread");
  await inPlace("POST /api/add_todo83409731470755996 application/x-www-form-urlencoded", async () => {
    await page.press("#title", "Enter");
    await item("Bake bread").waitFor();
  });
  assert.deepEqual(await page.locator("#todos li .title").allTextContents(), ["Buy milk", "Bake bread"]);
  assert.equal(await page.inputValue("#title"), "");
  assert.equal(await page.textContent("#stats"), "0 of 2 done");
});

test("toggle calls toggle_todo (CBOR)", async () => {
  await inPlace("POST /api/todos/toggle application/cbor", async () => {
    await page.getByRole("button", { name: "Mark done: Buy milk" }).click();
    await page.getByRole("button", { name: "Mark open: Buy milk" }).waitFor();
  });
  assert.ok(await item("Buy milk").evaluate((li) => li.classList.contains("done")));
  assert.equal(await page.textContent("#stats"), "1 of 2 done");
});

test("delete calls delete_todo (JSON)", async () => {
  await inPlace("POST /api/todos/delete application/json", async () => {
    await page.getByRole("button", { name: "Delete: Bake bread" }).click();
    await item("Bake bread").waitFor({ state: "detached" });
  });
  assert.deepEqual(await page.locator("#todos li .title").allTextContents(), ["Buy milk"]);
  assert.equal(await page.textContent("#stats"), "1 of 1 done");
});

test("a second submit while the call runs is ignored: one call", async () => {
  await page.fill("#title", "Only once");
  await inPlace("POST /api/add_todo83409731470755996 application/x-www-form-urlencoded", async () => {
    // Two submits in one task: the second comes while the first call is running (the form
    // is aria-busy), as a double click's would.
    await page.evaluate(() => {
      const form = document.querySelector("#add");
      form.requestSubmit();
      form.requestSubmit();
    });
    await item("Only once").waitFor();
  });
  assert.equal(await item("Only once").count(), 1);
  assert.equal(await page.getAttribute("#add", "aria-busy"), null);
  // Taken off again, so the tests below see the list they expect.
  await inPlace("POST /api/todos/delete application/json", async () => {
    await page.getByRole("button", { name: "Delete: Only once" }).click();
    await item("Only once").waitFor({ state: "detached" });
  });
  assert.equal(await page.textContent("#stats"), "1 of 1 done");
});

test("the empty-title error: add_todo's Invalid, its reason beside the title input, with the typed text kept", async () => {
  await page.fill("#title", "   ");
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/add_todo83409731470755996");
  await inPlace("POST /api/add_todo83409731470755996 application/x-www-form-urlencoded", async () => {
    await page.click("#add button");
    await page.locator("#add .error").getByText("must not be empty", { exact: true }).waitFor();
  });
  // What the generated client turned into a TypedServerFnError that isTodoError narrowed.
  const res = await answer;
  assert.equal(res.status(), 422);
  assert.equal(res.headers()["content-type"], "application/json");
  assert.deepEqual(await res.json(), { Invalid: { field: "title", reason: "must not be empty" } });
  assert.equal(await page.getAttribute("#title", "aria-invalid"), "true");
  assert.equal(await page.getAttribute("#title", "aria-describedby"), "add-error");
  assert.equal(await page.inputValue("#title"), "   ");
  assert.deepEqual(await page.locator(".error:not(:empty)").allTextContents(), ["must not be empty"]);
  assert.deepEqual(await page.locator("#todos li .title").allTextContents(), ["Buy milk"]);

  await page.fill("#title", "Walk the dog");
  await inPlace("POST /api/add_todo83409731470755996 application/x-www-form-urlencoded", async () => {
    await page.click("#add button");
    await item("Walk the dog").waitFor();
  });
  assert.equal(await page.locator(".error:not(:empty)").count(), 0);
  assert.equal(await page.getAttribute("#title", "aria-invalid"), null);
});

test("a todo deleted elsewhere: the error shows beside it", async () => {
  // Delete "Buy milk" behind the page's back, as another tab would while this page's live
  // updates are down.
  const id = Number(await item("Buy milk").getAttribute("data-id"));
  const res = await fetch(server.url + "/api/todos/delete", {
    method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify({ id }),
  });
  assert.equal(res.status, 200);
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/todos/toggle");
  await inPlace("POST /api/todos/toggle application/cbor", async () => {
    await page.getByRole("button", { name: "Mark open: Buy milk" }).click();
    await item("Buy milk").locator(".error").getByText(`no todo with id ${id}`).waitFor();
  });
  // toggle_todo takes CBOR, and its TodoError still comes back as JSON (SPEC 5.1).
  const failed = await answer;
  assert.equal(failed.status(), 404);
  assert.equal(failed.headers()["content-type"], "application/json");
  assert.deepEqual(await failed.json(), { NotFound: { id } });
  assert.deepEqual(await page.locator(".error:not(:empty)").allTextContents(), [`no todo with id ${id}`]);
  assert.deepEqual(errors, []);
});
