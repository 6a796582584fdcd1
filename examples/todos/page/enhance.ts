// The page's script: it enhances the forms that page/index.html renders, which work without
// it. When it runs, the runtime's form helper enhance (../web/gen/sfn) turns each submit
// into a call of the server function through the generated TypeScript client (../web/gen)
// instead of a post, and the list is updated in place, with no page load. The forms stay as
// they are, so the page is the same with or without it.
//
// toggle and delete call toggle_todo (CBOR) and delete_todo (JSON) themselves: their form
// twins exist only because a browser form cannot send those encodings.
//
// Each todo's attach form uploads its file with attach_file (a FormData of the same form),
// and the list follows the changes that other pages make, on this server or another,
// through watch_todos (a websocket, read as an AsyncIterable): see watch below.
//
// Bundled by page/build.mjs into page/enhance.js, which the server embeds and serves.

import { enhance, ServerFnError, type MutationOptions, type TypedServerFnError } from "../web/gen/sfn/index.js";
import {
  addTodoMutation,
  attachFile,
  deleteTodoMutation,
  isTodoError,
  listTodos,
  toggleTodoMutation,
  watchTodos,
  type Attachment,
  type Todo,
  type TodoError,
  type TodoEvent,
} from "../web/gen/todos.js";

function element<T extends HTMLElement>(selector: string, root: ParentNode = document): T {
  const el = root.querySelector<T>(selector);
  if (!el) throw Error(`the page has no ${selector}`);
  return el;
}

const list = element<HTMLUListElement>("#todos");
const stats = element<HTMLParagraphElement>("#stats");
const itemTemplate = element<HTMLTemplateElement>("#todo-item");
const listError = element<HTMLParagraphElement>("#list-error");

/**
 * errorText is how the page shows an error, as page.go's errorMessage does. The functions
 * fail with TodoError (isTodoError narrows it): "invalid title: must not be empty" for
 * Invalid, or its reason alone beside the input of that field; "no todo with id 7" for
 * NotFound; for the framework variant, the message alone when the function failed
 * (ServerError), with its tag otherwise ("Args: ..."). Any other failure (no answer) shows
 * as the runtime's ServerFnError, the same way.
 */
function errorText(e: unknown, field = ""): string {
  if (isTodoError(e)) {
    const err = e.error;
    if ("Invalid" in err) {
      const { field: f, reason } = err.Invalid;
      return f === field ? reason : `invalid ${f}: ${reason}`;
    }
    if ("NotFound" in err) return `no todo with id ${err.NotFound.id}`;
    const [tag, message] = Object.entries(err.ServerFnError)[0] ?? ["ServerError", e.message];
    return tag === "ServerError" ? message : `${tag}: ${message}`;
  }
  if (e instanceof ServerFnError) return e.tag === "ServerError" ? e.message : `${e.tag}: ${e.message}`;
  return String(e);
}

/** idOf reads the todo id of a toggle or delete form. */
function idOf(form: HTMLFormElement): number {
  return Number(element<HTMLInputElement>('input[name="id"], input[name="todo_id"]', form).value);
}

/**
 * render fills li, a copy of the page's item template, with todo. It sets what the Go
 * template sets (page/index.html, "item").
 */
function render(li: HTMLLIElement, todo: Todo): HTMLLIElement {
  li.id = `todo-${todo.id}`;
  li.dataset["id"] = String(todo.id);
  li.classList.toggle("done", todo.done);
  li.querySelectorAll<HTMLInputElement>('input[name="id"], input[name="todo_id"]').forEach((input) => (input.value = String(todo.id)));
  const toggle = element<HTMLButtonElement>(".toggle button", li);
  toggle.textContent = todo.done ? "Undo" : "Done";
  toggle.setAttribute("aria-label", `${todo.done ? "Mark open" : "Mark done"}: ${todo.title}`);
  const title = element<HTMLSpanElement>(".title", li);
  title.textContent = todo.title;
  title.title = `added ${todo.createdAt}`;
  element<HTMLButtonElement>(".delete button", li).setAttribute("aria-label", `Delete: ${todo.title}`);
  element<HTMLInputElement>('.attach input[type="file"]', li).setAttribute("aria-label", `File for: ${todo.title}`);
  element<HTMLButtonElement>(".attach button", li).setAttribute("aria-label", `Attach to: ${todo.title}`);
  showAttachment(li, todo.id, todo.attachment ?? null);
  element<HTMLParagraphElement>(".error", li).textContent = "";
  return li;
}

