// The page's More with JavaScript on: the list shows the first 50 todos, and More adds the
// next page below them with one call to list_todos and no page load; a todo added before
// that stays last. (Without JavaScript More is a link to the next page: page_test.go.)

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch } from "./chromium.mjs";
import { startServer } from "./server.mjs";

let server, browser, page;
const navigations = [];
const calls = [];

before(async () => {
  server = await startServer();
  for (let i = 1; i <= 55; i++) {
    const res = await fetch(`${server.url}/api/add_todo83409731470755996`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `title=todo+${i}`,
    });
    assert.equal(res.status, 200);
  }
  browser = await launch();
  page = await browser.newPage();
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (r.isNavigationRequest()) navigations.push(`${r.method()} ${path}`);
    else if (path.startsWith("/api/")) calls.push(`${r.method()} ${r.url().slice(server.url.length)}`);
  });
  await page.goto(server.url + "/");
  await page.locator("html[data-enhanced]").waitFor({ state: "attached" });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const titles = () => page.locator("#todos li .title").allTextContents();

test("More adds the next page in place", async () => {
  assert.equal((await titles()).length, 50);
  assert.equal(await page.textContent("#stats"), "0 of 55 done");
  await page.fill("#title", "added before More");
  await page.click("#add button");
  await page.locator("#todos li").filter({ hasText: "added before More" }).waitFor();
  assert.equal(await page.textContent("#stats"), "0 of 56 done");

  navigations.length = 0;
  calls.length = 0;
  await page.click("#more");
  await page.locator("#more").waitFor({ state: "detached" });
  assert.deepEqual(calls, ["GET /api/todos?cursor=50"]);
  assert.deepEqual(navigations, []);
  const all = await titles();
  assert.deepEqual(all, [...Array.from({ length: 55 }, (_, i) => `todo ${i + 1}`), "added before More"]);
});

test("a todo More brought has its forms enhanced: toggle and delete in place", async () => {
  // Its <li> is a copy of the page's template, made by the script, whose forms it enhances
  // as it adds them (enhanceItem in page/enhance.ts).
  const item = page.locator("#todos li").filter({ hasText: "todo 53" });
  navigations.length = 0;
  calls.length = 0;
  await page.getByRole("button", { name: "Mark done: todo 53" }).click();
  await page.getByRole("button", { name: "Mark open: todo 53" }).waitFor();
  assert.ok(await item.evaluate((li) => li.classList.contains("done")));
  assert.equal(await page.textContent("#stats"), "1 of 56 done");
  await page.getByRole("button", { name: "Delete: todo 53" }).click();
  await item.waitFor({ state: "detached" });
  assert.equal(await page.textContent("#stats"), "0 of 55 done");
  assert.deepEqual(calls, ["POST /api/todos/toggle", "POST /api/todos/delete"]);
  assert.deepEqual(navigations, []);
});
