// Typed errors (SPEC 5.1): a function with an error type fails with a value of that type,
// externally tagged ({"NotFound":{"id":7}}) in the type's own encoding, and its framework
// failures in the framework variant, Leptos's ServerFnErrorErr
// ({"ServerFnError":{"Args":"missing field `title`"}}). Only functions with an error type
// pull this module in: call() reaches it through the ErrorBody their modules pass.

import { bodyText, errorFromBody, foreignText, ServerFnError, type ErrorBody } from "./call.js";
import { string, variant, variants } from "./kinds.js";
import { fromWire, resolve, type Props, type Type } from "./types.js";

/**
 * Leptos's ServerFnErrorErr: what the framework variant of an error type holds, one
 * failure the framework detected (arguments that do not decode, a refused request, ...)
 * with its message.
 */
export type ServerFnErrorErr =
  | { Registration: string }
  | { UnsupportedRequestMethod: string }
  | { Request: string }
  | { ServerError: string }
  | { MiddlewareError: string }
  | { Deserialization: string }
  | { Serialization: string }
  | { Args: string }
  | { MissingArg: string }
  | { Response: string };

/** The wire description of ServerFnErrorErr, each variant holding a string. */
export const serverFnErrorErr: Type = [
  variants,
  [
    ["Registration", string],
    ["UnsupportedRequestMethod", string],
    ["Request", string],
    ["ServerError", string],
    ["MiddlewareError", string],
    ["Deserialization", string],
    ["Serialization", string],
    ["Args", string],
    ["MissingArg", string],
    ["Response", string],
  ],
];

/**
 * A call of a function with an error type failed with a value of that type: error, one
 * variant of it ({ NotFound: { id: 7 } }), which the answer's status came with. Each error
 * type's module has a guard, isTodoError(e) for TodoError, that tells its errors from the
 * others' and narrows error to the type. message names the variant ("NotFound"), and for
 * the framework variant also its failure ("ServerFnError: Args: missing field `title`").
 */
export class TypedServerFnError<E> extends Error {
  readonly error: E;
  readonly status: number;
  readonly #type: Type;

  constructor(error: E, status: number, type: Type) {
    super(describe(error, type));
    this.name = "TypedServerFnError";
    this.error = error;
    this.status = status;
    this.#type = type;
  }

  /**
   * of tells whether e is an error of the error type that type describes (the constant of
   * the type's name in its generated module): what the generated guards ask.
   */
  static of<E>(e: unknown, type: Type): e is TypedServerFnError<E> {
    return e instanceof TypedServerFnError && e.#type === type;
  }
}

/** describe is an error's message: its variant's wire name, and the failure for the framework variant. */
function describe(error: unknown, type: Type): string {
  const [wire, vt] = variant(resolve(type), error);
  if (vt !== serverFnErrorErr) return wire;
  const [tag, text] = Object.entries((error as Props)[wire] as Props)[0] ?? [];
  return `${wire}: ${tag}: ${String(text)}`;
}

/**
 * typedError makes the ErrorBody of an error type: an answer in the type's media type is
 * decoded with decode and checked against type, giving a TypedServerFnError; one that does
 * not decode is a Deserialization ServerFnError holding the body's text. An answer in any
 * other media type ("Tag|message" text from a proxy, or from a server that does not know the
 * error type) reads as the answers of functions without an error type do.
 */
export function typedError(mediaType: string, type: Type, decode: (body: Uint8Array) => unknown): ErrorBody {
  return async (res) => {
    const status = res.status;
    const body = new Uint8Array(await res.arrayBuffer());
    const text = bodyText(body);
    if ((res.headers.get("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase() != mediaType) {
      return errorFromBody(status, text);
    }
    try {
      return new TypedServerFnError(fromWire(type, await decode(body)), status, type);
    } catch (e) {
      // The body's text as errorFromBody gives a foreign body's, so the caller sees what came.
      return new ServerFnError("Deserialization", foreignText(status, text), status, e);
    }
  };
}