/** showAttachment sets li's download link to the todo's attachment, hidden without one. */
function showAttachment(li: HTMLLIElement, id: number, attachment: Attachment | null): void {
  const link = element<HTMLAnchorElement>(".attachment", li);
  // The attribute, not link.href: a copy of the template is not in the page yet, and has
  // no base URL to resolve against.
  const href = new URL(link.getAttribute("href") ?? "", location.href);
  href.searchParams.set("todo_id", String(id));
  link.href = href.pathname + href.search;
  link.hidden = !attachment;
  link.textContent = attachment?.name ?? "";
  link.download = attachment?.name ?? "";
}

function newItem(todo: Todo): HTMLLIElement {
  const li = itemTemplate.content.firstElementChild?.cloneNode(true);
  if (!(li instanceof HTMLLIElement)) throw Error("the item template holds no <li>");
  enhanceItem(li);
  return render(li, todo);
}

/**
 * show puts the todo into the list in id order, as the server lists them, unless it is
 * there already: a todo added while later pages are not shown yet is shown at once, at the
 * end, and stays after their todos when More brings them (and is not shown twice). It
 * reports whether it added the todo.
 */
function show(todo: Todo): boolean {
  if (document.getElementById(`todo-${todo.id}`) || gone.has(todo.id)) return false;
  let before: Element | null = null;
  for (let el = list.lastElementChild; el instanceof HTMLLIElement && Number(el.dataset["id"]) > todo.id; el = el.previousElementSibling) {
    before = el;
  }
  list.insertBefore(newItem(todo), before);
  return true;
}

/**
 * gone are the ids of the todos deleted while this page was open, by it or (told by
 * watch_todos) another: a delete is counted once, whichever of the call's answer and its
 * event comes first.
 */
const gone = new Set<number>();

/**
 * counts are the stats the server rendered (data-done, data-total), kept current as the
 * script changes the list: they count every todo, and the list shows only a page of them
 * (list_todos answers 50 at a time), so they cannot be counted from it.
 */
const counts = { done: Number(stats.dataset["done"]), total: Number(stats.dataset["total"]) };

/** count changes the stats by the given numbers of done todos and of todos, and shows them. */
function count(done: number, total: number): void {
  counts.done += done;
  counts.total += total;
  stats.textContent = `${counts.done} of ${counts.total} done`;
}

/**
 * The calls the forms make, as mutations (the generated fooMutation(): the function and its
 * error type), for the runtime's form helper enhance. attach_file has no generated mutation
 * (it takes a FormData, not arguments), so it is wrapped in the same shape here: enhance
 * hands it the form's own FormData (todo_id, then the file), a multipart upload as the form
 * posts it without JavaScript.
 */
const add = addTodoMutation();
const toggle = toggleTodoMutation();
const del = deleteTodoMutation();
const attach: MutationOptions<Attachment, TypedServerFnError<TodoError> | ServerFnError, FormData> = {
  mutationKey: ["Todos", "attachFile"],
  mutationFn: (data) => attachFile(data),
};

/** id is the todo id of a toggle or delete form's data, which a call needs. */
const id = (data: FormData) => ({ id: Number(data.get("id")) });

// The add form: addTodo with the title. An error shows under the title input, which is
// marked as described by it, and what was typed stays, as the server does for a form posted
// without JavaScript.
const addForm = element<HTMLFormElement>("#add");
const title = element<HTMLInputElement>("#title", addForm);
const addError = element<HTMLParagraphElement>("#add-error", addForm);
enhance(addForm, add, {
  args: (data) => ({ title: String(data.get("title")) }),
  onSuccess: (todo) => {
    // The todo's Added event may come first and show it: counted once either way.
    if (show(todo)) count(0, 1);
    title.value = "";
    title.removeAttribute("aria-invalid");
    title.removeAttribute("aria-describedby");
    addError.textContent = "";
  },
  onError: (e) => {
    title.setAttribute("aria-invalid", "true");
    title.setAttribute("aria-describedby", addError.id);
    addError.textContent = errorText(e, "title");
  },
});

/**
 * enhanceItem enhances the forms of li, a todo of the list: the server's, or a copy of the
 * template that show adds. Toggle and delete call toggle_todo (CBOR) and delete_todo
 * (JSON), not the form twins their forms post to; every error shows beside the todo.
 */
