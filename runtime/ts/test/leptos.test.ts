// The generated client for ../shared/leptos/echo.sfn against corpus.json, the exchanges
// recorded from a real Leptos server_fn 0.8 server: for each call a client makes (Accept JSON
// or CBOR; not the plain-form or routing ones) the generated function must send the bytes
// Leptos's client sent, and must read the recorded answer as the right value or error.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as echo from "../../../gen/ts/golden/echo.js";
import { ServerFnError, type CallOptions } from "../../../gen/ts/golden/sfn/index.js";
import { corpus, reference, toTs, tsValue, unhex, unsafe, type EncodeCase, type Exchange, type Wire } from "./reference.js";

type Fn = (args: unknown, options?: CallOptions) => Promise<unknown>;

/** The generated function behind each path, its result type's name, and arguments to call it with when the test only reads the answer. */
const functions: Record<string, { fn: Fn; result?: string; placeholder?: unknown }> = {
  echo_url: { fn: echo.echoUrl as Fn, result: "Everything" },
  echo_get_json: { fn: echo.echoGetJson as Fn, result: "Everything" },
  echo_cbor: { fn: echo.echoCbor as Fn, result: "Everything" },
  echo_get_cbor: { fn: echo.echoGetCbor as Fn, result: "Everything" },
  echo_json: { fn: echo.echoJson as Fn, result: "Everything" },
  add_todo: { fn: echo.addTodo as Fn, result: "TitleLen", placeholder: { title: "x" } },
  search: { fn: echo.search as Fn, result: "SearchResult", placeholder: { q: "x", tags: [] } },
  ping: { fn: (_: unknown, options?: CallOptions) => echo.ping(options) },
};

const everything = reference.encode.find((c) => c.name == "everything_base")!;
for (const f of ["echo_url", "echo_get_json", "echo_cbor", "echo_get_cbor", "echo_json"]) {
  functions[f]!.placeholder = tsValue(everything);
}

/** The arguments of the hand-made exchanges that a client can make. */
const handMade: Record<string, unknown> = {
  "add_todo/normal": { title: "buy milk" },
  "add_todo/empty": { title: "" },
  "add_todo/unicode": { title: "café ☕ 日本" },
  "search/plain": { q: "rust", page: 2, tags: ["a", "b"] },
  "ping/with_question_mark": undefined,
};

const byForm = new Set(["echo_url", "echo_get_json", "echo_get_cbor"]);

interface Sent {
  url: string;
  init: RequestInit;
}

/** fake is a fetch that records the request and answers with the recorded response. */
function fake(ex: Exchange, sent: Sent[]): typeof fetch {
  return async (input, init) => {
    sent.push({ url: String(input), init: init ?? {} });
    const { status, headers, body_hex } = ex.response;
    return new Response(status == 204 ? null : unhex(body_hex), { status, headers });
  };
}

function caseOf(ex: Exchange): (EncodeCase & { url_roundtrip?: { ok?: Wire } }) | undefined {
  const m = /^encode\/serde-reference\/([^/]+)\//.exec(ex.name);
  return m ? reference.encode.find((c) => c.name == m[1]) : undefined;
}

/** The arguments a client would have sent this exchange's request with, when it could. */
function argsOf(ex: Exchange): { args: unknown } | undefined {
  const c = caseOf(ex);
  if (c) return { args: tsValue(c) };
  if (ex.name in handMade) return { args: handMade[ex.name] };
  return undefined;
}

/** What reading the recorded answer must give: a value, or an error's tag, message and status. */
function expected(ex: Exchange, fnName: string): { value: unknown } | { error: Partial<ServerFnError> } {
  const { status, headers, body_text = "" } = ex.response;
  if (status >= 400) {
    const i = body_text.indexOf("|");
    return { error: { tag: body_text.slice(0, i) as ServerFnError["tag"], message: body_text.slice(i + 1), status } };
  }
  const result = functions[fnName]!.result;
  if (!result) return { value: undefined };
  if (headers["content-type"] == "application/json") {
    if (unsafe(body_text)) return { error: { tag: "Deserialization", status } };
    return { value: toTs(result, JSON.parse(body_text)) };
  }
  // A CBOR answer echoes the case's value (as its form encoding carried it, for GetCbor).
  const c = caseOf(ex)!;
  if (unsafe(c.json)) return { error: { tag: "Deserialization", status } };
  const roundtrip = byForm.has(fnName) ? c.url_roundtrip?.ok : undefined;
  return { value: roundtrip ? toTs(c.type, roundtrip) : tsValue(c) };
}

/** The hex of a request body: fetch's (a string or bytes), or a recorded one (text when it is UTF-8). */
function bodyHex(body: RequestInit["body"]): string | undefined {
  if (body == null) return undefined;
  return Buffer.from(typeof body == "string" ? body : (body as Uint8Array)).toString("hex");
}

function wantHex(ex: Exchange): string | undefined {
  const { method, body_text, body_hex } = ex.request;
  if (method == "GET") return undefined;
  return body_text !== undefined ? Buffer.from(body_text).toString("hex") : (body_hex ?? "");
}

const clientCalls = corpus.exchanges.filter(
  (ex) => /^application\/(json|cbor)$/.test(ex.request.headers["Accept"] ?? "") && !ex.name.startsWith("routing/"),
);

describe("Leptos corpus", () => {
  test("has the client calls", () => assert.ok(clientCalls.length >= 140, String(clientCalls.length)));

  for (const ex of clientCalls) {
    const fnName = /^\/api\/([a-z_]+)/.exec(ex.request.path)?.[1] ?? "";
    const f = functions[fnName];
    const known = argsOf(ex);

    if (known) {
      test(`${ex.name}: request`, async () => {
        const sent: Sent[] = [];
        const call = f!.fn(known.args, { fetch: fake(ex, sent) });
        const c = caseOf(ex);
        if (c && unsafe(c.json)) {
          // A JavaScript number cannot hold the value: nothing may be sent.
          await assert.rejects(call, (e) => e instanceof ServerFnError && e.tag == "Serialization");
          assert.equal(sent.length, 0);
          return;
        }
        await call.catch(() => {}); // the answer is checked below
        assert.equal(sent.length, 1);
        const { url, init } = sent[0]!;
        const headers = new Headers(init.headers);
        assert.equal(init.method, ex.request.method);
        assert.equal(url, ex.request.path);
        assert.deepEqual(Object.fromEntries(headers), {
          accept: ex.request.headers["Accept"],
          "content-type": ex.request.headers["Content-Type"],
        });
        assert.equal(bodyHex(init.body), wantHex(ex));
      });
    }

    test(`${ex.name}: response`, async () => {
      const args = known && !(caseOf(ex) && unsafe(caseOf(ex)!.json)) ? known.args : f!.placeholder;
      const call = f!.fn(args, { fetch: fake(ex, []) });
      const want = expected(ex, fnName);
      if ("value" in want) {
        assert.deepEqual(await call, want.value);
        return;
      }
      await assert.rejects(call, (e) => {
        assert.ok(e instanceof ServerFnError, String(e));
        for (const [k, v] of Object.entries(want.error)) assert.equal(e[k as keyof ServerFnError], v, k);
        return true;
      });
    });
  }
});
