// Attachments in headless Chromium: a file attached to a todo through the todo's plain
// <form enctype="multipart/form-data">, with JavaScript off (a real form post, answered
// 302 back to the page) and on (the generated client's attachFile with the form's
// FormData, no page load); the link then downloads the same bytes; a file over the 1 MiB
// limit is refused and the error shown beside the todo.

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { launch } from "./chromium.mjs";
import { startServer } from "./server.mjs";

let server, browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const MiB = 1 << 20;

for (const javaScriptEnabled of [false, true]) {
  describe(`JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    let context, page;
    const navigations = [];
    const title = javaScriptEnabled ? "Send the invoice" : "File the taxes";
    const item = () => page.locator("#todos li").filter({ hasText: title });

    before(async () => {
      context = await browser.newContext({ javaScriptEnabled });
      page = await context.newPage();
      page.on("request", (r) => {
        if (r.isNavigationRequest()) navigations.push(`${r.method()} ${new URL(r.url()).pathname}`);
      });
      await page.goto(server.url + "/");
      if (javaScriptEnabled) await page.locator("html[data-enhanced]").waitFor();
      await page.fill("#title", title);
      await page.click("#add button");
      await item().waitFor();
    });

    /** attach uploads the file through the todo's form, and waits for the page's answer. */
    async function attach(file) {
      navigations.length = 0;
      await item().locator('input[type="file"]').setInputFiles(file);
      const button = item().getByRole("button", { name: `Attach to: ${title}` });
      if (javaScriptEnabled) {
        await button.click();
        await item().locator(".attach button:enabled").waitFor();
      } else {
        const loaded = page.waitForEvent("load");
        await button.click();
        await loaded;
      }
    }

    test("a file attached is linked, and downloads as it was sent", async () => {
      const bytes = randomBytes(200_000);
      await attach({ name: "invoice.pdf", mimeType: "application/pdf", buffer: bytes });
      assert.deepEqual(navigations, javaScriptEnabled ? [] : ["POST /api/todos/attach", "GET /"]);
      const link = item().locator("a.attachment");
      await link.getByText("invoice.pdf").waitFor();
      assert.equal(await link.isVisible(), true);
      assert.equal(await item().locator(".error").textContent(), "");
      const res = await context.request.get(new URL(await link.getAttribute("href"), server.url).href);
      assert.equal(res.status(), 200);
      assert.match(res.headers()["content-disposition"], /filename=invoice\.pdf/);
      assert.ok(Buffer.from(await res.body()).equals(bytes), "the download is not the bytes uploaded");
    });

    test("a file over 1 MiB is refused beside its todo, the one before kept", async () => {
      await attach({ name: "huge.bin", mimeType: "application/octet-stream", buffer: Buffer.alloc(MiB + 1) });
      await item().locator(".error").getByText(/^Args: /).waitFor();
      if (!javaScriptEnabled) {
        assert.deepEqual(navigations, ["POST /api/todos/attach", "GET /"]);
        const url = new URL(page.url());
        assert.equal(url.searchParams.get("__path"), "/api/todos/attach");
        assert.ok(url.searchParams.get("__err"));
      } else {
        assert.deepEqual(navigations, []);
      }
      await item().locator("a.attachment").getByText("invoice.pdf").waitFor();
    });
  });
}
