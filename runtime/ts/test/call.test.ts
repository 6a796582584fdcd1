// The runtime's call() with a fake fetch: the request it builds, how it reads answers and
// failures (SPEC sections 3, 5 and 6), and the float layouts of numbers.ts.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as todos from "../../../examples/todos/web/gen/todos.js";
import { defaults, ServerFnError, type CallOptions } from "../../../examples/todos/web/gen/sfn/index.js";
import { jsonFloat, rustFloat } from "../src/numbers.js";

interface Sent {
  url: string;
  init: RequestInit;
}

/** answer is a fetch that records each request and answers with the given response. */
function answer(status: number, body: string | null, headers: Record<string, string> = {}): { fetch: typeof fetch; sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    fetch: async (input, init) => {
      sent.push({ url: String(input), init: init ?? {} });
      return new Response(body, { status, headers });
    },
  };
}

const todo = { id: 1, title: "Buy milk", done: false, created_at: "2026-01-02T03:04:05Z" };
const ok = () => answer(200, JSON.stringify(todo), { "content-type": "application/json" });

function failsWith(tag: string, status: number, message?: string | RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof ServerFnError, String(e));
    assert.equal(e.tag, tag);
    assert.equal(e.status, status);
    if (typeof message == "string") assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  };
}

describe("request", () => {
  test("Url: POST, form body, Content-Type and Accept, renamed fields read back", async () => {
    const { fetch, sent } = ok();
    const t = await todos.addTodo({ title: "Buy milk" }, { fetch });
    assert.deepEqual(t, { id: 1, title: "Buy milk", done: false, createdAt: "2026-01-02T03:04:05Z", attachment: null });
    const [{ url, init }] = sent as [Sent];
    assert.equal(url, "/api/add_todo83409731470755996");
    assert.equal(init.method, "POST");
    assert.equal(init.body, "title=Buy+milk");
    const h = new Headers(init.headers);
    assert.equal(h.get("content-type"), "application/x-www-form-urlencoded");
    assert.equal(h.get("accept"), "application/json");
  });

  test("GetJson: the arguments in the query, always after a ?", async () => {
    const { fetch, sent } = answer(200, '{"todos":[],"next_cursor":null}');
    await todos.listTodos({}, { fetch });
    await todos.listTodos({ query: "milk & eggs", done: false }, { fetch });
    assert.deepEqual(sent.map((s) => [s.init.method, s.url, s.init.body]), [
      ["GET", "/api/todos?", undefined],
      ["GET", "/api/todos?query=milk+%26+eggs&done=false", undefined],
    ]);
  });

  test("baseUrl, headers, credentials and signal are passed on", async () => {
    const { fetch, sent } = ok();
    const signal = new AbortController().signal;
    await todos.addTodo(
      { title: "x" },
      { fetch, baseUrl: "https://api.example.com/", headers: { Authorization: "Bearer t", "Content-Type": "text/plain" }, credentials: "include", signal },
    );
    const [{ url, init }] = sent as [Sent];
    assert.equal(url, "https://api.example.com/api/add_todo83409731470755996");
    const h = new Headers(init.headers);
    assert.equal(h.get("authorization"), "Bearer t");
    assert.equal(h.get("content-type"), "application/x-www-form-urlencoded", "the encoding's Content-Type wins");
    assert.equal(init.credentials, "include");
    assert.equal(init.signal, signal);
  });

  test("defaults apply to every call, and a call's options override them", async () => {
    const a = ok();
    const b = ok();
    Object.assign(defaults, { fetch: a.fetch, baseUrl: "http://one" } satisfies CallOptions);
    try {
      await todos.addTodo({ title: "x" });
      await todos.addTodo({ title: "x" }, { fetch: b.fetch });
    } finally {
      for (const k of Object.keys(defaults)) delete defaults[k as keyof CallOptions];
    }
    assert.equal(a.sent[0]?.url, "http://one/api/add_todo83409731470755996");
    assert.equal(b.sent[0]?.url, "http://one/api/add_todo83409731470755996");
  });

  test("Json with a unit result, and GetCbor without arguments", async () => {
    const { fetch, sent } = answer(200, "null");
    assert.equal(await todos.deleteTodo({ id: 7 }, { fetch }), undefined);
    assert.equal(sent[0]?.init.body, '{"id":7}');
    const stats = answer(200, null);
    stats.fetch = async (input, init) => {
      stats.sent.push({ url: String(input), init: init ?? {} });
      return new Response(new Uint8Array([0xa2, 0x65, ...Buffer.from("total"), 0x02, 0x64, ...Buffer.from("done"), 0x01]));
    };
    assert.deepEqual(await todos.todoStats({ fetch: stats.fetch }), { total: 2, done: 1 });
    assert.equal(stats.sent[0]?.url, "/api/todos/stats?");
    assert.equal(new Headers(stats.sent[0]?.init.headers).get("accept"), "application/cbor");
  });

  test("an argument a number cannot hold exactly is not sent", async () => {
    const { fetch, sent } = ok();
    await assert.rejects(todos.toggleTodo({ id: 2 ** 53 }, { fetch }), failsWith("Serialization", 0, /is not a JavaScript-safe int64/));
    await assert.rejects(todos.deleteTodo({ id: 1.5 }, { fetch }), failsWith("Serialization", 0));
    assert.equal(sent.length, 0);
  });
});

