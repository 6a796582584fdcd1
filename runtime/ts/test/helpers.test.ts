// The query and mutation helpers (fooQuery, fooMutation) against the Go example server,
// through TanStack Query's own QueryClient and MutationObserver: fetchQuery semantics
// (cache, staleTime), a mutation, invalidation by the service's key, a typed error, and the
// query's AbortSignal. test.sh generates ./gen, the example's client as the generator in
// this tree writes it.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { MutationObserver, QueryClient } from "@tanstack/react-query";
import { ServerFnError, TypedServerFnError, type CallOptions } from "./gen/sfn/index.js";
import {
  addTodoMutation,
  isTodoError,
  listTodosQuery,
  todoStatsQuery,
  toggleTodoMutation,
  type Todo,
  type TodoError,
  type TodoList,
} from "./gen/todos.js";
import { startServer, type Server } from "./server.js";

describe("query and mutation helpers, with TanStack Query", () => {
  let server: Server;
  let o: CallOptions;
  before(async () => {
    server = await startServer();
    o = { baseUrl: server.url };
  });
  after(() => server?.stop());

  test("keys are [service, function, args] and [service, function]", () => {
    assert.deepEqual(listTodosQuery({ done: true }).queryKey, ["Todos", "listTodos", { done: true }]);
    assert.deepEqual(todoStatsQuery().queryKey, ["Todos", "todoStats"]);
    assert.deepEqual(addTodoMutation().mutationKey, ["Todos", "addTodo"]);
    assert.equal("retry" in listTodosQuery({}), false, "retry is a type, never set");
  });

  test("fetchQuery, a mutation, and invalidateQueries by the service's key", async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const first: TodoList = await client.fetchQuery({ ...listTodosQuery({}, o), staleTime: Infinity });
    assert.deepEqual(first.todos, []);

    const add = new MutationObserver(client, {
      ...addTodoMutation(o),
      onSuccess: () => client.invalidateQueries({ queryKey: ["Todos"] }),
    });
    const todo: Todo = await add.mutate({ title: "Buy milk" });
    assert.equal(todo.title, "Buy milk");
    assert.equal(client.getQueryState(listTodosQuery({}).queryKey)?.isInvalidated, true);

    // Stale now: fetchQuery calls the server again, with the same key.
    const second = await client.fetchQuery({ ...listTodosQuery({}, o), staleTime: Infinity });
    assert.deepEqual(second.todos.map((t) => t.title), ["Buy milk"]);
    // Fresh: fetchQuery answers from the cache without a call.
    let calls = 0;
    const counting: CallOptions = { ...o, fetch: (input, init) => (calls++, fetch(input, init)) };
    const third = await client.fetchQuery({ ...listTodosQuery({}, counting), staleTime: Infinity });
    assert.equal(calls, 0);
    assert.deepEqual(third, second);

    const toggled = await new MutationObserver(client, toggleTodoMutation(o)).mutate({ id: todo.id });
    assert.equal(toggled.done, true);
    const stats = await client.fetchQuery(todoStatsQuery(o));
    assert.deepEqual(stats, { total: 1, done: 1 });
  });

  test("a typed error reaches TanStack Query typed", async () => {
    const client = new QueryClient();
    const add = new MutationObserver(client, addTodoMutation(o));
    const e = await add.mutate({ title: "  " }).then(
      () => assert.fail("a blank title was taken"),
      (e: unknown) => e,
    );
    assert.ok(isTodoError(e), String(e));
    assert.deepEqual(e.error, { Invalid: { field: "title", reason: "must not be empty" } });
    // The observer's error has the helper's error type: TypedServerFnError<TodoError> | ServerFnError.
    const err: TypedServerFnError<TodoError> | ServerFnError | null = add.getCurrentResult().error;
    assert.equal(err, e);
  });

  test("the query's signal cancels the call", async () => {
    const client = new QueryClient();
    let seen: AbortSignal | null | undefined;
    const slow: CallOptions = {
      ...o,
      fetch: (_input, init) => {
        seen = init?.signal;
        return new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
      },
    };
    const q = client.fetchQuery(listTodosQuery({ query: "slow" }, slow));
    await new Promise((r) => setTimeout(r, 10));
    await client.cancelQueries({ queryKey: ["Todos", "listTodos"] });
    await assert.rejects(q);
    assert.equal(seen?.aborted, true);
  });
});
