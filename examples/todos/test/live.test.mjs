// Live updates in headless Chromium with JavaScript on: two pages open on the list, and a
// change made in one (add, toggle, delete) shows in the other without a reload, through
// watch_todos (a websocket the page reads as an AsyncIterable), counts included.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch } from "./chromium.mjs";
import { startServer } from "./server.mjs";

let server, browser, one, two;
/** Navigations of the second page: a live update must not be a reload. */
const loads = [];

before(async () => {
  server = await startServer();
  browser = await launch();
  // Two contexts: two separate visitors, not two tabs sharing state.
  one = await (await browser.newContext()).newPage();
  two = await (await browser.newContext()).newPage();
  for (const page of [one, two]) {
    await page.goto(server.url + "/");
    // data-live: the page's watch_todos stream has started (its Ready event came).
    await page.locator("html[data-enhanced][data-live]").waitFor();
  }
  two.on("request", (r) => {
    if (r.isNavigationRequest()) loads.push(r.url());
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const item = (page, title) => page.locator("#todos li").filter({ hasText: title });
const live = { timeout: 5000 };

test("a todo added in one page shows in the other", async () => {
  await one.fill("#title", "Water the plants");
  await one.click("#add button");
  await item(one, "Water the plants").waitFor();
  await item(two, "Water the plants").waitFor(live);
  await two.locator("#stats").getByText("0 of 1 done").waitFor(live);
  // The page that added it shows it once, counted once, whichever of the answer and the
  // event came first.
  assert.equal(await item(one, "Water the plants").count(), 1);
  await one.locator("#stats").getByText("0 of 1 done").waitFor(live);
});

test("a toggle in one page shows in the other", async () => {
  await one.getByRole("button", { name: "Mark done: Water the plants" }).click();
  await two.locator("#todos li.done").filter({ hasText: "Water the plants" }).waitFor(live);
  await two.locator("#stats").getByText("1 of 1 done").waitFor(live);
});

test("a todo deleted in the second page goes from the first", async () => {
  await two.fill("#title", "Feed the cat");
  await two.click("#add button");
  await item(one, "Feed the cat").waitFor(live);
  await two.getByRole("button", { name: "Delete: Water the plants" }).click();
  await item(one, "Water the plants").waitFor({ state: "detached", ...live });
  await one.locator("#stats").getByText("0 of 1 done").waitFor(live);
  await two.locator("#stats").getByText("0 of 1 done").waitFor(live);
  assert.deepEqual(await one.locator("#todos li .title").allTextContents(), ["Feed the cat"]);
});

test("the updates came without a page load", () => {
  assert.deepEqual(loads, []);
});