function enhanceItem(li: HTMLLIElement): void {
  const error = element<HTMLParagraphElement>(".error", li);
  const onError = (e: unknown) => void (error.textContent = errorText(e));
  enhance(element<HTMLFormElement>(".toggle", li), toggle, {
    args: id,
    onSuccess: (todo) => {
      count((todo.done ? 1 : 0) - (li.classList.contains("done") ? 1 : 0), 0);
      render(li, todo);
    },
    onError,
  });
  const deleteForm = element<HTMLFormElement>(".delete", li);
  enhance(deleteForm, del, {
    args: id,
    onSuccess: () => removed(idOf(deleteForm), li.classList.contains("done")),
    onError,
  });
  enhance(element<HTMLFormElement>(".attach", li), attach, {
    args: (data) => data,
    onSuccess: (attachment, form) => {
      showAttachment(li, idOf(form), attachment);
      form.reset();
      error.textContent = "";
    },
    onError,
  });
}
list.querySelectorAll("li").forEach(enhanceItem);

// More, without JavaScript a link to the next page, adds that page below the list instead.
document.addEventListener("click", (e) => {
  const more = e.target;
  if (!(more instanceof HTMLAnchorElement) || more.id !== "more") return;
  e.preventDefault();
  if (more.dataset["loading"] !== undefined) return; // one call at a time
  more.dataset["loading"] = "";
  void (async () => {
    try {
      const page = await listTodos({ cursor: new URL(more.href).searchParams.get("cursor") });
      page.todos.forEach(show);
      if (page.nextCursor) more.href = `/?cursor=${encodeURIComponent(page.nextCursor)}`;
      else more.remove();
      listError.textContent = "";
    } catch (err) {
      listError.textContent = errorText(err);
    } finally {
      delete more.dataset["loading"];
    }
  })();
});

// An error the server put in the address (a form posted before this script ran) has been
// shown; drop it from the address, so that a reload does not show it again.
const url = new URL(location.href);
if (url.searchParams.has("__err")) {
  url.searchParams.delete("__path");
  url.searchParams.delete("__err");
  history.replaceState(history.state, "", url);
}

/** removed takes a deleted todo off the list and the counts, once. */
function removed(id: number, done: boolean): void {
  if (gone.has(id)) return;
  gone.add(id);
  const li = document.getElementById(`todo-${id}`);
  if (li) done = li.classList.contains("done");
  li?.remove();
  count(done ? -1 : 0, -1);
}

/**
 * apply shows a change that watch_todos sent: made by this page (whose own call's answer
 * may come before or after it, and shows the same), another page, or another instance of
 * the server. The counts change by what the change did, whether the todo is on the list
 * or on a page not shown.
 */
function apply(ev: TodoEvent): void {
  const todo = ev.todo;
  switch (ev.change) {
    case "Ready":
      document.documentElement.dataset["live"] = "";
      return;
    case "Resync":
      // Changes were lost (this page fell behind): the page as the server has it now.
      location.reload();
      return;
  }
  if (!todo) return;
  const li = document.getElementById(`todo-${todo.id}`);
  switch (ev.change) {
    case "Added":
      if (show(todo)) count(0, 1);
      break;
    case "Toggled":
      if (li instanceof HTMLLIElement) {
        count((todo.done ? 1 : 0) - (li.classList.contains("done") ? 1 : 0), 0);
        render(li, todo);
      } else {
        count(todo.done ? 1 : -1, 0);
      }
      break;
    case "Attached":
      if (li instanceof HTMLLIElement) showAttachment(li, todo.id, todo.attachment ?? null);
      break;
    case "Deleted":
      removed(todo.id, todo.done);
      break;
  }
}

/**
 * watch follows the list's changes for as long as the page is open: watch_todos's events,
 * read as an AsyncIterable over a websocket. When the stream ends (the server restarted,
 * the network dropped), it opens it again after a pause; changes made meanwhile show on
 * the next load.
 */
async function watch(): Promise<void> {
  for (;;) {
    try {
      for await (const ev of watchTodos({})) apply(ev);
    } catch {
      // The websocket failed or closed abnormally: try again below.
    }
    delete document.documentElement.dataset["live"];
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
void watch();

// Tells tests, and CSS if it wants, that the forms are enhanced.
document.documentElement.dataset["enhanced"] = "";
