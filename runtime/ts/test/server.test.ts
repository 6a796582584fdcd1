// The generated client for examples/todos/todos.sfn against the running Go example server,
// over a real socket on 127.0.0.1: every function succeeds, fails as the function decides,
// and fails when the server rejects its arguments.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as todos from "../../../examples/todos/web/gen/todos.js";
import { ServerFnError, type CallOptions, type ServerFnErrorErr } from "../../../examples/todos/web/gen/sfn/index.js";
import { startServer, type Server } from "./server.js";

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

/**
 * failsTyped checks a failure is the example's TodoError (isTodoError narrows it) holding
 * want, answered with status.
 */
function failsTyped(want: todos.TodoError, status: number) {
  return (e: unknown) => {
    assert.ok(todos.isTodoError(e), String(e));
    assert.deepEqual(e.error, want);
    assert.equal(e.status, status);
    return true;
  };
}

/** failsFramework checks a failure is TodoError's framework variant with tag, and status. */
function failsFramework(tag: string, status: number, message: RegExp) {
  return (e: unknown) => {
    assert.ok(todos.isTodoError(e), String(e));
    assert.ok("ServerFnError" in e.error, e.message);
    const [got, text] = Object.entries(e.error.ServerFnError as ServerFnErrorErr)[0] ?? [];
    assert.equal(got, tag);
    assert.match(String(text), message);
    assert.equal(e.status, status);
    return true;
  };
}

/** tamper returns options whose fetch rewrites the request (its URL or body) before sending it. */
function tamper(options: CallOptions, change: { url?: (u: string) => string; body?: (b: unknown) => BodyInit }): CallOptions {
  return {
    ...options,
    fetch: (input, init) => {
      const url = change.url ? change.url(String(input)) : input;
      return fetch(url, change.body ? { ...init, body: change.body(init?.body) } : init);
    },
  };
}

describe("todos example server", () => {
  let server: Server;
  let o: CallOptions;
  before(async () => {
    server = await startServer();
    o = { baseUrl: server.url };
  });
  after(() => server?.stop());

  test("every function works", async () => {
    const milk = await todos.addTodo({ title: "  Buy milk " }, o);
    assert.equal(milk.title, "Buy milk");
    assert.equal(milk.done, false);
    assert.ok(Number.isSafeInteger(milk.id) && milk.id > 0);
    assert.ok(!Number.isNaN(Date.parse(milk.createdAt)), milk.createdAt);
    const bread = await todos.addTodo({ title: "Bake bread ☕ & café" }, o);

    const page = (todos: unknown[]) => ({ todos, nextCursor: null });
    assert.deepEqual(await todos.listTodos({}, o), page([milk, bread]));
    assert.deepEqual(await todos.listTodos({ query: "MILK" }, o), page([milk]));

    const toggled = await todos.toggleTodo({ id: bread.id }, o);
    assert.deepEqual(toggled, { ...bread, done: true });
    assert.deepEqual(await todos.listTodos({ done: true }, o), page([toggled]));
    assert.deepEqual(await todos.listTodos({ done: false, query: null }, o), page([milk]));
    assert.deepEqual(await todos.todoStats(o), { total: 2, done: 1 });

    assert.equal(await todos.deleteTodo({ id: milk.id }, o), undefined);
    assert.deepEqual(await todos.listTodos({}, o), page([toggled]));
    assert.deepEqual(await todos.todoStats(o), { total: 1, done: 1 });
  });

  test("a function's own errors come back as TodoError's variants, with their statuses", async () => {
    await assert.rejects(todos.addTodo({ title: "   " }, o), failsTyped({ Invalid: { field: "title", reason: "must not be empty" } }, 422));
    await assert.rejects(todos.toggleTodo({ id: 424242 }, o), failsTyped({ NotFound: { id: 424242 } }, 404));
    await assert.rejects(todos.deleteTodo({ id: 424242 }, o), failsTyped({ NotFound: { id: 424242 } }, 404));
    await assert.rejects(
      todos.listTodos({ cursor: "x" }, o),
      failsTyped({ Invalid: { field: "cursor", reason: "not a next_cursor this server gave out" } }, 422),
    );
  });

  test("arguments the server rejects", async () => {
    // Form arguments: a bool that is neither true nor false. The example server answers
    // such requests 400, the caller's mistake (SPEC 5; Leptos answers 500).
    // The functions declare TodoError, so these come in its framework variant.
    const maybe = tamper(o, { url: (u) => u.replace("done=true", "done=maybe") });
    await assert.rejects(todos.listTodos({ done: true }, maybe), failsFramework("Args", 400, /done/));
    // CBOR and JSON bodies that do not decode.
    const cut = tamper(o, { body: (b) => (b as Uint8Array<ArrayBuffer>).slice(0, 3) });
    await assert.rejects(todos.toggleTodo({ id: 1 }, cut), failsFramework("Deserialization", 400, /./));
    const text = tamper(o, { body: () => '{"id":"one"}' });
    await assert.rejects(todos.deleteTodo({ id: 1 }, text), failsFramework("Deserialization", 400, /id/));
    // Too large for the server's int64, so the client refuses to send it.
    await assert.rejects(todos.toggleTodo({ id: 2 ** 63 }, o), failsWith("Serialization", 0));
  });

  test("a server that is not there is a Request error", async () => {
    await assert.rejects(todos.todoStats({ baseUrl: "http://127.0.0.1:1" }), failsWith("Request", 0));
  });
});