describe("answers", () => {
  test("an error body gives its tag, message (split at the first |) and status", async () => {
    const { fetch } = answer(404, "ServerError|no todo with id 9|really", { "content-type": "text/plain" });
    await assert.rejects(todos.toggleTodo({ id: 9 }, { fetch }), failsWith("ServerError", 404, "no todo with id 9|really"));
  });

  test("every status from 400 to 599 is an error; others are not", async () => {
    for (const status of [400, 418, 500, 599]) {
      await assert.rejects(todos.addTodo({ title: "x" }, answer(status, "Args|bad")), failsWith("Args", status, "bad"));
    }
    await assert.rejects(todos.addTodo({ title: "x" }, answer(302, "", { location: "/x" })), failsWith("Response", 302));
    assert.equal((await todos.addTodo({ title: "x" }, answer(201, JSON.stringify(todo)))).id, 1);
  });

  test("a body that is not a server function's error is a Response error", async () => {
    await assert.rejects(todos.addTodo({ title: "x" }, answer(502, "<html>Bad Gateway</html>")), failsWith("Response", 502, "<html>Bad Gateway</html>"));
    await assert.rejects(todos.addTodo({ title: "x" }, answer(503, "Oops|down")), failsWith("Response", 503, "Oops|down"));
    await assert.rejects(todos.addTodo({ title: "x" }, answer(500, "")), failsWith("Response", 500, "status 500 with an empty body"));
  });

  test("a result that does not decode is a Deserialization error with the status", async () => {
    await assert.rejects(todos.addTodo({ title: "x" }, answer(200, "{not json")), failsWith("Deserialization", 200));
    await assert.rejects(todos.addTodo({ title: "x" }, answer(200, '{"id":9007199254740993}')), failsWith("Deserialization", 200, /9007199254740992/));
    await assert.rejects(todos.toggleTodo({ id: 1 }, answer(200, "\xff")), failsWith("Deserialization", 200));
    // A result's strings and booleans are checked, as serde checks them: a number is no title.
    await assert.rejects(
      todos.addTodo({ title: "x" }, answer(200, '{"id":1,"title":7,"done":false,"created_at":"2026-01-01T00:00:00Z"}')),
      failsWith("Deserialization", 200, /7 is not a string/),
    );
    await assert.rejects(
      todos.addTodo({ title: "x" }, answer(200, '{"id":1,"title":"t","done":"no","created_at":"2026-01-01T00:00:00Z"}')),
      failsWith("Deserialization", 200, /^field "done": "no" is not a boolean$/),
    );
    // A unit result is null, as serde reads (): anything else is an error, not ignored.
    await assert.rejects(todos.deleteTodo({ id: 1 }, answer(200, "1")), failsWith("Deserialization", 200, /expected unit/));
    await assert.rejects(todos.deleteTodo({ id: 1 }, answer(200, "")), failsWith("Deserialization", 200));
  });

  test("no answer is a Request error; an abort rejects with the signal's reason", async () => {
    const down: typeof fetch = async () => {
      throw new TypeError("fetch failed");
    };
    await assert.rejects(todos.addTodo({ title: "x" }, { fetch: down }), failsWith("Request", 0, "fetch failed"));
    const ac = new AbortController();
    // Like fetch: rejects with the signal's reason once it is aborted.
    const hang: typeof fetch = (_, init) =>
      new Promise((_resolve, reject) => {
        const signal = init?.signal;
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener("abort", () => reject(signal.reason));
      });
    const call = todos.addTodo({ title: "x" }, { fetch: hang, signal: ac.signal });
    ac.abort();
    await assert.rejects(call, (e) => e instanceof DOMException && e.name == "AbortError");
  });

  test("serverfnredirect calls onRedirect with Location after decoding, and the result still comes", async () => {
    const seen: string[] = [];
    const { fetch } = answer(200, JSON.stringify(todo), { serverfnredirect: "1", location: "/done" });
    const t = await todos.addTodo({ title: "x" }, { fetch, onRedirect: (l) => seen.push(l) });
    assert.equal(t.id, 1);
    assert.deepEqual(seen, ["/done"]);
    // Without a hook and without a browser's location, nothing happens.
    assert.equal((await todos.addTodo({ title: "x" }, { fetch })).id, 1);
  });
});

