// Calling a server function: one fetch, and the answer read as Leptos server_fn 0.8's client
// reads it (SPEC sections 3, 5 and 6).

/** Options for one call; unset ones come from {@link defaults}. */
export interface CallOptions {
  /**
   * Where the server is: "https://api.example.com", put before each function's path.
   * Empty (the default) calls the page's own origin.
   */
  baseUrl?: string | undefined;
  /** The fetch to send the request with; the global fetch by default. */
  fetch?: typeof fetch | undefined;
  /** More request headers, such as Authorization. Accept and Content-Type are the encoding's. */
  headers?: HeadersInit | undefined;
  /** Whether the request carries cookies: fetch's credentials. */
  credentials?: RequestCredentials | undefined;
  /** Cancels the call; the promise then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /**
   * Called with the Location when the function asks for a redirect (the serverfnredirect
   * header), after the result is decoded. By default a browser navigates there; elsewhere
   * nothing happens.
   */
  onRedirect?: ((location: string) => void) | undefined;
  /**
   * The WebSocket constructor websocket functions open their connection with: the global
   * WebSocket by default (browsers, Node 22 and later, Node 20 with --experimental-websocket).
   */
  WebSocket?: typeof WebSocket | undefined;
  /**
   * For websocket functions: called with each error the output holds (an error item, or an
   * item that does not decode), after which the output goes on, as Leptos's stream of
   * Results and sfn's Go client do. Without it the first such error ends the output: the
   * iteration rejects with it. The error is a ServerFnError, or for a function with an
   * error type what its guard (isTodoError) recognizes.
   */
  onItemError?: ((error: Error) => void) | undefined;
}

/** Options every call starts from: set baseUrl or headers here once for all calls. */
export const defaults: CallOptions = {};

/** The kinds of server function errors, as Leptos names them. */
export type ErrorTag =
  | "ServerError"
  | "Args"
  | "Deserialization"
  | "Serialization"
  | "Request"
  | "Response"
  | "MiddlewareError"
  | "Registration"
  | "MissingArg"
  | "WrappedServerFn";

/**
 * A failed call. tag says what failed: ServerError (the function ran and failed), Args or
 * Deserialization (the server could not read the arguments), Request (no answer came: a
 * network failure), Response (the answer was not a server function's), Serialization (the
 * arguments could not be encoded), and so on. status is the HTTP status, 0 without one.
 */
export class ServerFnError extends Error {
  readonly tag: ErrorTag;
  readonly status: number;

  constructor(tag: ErrorTag, message: string, status = 0, cause?: unknown) {
    super(message, { cause });
    this.name = "ServerFnError";
    this.tag = tag;
    this.status = status;
  }
}

/**
 * errorFromBody reads an error answer, "Tag|message". A body in another form did not come
 * from a server function (a proxy's page, say): it gives a Response error carrying its text.
 */
export function errorFromBody(status: number, body: string): ServerFnError {
  const [, tag, message = ""] =
    /^(ServerError|Args|Deserialization|Serialization|Request|Response|MiddlewareError|Registration|MissingArg|WrappedServerFn)\|([^]*)/.exec(body) ?? [];
  if (tag) return new ServerFnError(tag as ErrorTag, message, status);
  return new ServerFnError("Response", foreignText(status, body), status);
}

/**
 * bodyText is an error answer's bytes as text, as sfn's Go client reads them: each maximal
 * subpart of an ill-formed UTF-8 sequence becomes one U+FFFD (as Rust's from_utf8_lossy
 * too), and a leading byte order mark is kept.
 */
export function bodyText(body: AllowSharedBufferSource): string {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(body);
}

/**
 * utf8 is bytes as text the way serde reads a string: UTF-8 or an error (a TypeError), never
 * U+FFFD in place of a bad byte, and a leading byte order mark kept as a character.
 */
export function utf8(bytes: AllowSharedBufferSource): string {
  return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
}

/**
 * foreignText is the text of a body that is not a server function's error as a message, as
 * sfn's Go client makes it: trimmed of white space (Go's, which is Unicode's White_Space),
 * then, over 1 KiB of UTF-8, cut to at most 1024 bytes on a character boundary and followed
 * by "…"; a note of the status when empty.
 */
export function foreignText(status: number, text: string): string {
  // Go's White_Space is JavaScript's \s without U+FEFF, and with U+0085.
  text = text.replace(/^(?:[^\S\ufeff]|\x85)+|(?:[^\S\ufeff]|\x85)+$/g, "");
  const b = new TextEncoder().encode(text);
  if (b.length > 1024) {
    let cut = 1024;
    while ((b[cut]! & 0xc0) == 0x80) cut--;
    text = bodyText(b.subarray(0, cut)) + "…";
  }
  return text || `status ${status} with an empty body`;
}

/** wrapError turns what an encoder or decoder threw into a ServerFnError with tag. */
export function wrapError(tag: ErrorTag, e: unknown, status = 0): ServerFnError {
  return e instanceof ServerFnError ? e : new ServerFnError(tag, e instanceof Error ? e.message : String(e), status, e);
}

/** The encoded arguments: their Content-Type and the body (for GET, the query); CBOR's come as a promise. */
export type Args = readonly [contentType: string, body: string | Uint8Array<ArrayBuffer>];

/** How to read a result: the Accept to send, and the decoder of a 2xx answer. */
export type Result = readonly [accept: string, read: (response: Response) => Promise<unknown>];

/**
 * How a function with an error type (SPEC 5.1) reads an error answer (status 400-599): the
 * error to reject with. Made by jsonError or cbor's error; functions without an error type
 * have none, and their error answers are read by errorFromBody.
 */
export type ErrorBody = (response: Response) => Promise<Error>;

/**
 * call sends one request and returns the decoded result. Generated functions call it; it
 * rejects with a ServerFnError (or the signal's reason when aborted), or, for a function
 * with an error type, with what errorBody makes of an error answer.
 */
export async function call<R>(
  options: CallOptions | undefined,
  method: "GET" | "POST",
  path: string,
  args: Args | Promise<Args>,
  [accept, read]: Result,
  errorBody?: ErrorBody,
): Promise<R> {
  const [contentType, body] = await args;
  const o = { ...defaults, ...options };
  const headers = new Headers(o.headers);
  // Leptos's client sends the form Content-Type on GET requests too.
  headers.set("Content-Type", contentType);
  headers.set("Accept", accept);
  const get = method == "GET";
  const signal = o.signal;
  let res: Response;
  try {
    res = await (o.fetch ?? fetch)((o.baseUrl ?? "").replace(/\/+$/, "") + path + (get ? "?" + body : ""), {
      method,
      headers,
      // Unset members are left out, not undefined: some fetch implementations refuse undefined.
      ...(get ? {} : { body }),
      ...(o.credentials && { credentials: o.credentials }),
      ...(signal && { signal }),
    });
  } catch (e) {
    throw signal?.aborted ? e : wrapError("Request", e);
  }
  const status = res.status;
  if (status > 399 && status < 600) throw errorBody ? await errorBody(res) : errorFromBody(status, bodyText(await res.arrayBuffer()));
  if (!res.ok) throw new ServerFnError("Response", `unexpected status ${status}`, status);
  let value: unknown;
  try {
    value = await read(res);
  } catch (e) {
    throw wrapError("Deserialization", e, status);
  }
  if (res.headers.has("serverfnredirect")) {
    (o.onRedirect ?? navigate)(res.headers.get("Location") ?? "/");
  }
  return value as R;
}

function navigate(location: string): void {
  globalThis.location?.assign(location);
}
