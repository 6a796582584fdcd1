// The React 19 + TanStack Query 5 page (react-app.ts) in headless Chromium against the Go
// example server: it lists, adds and toggles todos through the generated helpers, shows a
// typed error, and its plain form works through the form helper, and without JavaScript as
// a plain post. A small server here serves the page, bundled by esbuild, and proxies /api/
// to the example server, so that page and functions share one origin.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { build } from "esbuild";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { startServer, type Server } from "./server.js";

const executablePath = process.env["CHROMIUM"] ?? "/usr/bin/chromium";
const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sfn + React</title></head>
<body>
<div id="root"></div>
<form id="plain" method="post" action="/api/add_todo83409731470755996">
  <input name="title"><button>Post</button>
</form>
<p id="plain-out"></p>
<script type="module" src="/app.js"></script>
</body></html>`;

/** startPage serves the page on a free port, with /api/ going to the server at api. */
async function startPage(api: string): Promise<{ url: string; stop(): Promise<void> }> {
  const out = await build({
    entryPoints: ["runtime/ts/build/runtime/ts/test/react-app.js"],
    bundle: true,
    format: "esm",
    platform: "browser",
    define: { "process.env.NODE_ENV": '"production"' },
    write: false,
    logLevel: "warning",
  });
  const js = out.outputFiles[0]!.text;
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (path.startsWith("/api/")) {
      const up = request(new URL(req.url ?? "/", api), { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      up.on("error", (e) => res.writeHead(502).end(String(e)));
      return void req.pipe(up);
    }
    const file = path == "/" ? ["text/html", html] : path == "/app.js" ? ["text/javascript", js] : null;
    res.writeHead(file ? 200 : 404, { "content-type": file ? file[0]! : "text/plain" });
    res.end(file ? file[1] : "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("a React 19 + TanStack Query page in Chromium", () => {
  let server: Server;
  let web: Awaited<ReturnType<typeof startPage>>;
  let browser: Browser;
  const errors: string[] = [];

  before(async () => {
    server = await startServer();
    web = await startPage(server.url);
    browser = await chromium.launch({ executablePath, args });
  });
  after(async () => {
    await browser?.close();
    await web?.stop();
    await server?.stop();
  });

  test("lists, adds and toggles todos through the helpers", async () => {
    const page = await browser.newPage();
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(web.url);
    const items = page.locator("#list li");
    await page.locator("#stats").getByText("0 of 0 done").waitFor();

    await page.fill("#title", "Buy milk");
    await page.click("#add button");
    await items.getByText("Buy milk").waitFor();
    await page.fill("#title", "Bake bread");
    await page.press("#title", "Enter");
    await items.getByText("Bake bread").waitFor();
    assert.deepEqual(await items.locator("span").allTextContents(), ["Buy milk", "Bake bread"]);
    assert.equal(await page.inputValue("#title"), "");

    // The checkbox is controlled: it changes when the list is fetched again, after the call.
    await page.getByLabel("Buy milk").click();
    await page.locator("#stats").getByText("1 of 2 done").waitFor();
    assert.equal(await items.filter({ hasText: "Buy milk" }).getAttribute("class"), "done");
    await page.getByLabel("Buy milk").click();
    await page.locator("#stats").getByText("0 of 2 done").waitFor();

    // A typed error (TodoError's Invalid), shown by its reason.
    await page.fill("#title", "   ");
    await page.click("#add button");
    await page.locator("#add-error").getByText("must not be empty", { exact: true }).waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("the form helper: a plain form upgraded to a typed call", async () => {
    const page = await browser.newPage();
    page.on("pageerror", (e) => errors.push(String(e)));
    let posts = 0;
    page.on("request", (r) => void (r.url().includes("/api/add_todo") && posts++));
    await page.goto(web.url);
    await page.waitForSelector("html[data-enhanced]");
    await page.fill("#plain input", "Walk the dog");
    await page.click("#plain button");
    await page.locator("#plain-out").getByText(/^added \d+ Walk the dog$/).waitFor();
    await page.locator("#list li").getByText("Walk the dog").waitFor(); // the React list refreshed
    assert.equal(new URL(page.url()).pathname, "/", "the page stayed");
    assert.equal(posts, 1);

    await page.fill("#plain input", "");
    await page.click("#plain button");
    await page.locator("#plain-out").getByText("error: must not be empty").waitFor();
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("without JavaScript the same form posts", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(web.url);
    await page.fill("#plain input", "Posted plainly");
    await Promise.all([page.waitForNavigation(), page.click("#plain button")]);
    await context.close();
    const list = await fetch(server.url + "/api/todos").then((r) => r.json() as Promise<{ todos: { title: string }[] }>);
    assert.ok(list.todos.some((t) => t.title == "Posted plainly"), JSON.stringify(list));
  });
});
