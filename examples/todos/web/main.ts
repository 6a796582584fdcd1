// The example app's page: a todo list that calls the five server functions of todos.sfn
// through the generated client in ./gen (sfn generate --ts-out examples/todos/web/gen).
// It shows the list's first page (list_todos answers 50 todos at a time), and More adds
// the next.
// Bundle it with esbuild: esbuild main.ts --bundle --format=esm --outfile=main.js.

import { ServerFnError } from "./gen/sfn/index.js";
import { addTodo, deleteTodo, isTodoError, listTodos, todoStats, toggleTodo, type Todo, type TodoList } from "./gen/todos.js";

function element<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw Error(`the page has no #${id}`);
  return el as T;
}

const form = element<HTMLFormElement>("add");
const title = element<HTMLInputElement>("title");
const query = element<HTMLInputElement>("query");
const open = element<HTMLInputElement>("open");
const list = element<HTMLUListElement>("list");
const more = element<HTMLButtonElement>("more");
const stats = element<HTMLParagraphElement>("stats");
const error = element<HTMLParagraphElement>("error");
const titleError = element<HTMLParagraphElement>("title-error");

/** run calls the server, shows its error if it fails, and then shows the list again. */
async function run(action: () => Promise<unknown>): Promise<void> {
  try {
    await action();
    error.hidden = true;
  } catch (e) {
    show(e);
  }
  await refresh();
}

/**
 * show shows a call's failure. The functions fail with TodoError (todos.sfn), which
 * isTodoError narrows: add_todo's Invalid for the title shows its reason beside the title
 * input; any other variant shows in #error with the status, such as
 * "no todo with id 7 (NotFound, 404)". A failure with no TodoError (no answer at all) is a
 * ServerFnError: "fetch failed (Request, 0)".
 */
function show(e: unknown): void {
  if (isTodoError(e)) {
    const err = e.error;
    if ("Invalid" in err && err.Invalid.field === "title") {
      titleError.textContent = err.Invalid.reason;
      titleError.hidden = false;
      title.setAttribute("aria-invalid", "true");
      return;
    }
    let text: string;
    if ("Invalid" in err) text = `invalid ${err.Invalid.field}: ${err.Invalid.reason} (Invalid, ${e.status})`;
    else if ("NotFound" in err) text = `no todo with id ${err.NotFound.id} (NotFound, ${e.status})`;
    else {
      const [tag, message] = Object.entries(err.ServerFnError)[0] ?? ["ServerError", e.message];
      text = `${message} (${tag}, ${e.status})`;
    }
    error.textContent = text;
  } else {
    error.textContent = e instanceof ServerFnError ? `${e.message} (${e.tag}, ${e.status})` : String(e);
  }
  error.hidden = false;
}

/** clearTitleError hides the title's error once a todo was added. */
function clearTitleError(): void {
  titleError.hidden = true;
  titleError.textContent = "";
  title.removeAttribute("aria-invalid");
}

/** filters are the list's filters as the page shows them. */
function filters() {
  return { query: query.value || null, done: open.checked ? false : null };
}

/** next is where the list's next page starts, or null when the list shows all. */
let next: string | null = null;

/** showPage adds a page to the list, and offers the next one, if any. */
function showPage(page: TodoList): void {
  list.append(...page.todos.map(item));
  next = page.nextCursor ?? null;
  more.hidden = next === null;
}

/** refresh shows the list's first page again, and the stats. */
async function refresh(): Promise<void> {
  try {
    const [page, s] = await Promise.all([listTodos(filters()), todoStats()]);
    list.replaceChildren();
    showPage(page);
    stats.textContent = `${s.done} of ${s.total} done`;
  } catch (e) {
    show(e);
  }
}

function item(todo: Todo): HTMLLIElement {
  const li = document.createElement("li");
  li.className = todo.done ? "done" : "";
  li.dataset["id"] = String(todo.id);
  const done = document.createElement("input");
  done.type = "checkbox";
  done.checked = todo.done;
  done.title = "done";
  done.addEventListener("change", () => void run(() => toggleTodo({ id: todo.id })));
  const text = document.createElement("span");
  text.textContent = todo.title;
  text.title = `added ${new Date(todo.createdAt).toLocaleString()}`;
  const remove = document.createElement("button");
  remove.textContent = "Delete";
  remove.addEventListener("click", () => void run(() => deleteTodo({ id: todo.id })));
  li.append(done, text, remove);
  return li;
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  void run(async () => {
    await addTodo({ title: title.value });
    title.value = "";
    clearTitleError();
  });
});
more.addEventListener("click", async () => {
  try {
    showPage(await listTodos({ ...filters(), cursor: next }));
  } catch (e) {
    show(e);
  }
});
query.addEventListener("input", () => void refresh());
open.addEventListener("change", () => void refresh());
void refresh();
