// The page's script: it enhances the forms that page/index.html renders, which work without
// it. When it runs, a submit calls the server function through the generated TypeScript
// client (../web/gen) instead of posting the form, and the list is updated in place, with
// no page load. The forms stay as they are, so the page is the same with or without it.
//
// toggle and delete call toggle_todo (CBOR) and delete_todo (JSON) themselves: their form
// twins exist only because a browser form cannot send those encodings.
//
// Each todo's attach form uploads its file with attach_file (a FormData of the same form),
// and the list follows the changes that other pages make, on this server or another,
// through watch_todos (a websocket, read as an AsyncIterable): see watch below.
//
// Bundled by page/build.mjs into page/enhance.js, which the server embeds and serves.

import { ServerFnError } from "../web/gen/sfn/index.js";
import {
  addTodo,
  attachFile,
  deleteTodo,
  isTodoError,
  listTodos,
  toggleTodo,
  watchTodos,
  type Attachment,
  type Todo,
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
 * submit runs call for form with its button disabled, so a double click sends one call,
 * and shows the call's error, if any, in errorEl, beside the form; field names the form's
 * input, whose Invalid shows as its reason alone.
 */
async function submit(form: HTMLFormElement, errorEl: HTMLElement, call: () => Promise<void>, field = ""): Promise<void> {
  const button = form.querySelector("button");
  if (button) button.disabled = true;
  try {
    await call();
    errorEl.textContent = "";
  } catch (e) {
    errorEl.textContent = errorText(e, field);
  } finally {
    if (button) button.disabled = false;
  }
}

document.addEventListener("submit", (e) => {
  const form = e.target;
  if (!(form instanceof HTMLFormElement)) return;
  const li = form.closest("li");
  if (form.id === "add") {
    e.preventDefault();
    const title = element<HTMLInputElement>("#title", form);
    const error = element<HTMLParagraphElement>("#add-error", form);
    void submit(
      form,
      error,
      async () => {
        let added: boolean;
        try {
          // The todo's Added event may come first and show it: counted once either way.
          added = show(await addTodo({ title: title.value }));
        } catch (err) {
          // Keep what was typed, as the server does for a form posted without JavaScript,
          // and mark the input described by the error, as the server renders it.
          title.setAttribute("aria-invalid", "true");
          title.setAttribute("aria-describedby", error.id);
          throw err;
        }
        title.value = "";
        title.removeAttribute("aria-invalid");
        title.removeAttribute("aria-describedby");
        if (added) count(0, 1);
      },
      "title",
    );
  } else if (li && form.classList.contains("toggle")) {
    e.preventDefault();
    void submit(form, element(".error", li), async () => {
      const todo = await toggleTodo({ id: idOf(form) });
      count((todo.done ? 1 : 0) - (li.classList.contains("done") ? 1 : 0), 0);
      render(li, todo);
    });
  } else if (li && form.classList.contains("delete")) {
    e.preventDefault();
    void submit(form, element(".error", li), async () => {
      const id = idOf(form);
      await deleteTodo({ id });
      removed(id, li.classList.contains("done"));
    });
  } else if (li && form.classList.contains("attach")) {
    e.preventDefault();
    // The form's own FormData: todo_id, then the file, as the form posts them without
    // JavaScript.
    void submit(form, element(".error", li), async () => {
      const attachment = await attachFile(form);
      showAttachment(li, idOf(form), attachment);
      form.reset();
    });
  }
});

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
