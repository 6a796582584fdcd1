// The page's script: it enhances the forms that page/index.html renders, which work without
// it. When it runs, a submit calls the server function through the generated TypeScript
// client (../web/gen) instead of posting the form, and the list is updated in place, with
// no page load. The forms stay as they are, so the page is the same with or without it.
//
// toggle and delete call toggle_todo (CBOR) and delete_todo (JSON) themselves: their form
// twins exist only because a browser form cannot send those encodings.
//
// Bundled by page/build.mjs into page/enhance.js, which the server embeds and serves.

import { ServerFnError } from "../web/gen/sfn/index.js";
import { addTodo, deleteTodo, isTodoError, listTodos, toggleTodo, type Todo } from "../web/gen/todos.js";

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
  return Number(element<HTMLInputElement>('input[name="id"]', form).value);
}

/**
 * render fills li, a copy of the page's item template, with todo. It sets what the Go
 * template sets (page/index.html, "item").
 */
function render(li: HTMLLIElement, todo: Todo): HTMLLIElement {
  li.id = `todo-${todo.id}`;
  li.dataset["id"] = String(todo.id);
  li.classList.toggle("done", todo.done);
  li.querySelectorAll<HTMLInputElement>('input[name="id"]').forEach((input) => (input.value = String(todo.id)));
  const toggle = element<HTMLButtonElement>(".toggle button", li);
  toggle.textContent = todo.done ? "Undo" : "Done";
  toggle.setAttribute("aria-label", `${todo.done ? "Mark open" : "Mark done"}: ${todo.title}`);
  const title = element<HTMLSpanElement>(".title", li);
  title.textContent = todo.title;
  title.title = `added ${todo.createdAt}`;
  element<HTMLButtonElement>(".delete button", li).setAttribute("aria-label", `Delete: ${todo.title}`);
  element<HTMLParagraphElement>(".error", li).textContent = "";
  return li;
}

function newItem(todo: Todo): HTMLLIElement {
  const li = itemTemplate.content.firstElementChild?.cloneNode(true);
  if (!(li instanceof HTMLLIElement)) throw Error("the item template holds no <li>");
  return render(li, todo);
}

/**
 * show puts the todo into the list in id order, as the server lists them, unless it is
 * there already: a todo added while later pages are not shown yet is shown at once, at the
 * end, and stays after their todos when More brings them (and is not shown twice).
 */
function show(todo: Todo): void {
  if (document.getElementById(`todo-${todo.id}`)) return;
  let before: Element | null = null;
  for (let el = list.lastElementChild; el instanceof HTMLLIElement && Number(el.dataset["id"]) > todo.id; el = el.previousElementSibling) {
    before = el;
  }
  list.insertBefore(newItem(todo), before);
}

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
        try {
          show(await addTodo({ title: title.value }));
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
        count(0, 1);
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
      await deleteTodo({ id: idOf(form) });
      li.remove();
      count(li.classList.contains("done") ? -1 : 0, -1);
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

// Tells tests, and CSS if it wants, that the forms are enhanced.
document.documentElement.dataset["enhanced"] = "";
