// A small React 19 + TanStack Query 5 page over the example's functions, through the
// generated helpers only: useQuery(listTodosQuery(...)) lists, useMutation(addTodoMutation())
// adds, useMutation(toggleTodoMutation()) toggles, each mutation invalidating ["Todos"]. Below
// it a plain <form> posting to add_todo, upgraded by the form helper enhance. react.test.ts
// bundles it with esbuild and drives it in Chromium. Written with createElement, not JSX, so
// that tsc checks it with the other tests.

import { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createElement as h, useState, type FormEvent } from "react";
import { createRoot } from "react-dom/client";
import { enhance, ServerFnError, TypedServerFnError } from "./gen/sfn/index.js";
import { addTodoMutation, isTodoError, listTodosQuery, todoStatsQuery, toggleTodoMutation, type TodoError } from "./gen/todos.js";

/** message is how the page shows a failure: a TodoError's variant, or the ServerFnError's text. */
function message(e: TypedServerFnError<TodoError> | ServerFnError): string {
  if (isTodoError(e) && "Invalid" in e.error) return e.error.Invalid.reason;
  return e.message;
}

function Todos() {
  const client = useQueryClient();
  const list = useQuery(listTodosQuery({}));
  const stats = useQuery(todoStatsQuery());
  const invalidate = () => client.invalidateQueries({ queryKey: ["Todos"] });
  const add = useMutation({ ...addTodoMutation(), onSuccess: invalidate });
  const toggle = useMutation({ ...toggleTodoMutation(), onSuccess: invalidate });
  const [title, setTitle] = useState("");
  // The error types come from the helpers: no annotation, no cast.
  const addError: TypedServerFnError<TodoError> | ServerFnError | null = add.error;
  const listError: TypedServerFnError<TodoError> | ServerFnError | null = list.error;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate({ title }, { onSuccess: () => setTitle("") });
  };
  return h(
    "main",
    null,
    h(
      "form",
      { id: "add", onSubmit: submit },
      h("input", { id: "title", value: title, onChange: (e) => setTitle(e.currentTarget.value) }),
      h("button", { disabled: add.isPending }, "Add"),
      addError && h("p", { id: "add-error" }, message(addError)),
    ),
    listError && h("p", { id: "list-error" }, message(listError)),
    h(
      "ul",
      { id: "list" },
      list.data?.todos.map((t) =>
        h(
          "li",
          { key: t.id, className: t.done ? "done" : "" },
          h("input", { type: "checkbox", checked: t.done, onChange: () => toggle.mutate({ id: t.id }), "aria-label": t.title }),
          h("span", null, t.title),
        ),
      ),
    ),
    stats.data && h("p", { id: "stats" }, `${stats.data.done} of ${stats.data.total} done`),
  );
}

const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
createRoot(document.getElementById("root")!).render(h(QueryClientProvider, { client }, h(Todos)));

// The plain form (in the page's HTML, working without JavaScript), upgraded: its result
// and its typed error are shown beside it, and the React list is refreshed.
const plain = document.getElementById("plain") as HTMLFormElement;
const out = document.getElementById("plain-out")!;
enhance(plain, addTodoMutation(), {
  args: (data) => ({ title: String(data.get("title") ?? "") }),
  onSuccess: (todo) => {
    out.textContent = `added ${todo.id} ${todo.title}`;
    void client.invalidateQueries({ queryKey: ["Todos"] });
  },
  onError: (e) => {
    out.textContent = `error: ${message(e)}`;
  },
});
document.documentElement.dataset["enhanced"] = "";
