// The example's page in headless Chromium (Debian's chromium, driven by playwright-core):
// the generated client, bundled by esbuild, calls every function of the Go example server
// from a real browser, and a serverfnredirect answer navigates the page.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import { startServer, type Server } from "./server.js";
import { startWeb, type Web } from "./web.js";

const executablePath = process.env["CHROMIUM"] ?? "/usr/bin/chromium";
const args = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

describe("the example's page in Chromium", () => {
  let server: Server;
  let web: Web;
  let browser: Browser;
  let page: Page;
  const calls: string[] = [];
  const errors: string[] = [];

  before(async () => {
    server = await startServer();
    web = await startWeb(server.url);
    browser = await chromium.launch({ executablePath, args });
    page = await browser.newPage();
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith("/api/")) calls.push(`${r.method()} ${url.pathname}`);
    });
  });
  after(async () => {
    await browser?.close();
    await web?.stop();
    await server?.stop();
  });

  const items = () => page.locator("#list li");

  test("every function, from the page", async () => {
    await page.goto(web.url);
    await page.locator("#stats").getByText("0 of 0 done").waitFor();

    await page.fill("#title", "Buy milk");
    await page.click("#add button");
    await items().getByText("Buy milk").waitFor();
    await page.fill("#title", "Bake bread");
    await page.press("#title", "Enter");
    await items().getByText("Bake bread").waitFor();
    assert.deepEqual(await items().locator("span").allTextContents(), ["Buy milk", "Bake bread"]);

    await items().filter({ hasText: "Buy milk" }).locator("input").check();
    await page.locator("#stats").getByText("1 of 2 done").waitFor();
    assert.equal(await items().filter({ hasText: "Buy milk" }).getAttribute("class"), "done");

    await page.check("#open");
    await page.locator("#list li").filter({ hasText: "Buy milk" }).waitFor({ state: "detached" });
    await page.uncheck("#open");
    await page.fill("#query", "bread");
    await page.locator("#list li").filter({ hasText: "Buy milk" }).waitFor({ state: "detached" });
    assert.deepEqual(await items().locator("span").allTextContents(), ["Bake bread"]);
    await page.fill("#query", "");

    await items().filter({ hasText: "Bake bread" }).getByRole("button", { name: "Delete" }).click();
    await page.locator("#stats").getByText("1 of 1 done").waitFor();

    for (const f of ["POST /api/add_todo83409731470755996", "GET /api/todos", "POST /api/todos/toggle", "POST /api/todos/delete", "GET /api/todos/stats"]) {
      assert.ok(calls.includes(f), `the page never called ${f}: ${calls.join(", ")}`);
    }
    assert.deepEqual(errors, []);
  });

  test("a function's error reaches the page typed", async () => {
    await page.fill("#title", "   ");
    await page.click("#add button");
    await page.locator("#title-error").getByText("must not be empty", { exact: true }).waitFor();
  });

  test("serverfnredirect navigates", async () => {
    await page.goto(web.url + "/redirect.html");
    await page.waitForURL(web.url + "/landed");
    assert.deepEqual(errors, []);
  });
});
