// The TypeScript client under test: one case line of the client protocol (docs/conformance.md)
// in, one answer line out, calling the case's function through the generated conformance.ts.
// main.ts serves it over stdin and stdout under Node; page.ts to the browser driver.

import * as g from "./gen/conformance.js";
import * as sfn from "./gen/sfn/bigint.js";
import { toJson } from "./gen/sfn/json.js";

/**
 * One schema function: its argument and result types (none for () ), its error type when
 * it has one, and how to call it.
 */
interface Fn {
  readonly args: sfn.Type | undefined;
  readonly result: sfn.Type | undefined;
  readonly error?: Typed | undefined;
  readonly call: (args: unknown, options: sfn.CallOptions) => Promise<unknown>;
}

/** An error type: its description and the generated guard that tells its errors. */
interface Typed {
  readonly type: sfn.Type;
  readonly is: (e: unknown) => e is sfn.TypedServerFnError<unknown>;
}

/** fn makes an entry for a generated function taking arguments. */
function fn<A, R>(args: sfn.Type, result: sfn.Type | undefined, f: (a: A, o?: sfn.CallOptions) => Promise<R>, error?: Typed): Fn {
  return { args, result, error, call: (a, o) => f(a as A, o) };
}

const typedError: Typed = { type: g.TypedError, is: g.isTypedError };
const cborError: Typed = { type: g.CborError, is: g.isCborError };

/** none makes an entry for a generated function without arguments or result. */
function none(f: (o?: sfn.CallOptions) => Promise<void>): Fn {
  return { args: undefined, result: undefined, call: (_, o) => f(o) };
}

/** The dispatch table: every function of conformance.sfn, by rpc name. */
const functions: ReadonlyMap<string, Fn> = new Map([
  ["echo_url", fn(g.Everything, g.Everything, g.echoUrl)],
  ["echo_get_json", fn(g.Everything, g.Everything, g.echoGetJson)],
  ["echo_cbor", fn(g.Everything, g.Everything, g.echoCbor)],
  ["echo_get_cbor", fn(g.Everything, g.Everything, g.echoGetCbor)],
  ["echo_json", fn(g.Everything, g.Everything, g.echoJson)],
  ["add_todo", fn(g.AddTodo, g.TitleLen, g.addTodo)],
  ["search", fn(g.Search, g.SearchResult, g.search)],
  ["ping", none(g.ping)],

  ["scalars_url", fn(g.Scalars, g.Scalars, g.scalarsUrl)],
  ["scalars_cbor", fn(g.Scalars, g.Scalars, g.scalarsCbor)],
  ["scalars_json", fn(g.Scalars, g.Scalars, g.scalarsJson)],
  ["kinds_url", fn(g.Kinds, g.Kinds, g.kindsUrl)],
  ["kinds_get_cbor", fn(g.Kinds, g.Kinds, g.kindsGetCbor)],
  ["kinds_cbor", fn(g.Kinds, g.Kinds, g.kindsCbor)],
  ["kinds_json", fn(g.Kinds, g.Kinds, g.kindsJson)],
  ["dynamic_json", fn(g.Dynamic, g.Dynamic, g.dynamicJson)],
  ["count_to", fn(g.Count, g.Numbers, g.countTo)],
  ["count_to_cbor", fn(g.Count, g.Numbers, g.countToCbor)],
  ["stamp", fn(g.Kinds, sfn.timestamp, g.stamp)],
  ["shout", fn(g.AddTodo, g.Text, g.shout)],

  ["nothing_url", none(g.nothingUrl)],
  ["nothing_get_cbor", none(g.nothingGetCbor)],
  ["nothing_cbor", none(g.nothingCbor)],
  ["nothing_json", none(g.nothingJson)],
  ["hashed_url", fn(g.AddTodo, g.TitleLen, g.hashedUrl)],
  ["hashed_cbor", fn(g.AddTodo, g.TitleLen, g.hashedCbor)],

  ["fail", fn(g.Failure, undefined, g.fail)],
  ["fail_cbor", fn(g.Failure, undefined, g.failCbor)],
  ["fail_get", fn(g.Failure, undefined, g.failGet)],
  ["panic_now", none(g.panicNow)],
  ["redirect", fn(g.RedirectTo, undefined, g.redirect)],
  ["redirect_json", fn(g.RedirectTo, undefined, g.redirectJson)],

  ["typed_url", fn(g.Trouble, g.Text, g.typedUrl, typedError)],
  ["typed_json", fn(g.Trouble, g.Text, g.typedJson, typedError)],
  ["typed_cbor", fn(g.Trouble, g.Text, g.typedCbor, typedError)],
  ["typed_get", fn(g.Trouble, g.Text, g.typedGet, typedError)],
  ["typed_json_cbor_error", fn(g.Trouble, g.Text, g.typedJsonCborError, cborError)],
  ["typed_url_cbor_error", fn(g.Trouble, g.Text, g.typedUrlCborError, cborError)],
]);

/**
 * hello returns the hello line for a client called name. The client is generated in bigint
 * mode (sfn.yaml's conformance target has ts.bigint), so 64-bit integers are exact and it
 * lacks no int64 case; the runtime's tests cover number mode.
 * Under Node, fetch drops the "?" of an empty query from the request target: empty-query.
 */
export function hello(name: string, underNode: boolean): string {
  const lacks = underNode ? ["empty-query"] : [];
  if (!streams.echo || !streams.count || !("WebSocket" in globalThis)) lacks.push("websocket");
  if (!streams.upper) lacks.push("text-stream");
  if (!streams.sizes) lacks.push("upload");
  return JSON.stringify({ hello: name, lacks });
}

