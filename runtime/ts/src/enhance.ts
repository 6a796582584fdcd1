// Progressive enhancement of a <form> that posts to a server function with Url encoding:
// the form works without JavaScript (the browser posts it and the server answers with a
// page), and with it, enhance turns each submit into a fetch call of the function, with
// the typed result or typed error. Imported from ./enhance.js only by programs that use it.

import type { MutationOptions } from "./query.js";

/** What enhance does with a submit. */
export interface Enhance<R, E, A> {
  /**
   * The function's arguments from the form's data (the submit button's name and value
   * included). When it throws, the form is posted as without JavaScript, so the server
   * judges what the script could not.
   */
  args: (data: FormData, form: HTMLFormElement) => A;
  /** Called with the function's result. */
  onSuccess?: ((result: R, form: HTMLFormElement) => void) | undefined;
  /** Called with the function's error (E: a TypedServerFnError of its error type, or a ServerFnError). */
  onError?: ((error: E, form: HTMLFormElement) => void) | undefined;
}

/**
 * enhance makes each submit of form call the function of mutation (fooMutation(), whose
 * options, baseUrl and the rest, it keeps) instead of posting the form, and returns what
 * undoes it. While a call runs the form has aria-busy="true", and a second submit is
 * ignored, so a double click sends one call.
 */
export function enhance<R, E, A>(form: HTMLFormElement, mutation: MutationOptions<R, E, A>, handlers: Enhance<R, E, A>): () => void {
  const submit = async (e: SubmitEvent) => {
    if (e.defaultPrevented) return;
    let args: A;
    try {
      args = handlers.args(new FormData(form, e.submitter), form);
    } catch {
      return; // the browser posts the form
    }
    e.preventDefault();
    if (form.getAttribute("aria-busy")) return;
    form.setAttribute("aria-busy", "true");
    let result: R;
    try {
      result = await mutation.mutationFn(args);
    } catch (err) {
      if (!handlers.onError) throw err;
      return handlers.onError(err as E, form);
    } finally {
      form.removeAttribute("aria-busy");
    }
    handlers.onSuccess?.(result, form);
  };
  form.addEventListener("submit", submit);
  return () => form.removeEventListener("submit", submit);
}