describe("floats", () => {
  // As Rust's Display (form) and ryu (serde_json) write them.
  const f64: [number, string, string][] = [
    [1, "1", "1.0"],
    [-1.5, "-1.5", "-1.5"],
    [0.1, "0.1", "0.1"],
    [1e15, "1000000000000000", "1000000000000000.0"],
    [1e16, "10000000000000000", "1e16"],
    [1.5e16, "15000000000000000", "1.5e16"],
    [123456.789, "123456.789", "123456.789"],
    [1e21, "1000000000000000000000", "1e21"],
    [1e-5, "0.00001", "0.00001"],
    [1e-6, "0.000001", "1e-6"],
    [1.25e-7, "0.000000125", "1.25e-7"],
    [5e-324, "0." + "0".repeat(323) + "5", "5e-324"],
    [1.7976931348623157e308, "17976931348623157" + "0".repeat(292), "1.7976931348623157e308"],
    [-0, "-0", "-0.0"],
    [NaN, "NaN", "null"],
    [-Infinity, "-inf", "null"],
  ];
  for (const [x, form, json] of f64) {
    test(`f64 ${x}`, () => {
      assert.equal(rustFloat(x, false), form);
      assert.equal(jsonFloat(x, false), json);
    });
  }
  const f32: [number, string, string][] = [
    [0.1, "0.1", "0.1"],
    [16777216, "16777216", "16777216.0"],
    [1e13, "10000000000000", "1e13"],
    [1e12, "1000000000000", "1000000000000.0"],
    [3.4028234663852886e38, "340282350000000000000000000000000000000", "3.4028235e38"],
    [1e-6, "0.000001", "0.000001"],
    [1e-7, "0.0000001", "1e-7"],
    [1.401298464324817e-45, "0." + "0".repeat(44) + "1", "1e-45"],
  ];
  for (const [x, form, json] of f32) {
    test(`f32 ${x}`, () => {
      assert.equal(rustFloat(x, true), form);
      assert.equal(jsonFloat(x, true), json);
    });
  }
});
