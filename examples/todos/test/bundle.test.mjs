// The checked-in bundle page/enhance.js is what page/build.mjs makes from page/enhance.ts
// and the generated client today: it fails when either changed and the bundle was not
// rebuilt.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { bundle, output } from "../page/build.mjs";

test("page/enhance.js is current", async () => {
  const want = await bundle();
  const got = readFileSync(output, "utf8");
  assert.ok(got === want, "page/enhance.js is stale: run node examples/todos/page/build.mjs");
});
