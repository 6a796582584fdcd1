// The page at / in headless Chromium with JavaScript disabled: add, toggle and delete go
// through real form posts to the server functions, each a full page load (the server
// answers 302 back to the page), and the functions' TodoErrors, which come back in __err
// (SPEC 5.1, 6), show where they belong: the empty title's reason beside the title input,
// with the typed text kept, and a missing todo's above the list.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch } from "./chromium.mjs";
import { startServer } from "./server.mjs";

let server, browser, page;
/** The page's navigations: each form post, and the page load its redirect leads to. */
const navigations = [];

before(async () => {
  server = await startServer();
  browser = await launch();
  const context = await browser.newContext({ javaScriptEnabled: false });
  page = await context.newPage();
  page.on("request", (r) => {
    if (r.isNavigationRequest()) navigations.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  await page.goto(server.url + "/");
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const item = (title) => page.locator("#todos li").filter({ hasText: title });

/**
 * submits runs action and checks it posted a form to path and loaded the page again: the
 * next load event is the new page's, as the old one had loaded before.
 */
async function submits(path, action) {
  navigations.length = 0;
  const loaded = page.waitForEvent("load");
  await action();
  await loaded;
  assert.deepEqual(navigations, [`POST ${path}`, "GET /"]);
}

test("the page's script did not run", async () => {
  await page.locator("#stats").waitFor();
  assert.equal(await page.locator("html[data-enhanced]").count(), 0);
});

test("add", async () => {
  await page.locator("#stats").getByText("0 of 0 done").waitFor();
  await page.fill("#title", "Buy milk");
  await submits("/api/add_todo83409731470755996", () => page.click("#add button"));
  await item("Buy milk").waitFor();
  await page.fill("#title", "Bake bread");
  await submits("/api/add_todo83409731470755996", () => page.press("#title", "Enter"));
  await item("Bake bread").waitFor();
  assert.deepEqual(await page.locator("#todos li .title").allTextContents(), ["Buy milk", "Bake bread"]);
  assert.equal(await page.inputValue("#title"), "");
  assert.equal(new URL(page.url()).search, "");
});

test("toggle", async () => {
  await submits("/api/todos/toggle/form", () => page.getByRole("button", { name: "Mark done: Buy milk" }).click());
  assert.equal(await item("Buy milk").getAttribute("class"), "done");
  await page.locator("#stats").getByText("1 of 2 done").waitFor();
  await submits("/api/todos/toggle/form", () => page.getByRole("button", { name: "Mark open: Buy milk" }).click());
  assert.equal(await item("Buy milk").getAttribute("class"), null);
  await page.locator("#stats").getByText("0 of 2 done").waitFor();
});

test("delete", async () => {
  await submits("/api/todos/delete/form", () => page.getByRole("button", { name: "Delete: Buy milk" }).click());
  assert.equal(await item("Buy milk").count(), 0);
  assert.deepEqual(await page.locator("#todos li .title").allTextContents(), ["Bake bread"]);
});

test("the empty-title error: add_todo's Invalid, its reason beside the title input, with the typed text kept", async () => {
  await page.fill("#title", "   ");
  await submits("/api/add_todo83409731470755996", () => page.click("#add button"));
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("__path"), "/api/add_todo83409731470755996");
  // __err is the padded base64url of TodoError's JSON body (SPEC 5.1), which page.go decodes.
  assert.match(url.searchParams.get("__err"), /=$/);
  assert.deepEqual(JSON.parse(Buffer.from(url.searchParams.get("__err"), "base64url").toString()), {
    Invalid: { field: "title", reason: "must not be empty" },
  });
  assert.equal(await page.textContent("#add .error"), "must not be empty");
  assert.equal(await page.getAttribute("#title", "aria-invalid"), "true");
  assert.equal(await page.getAttribute("#title", "aria-describedby"), "add-error");
  assert.equal(await page.inputValue("#title"), "   ");
  assert.deepEqual(await page.locator(".error:not(:empty)").allTextContents(), ["must not be empty"]);
  assert.deepEqual(await page.locator("#todos li .title").allTextContents(), ["Bake bread"]);

  // The next post that succeeds clears the error.
  await page.fill("#title", "Walk the dog");
  await submits("/api/add_todo83409731470755996", () => page.click("#add button"));
  assert.equal(new URL(page.url()).search, "");
  assert.equal(await page.locator(".error:not(:empty)").count(), 0);
  assert.equal(await page.getAttribute("#title", "aria-invalid"), null);
  assert.deepEqual(await page.locator("#todos li .title").allTextContents(), ["Bake bread", "Walk the dog"]);
});

test("a todo deleted elsewhere: toggle_todo_form's NotFound shows above the list", async () => {
  // Delete "Bake bread" behind the page's back, as another tab would.
  const id = Number(await item("Bake bread").getAttribute("data-id"));
  const res = await fetch(server.url + "/api/todos/delete", {
    method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify({ id }),
  });
  assert.equal(res.status, 200);
  await submits("/api/todos/toggle/form", () => page.getByRole("button", { name: "Mark done: Bake bread" }).click());
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("__path"), "/api/todos/toggle/form");
  assert.deepEqual(JSON.parse(Buffer.from(url.searchParams.get("__err"), "base64url").toString()), { NotFound: { id } });
  // The reloaded page no longer lists the todo, so the error cannot sit beside it.
  assert.equal(await item("Bake bread").count(), 0);
  assert.equal(await page.textContent("#list-error"), `no todo with id ${id}`);
  assert.deepEqual(await page.locator(".error:not(:empty)").allTextContents(), [`no todo with id ${id}`]);
});