/**
 * The generated functions of service Streams, looked up by name: they exist once the
 * TypeScript generator writes streams (issue 16), and until then the client says it lacks
 * them instead of failing to compile.
 */
const api = g as unknown as Record<string, unknown>;
const streams = {
  echo: api["echo"] as ((input: Iterable<unknown>, o?: sfn.CallOptions) => AsyncIterable<unknown>) | undefined,
  count: api["count"] as ((args: unknown, o?: sfn.CallOptions) => AsyncIterable<unknown>) | undefined,
  upper: api["upper"] as ((body: string, o?: sfn.CallOptions) => Promise<ReadableStream<string>>) | undefined,
  sizes: api["sizes"] as ((form: FormData, o?: sfn.CallOptions) => Promise<unknown>) | undefined,
};
const streamType = (name: string) => api[name] as sfn.Type;

/** A part of an upload's input in a case line. */
interface Part {
  field: string;
  file_name?: string;
  content_type?: string;
  text: string;
}

/** streamCall calls a function of Streams for a case line and returns its answer line. */
async function streamCall(c: Case, options: sfn.CallOptions): Promise<string> {
  const name = JSON.stringify(c.case);
  const fail = (message: string) => new HarnessError(`${c.function}: ${message}`);
  switch (c.function) {
    case "echo":
    case "count": {
      const items: string[] = [];
      const error = (e: unknown) => {
        const { tag, message } = errorOf(e);
        items.push(JSON.stringify({ error: { tag, message } }));
      };
      // Error items are recorded where they come, and the output goes on after them.
      const o = { ...options, onItemError: error };
      const out =
        c.function == "echo"
          ? streams.echo!((c.input as unknown[]).map((v) => sfn.fromWire(streamType("Line"), v)), o)
          : streams.count!(sfn.fromWire(streamType("Count"), c.args), o);
      const itemType = streamType(c.function == "echo" ? "Line" : "Tick");
      try {
        for await (const v of out) items.push(`{"item":${toJson(itemType, v)}}`);
      } catch (e) {
        error(e);
      }
      return `{"case":${name},"items":[${items.join(",")}]}`;
    }
    case "upper": {
      if (typeof c.input != "string") throw fail("input is not a string");
      const reader = (await streams.upper!(c.input, options)).getReader();
      let text = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += value;
      }
      return `{"case":${name},"result":${JSON.stringify(text)}}`;
    }
    case "sizes": {
      const form = new FormData();
      for (const p of c.input as Part[]) {
        if (p.file_name) form.append(p.field, new Blob([p.text], { type: p.content_type ?? "" }), p.file_name);
        else form.append(p.field, p.text);
      }
      const r = await streams.sizes!(form, options);
      return `{"case":${name},"result":${toJson(streamType("Sizes"), r)}}`;
    }
  }
  throw fail("not a function of Streams");
}

/** callTimeout bounds one call, in milliseconds. */
const callTimeout = 60_000;

/** A case line's members. */
interface Case {
  case: string;
  base_url: string;
  function: string;
  args: unknown;
  input?: unknown;
}

/** The error member of an answer, for an error that is not of the function's error type. */
interface AnswerError {
  tag: string;
  message: string;
  status: number;
}

/** A failure of this program rather than of the client under test, such as args that do not fit. */
class HarnessError extends Error {}

/**
 * answer calls the function a case line names and returns the answer line. The call goes to
 * baseUrl when given, else to the line's base_url. The result is written by the runtime's
 * JSON encoder, so floats read as sent.
 */
export async function answer(line: string, baseUrl?: string): Promise<string> {
  let name = "";
  let redirect: string | undefined;
  let f: Fn | undefined;
  try {
    // Parsed keeping integers past 2^53 exact (as bigints), for the int64 cases' arguments.
    const c = sfn.parseJson(line) as Case;
    name = c.case;
    f = functions.get(c.function);
    if (!f && c.function in streams) {
      return await streamCall(c, { baseUrl: baseUrl ?? c.base_url, signal: AbortSignal.timeout(callTimeout) });
    }
    if (!f) throw new HarnessError(`unknown function ${c.function}`);
    let args: unknown;
    try {
      args = f.args && sfn.fromWire(f.args, c.args);
    } catch (e) {
      throw new HarnessError(`args: ${String(e)}`);
    }
    const options: sfn.CallOptions = {
      baseUrl: baseUrl ?? c.base_url,
      onRedirect: (location) => void (redirect = location),
      // A call that never gets an answer fails its case instead of hanging the run.
      signal: AbortSignal.timeout(callTimeout),
    };
    const result = await f.call(args, options);
    const text = f.result ? toJson(f.result, result) : "null";
    const tail = redirect === undefined ? "" : `,"redirect":${JSON.stringify(redirect)}`;
    return `{"case":${JSON.stringify(name)},"result":${text}${tail}}`;
  } catch (e) {
    if (f?.error?.is(e)) {
      // The error type's value in the JSON mapping, written by the runtime's JSON encoder
      // (int64 exactly), spliced into the line as it is.
      const typed = toJson(f.error.type, e.error);
      return `{"case":${JSON.stringify(name)},"error":{"status":${e.status},"typed":${typed}}}`;
    }
    return JSON.stringify({ case: name, error: errorOf(e) });
  }
}

function errorOf(e: unknown): AnswerError {
  if (e instanceof sfn.ServerFnError) return { tag: e.tag, message: e.message, status: e.status };
  if (e instanceof HarnessError) return { tag: "Harness", message: e.message, status: 0 };
  // The client's errors are all ServerFnErrors: anything else is a bug in it, shown as such.
  return { tag: "Untyped", message: String(e), status: 0 };
}
