// Typed errors (SPEC 5.1) through the generated client of compiler/testdata/ir/typed_errors.sfn
// with a fake fetch: each variant, the framework variant, JSON and CBOR error types, bodies
// that do not decode, answers that are not the error type's, and the narrowing the types
// allow (this file is compiled with tsc --strict before it runs).

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { encode } from "cbor2";
import * as app from "../../../gen/ts/golden/app.js";
import { isProblem } from "../../../gen/ts/golden/shared/common.js";
import { ServerFnError, TypedServerFnError, type ServerFnErrorErr } from "../../../gen/ts/golden/sfn/index.js";
import * as errs from "../../../gen/ts/golden/typed_errors.js";
import type { TodoError } from "../../../gen/ts/golden/typed_errors.js";

/** answer is a fetch that answers every request with status, body and Content-Type. */
function answer(status: number, body: string | Uint8Array<ArrayBuffer> | null, contentType?: string): { fetch: typeof fetch } {
  const headers: Record<string, string> = { serverfnerror: "/api/x" };
  if (contentType) headers["content-type"] = contentType;
  return { fetch: async () => new Response(body, { status, headers }) };
}

const json = (status: number, body: string) => answer(status, body, "application/json");
const cborAnswer = (status: number, value: unknown) => answer(status, encode(value) as Uint8Array<ArrayBuffer>, "application/cbor");

/** typed checks a rejection: a TypedServerFnError holding error, with status and message. */
function typed(error: unknown, status: number, message: string) {
  return (e: unknown) => {
    assert.ok(e instanceof TypedServerFnError, String(e));
    assert.ok(e instanceof Error);
    assert.equal(e.name, "TypedServerFnError");
    assert.deepEqual(e.error, error);
    assert.equal(e.status, status);
    assert.equal(e.message, message);
    return true;
  };
}

function untyped(tag: string, status: number, message?: string | RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof ServerFnError, String(e));
    assert.equal(e.tag, tag);
    assert.equal(e.status, status);
    if (typeof message == "string") assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  };
}

describe("JSON error type", () => {
  test("each variant, with its status", async () => {
    await assert.rejects(errs.addTodo({ title: "x" }, json(404, '{"NotFound":{"id":7}}')), typed({ NotFound: { id: 7 } }, 404, "NotFound"));
    await assert.rejects(
      errs.addTodo({ title: "" }, json(422, '{"Invalid":{"field":"title","reason":"empty"}}')),
      typed({ Invalid: { field: "title", reason: "empty" } }, 422, "Invalid"),
    );
  });

  test("the framework variant: ServerFnErrorErr, its status the failure's", async () => {
    await assert.rejects(
      errs.addTodo({ title: "x" }, json(400, '{"ServerFnError":{"Args":"missing field `title`"}}')),
      typed({ ServerFnError: { Args: "missing field `title`" } }, 400, "ServerFnError: Args: missing field `title`"),
    );
    await assert.rejects(
      errs.addTodo({ title: "x" }, json(413, '{"ServerFnError":{"UnsupportedRequestMethod":"too large"}}')),
      typed({ ServerFnError: { UnsupportedRequestMethod: "too large" } }, 413, "ServerFnError: UnsupportedRequestMethod: too large"),
    );
  });

  test("the media type is compared without parameters or case", async () => {
    const f = answer(404, '{"NotFound":{"id":1}}', "Application/JSON; charset=utf-8");
    await assert.rejects(errs.addTodo({ title: "x" }, f), typed({ NotFound: { id: 1 } }, 404, "NotFound"));
  });

  test("the guards tell error types apart", async () => {
    const e = await errs.addTodo({ title: "x" }, json(404, '{"NotFound":{"id":7}}')).catch((e: unknown) => e);
    assert.ok(errs.isTodoError(e));
    assert.ok(!errs.isQuotaError(e));
    assert.ok(!isProblem(e));
    assert.ok(!errs.isTodoError(new ServerFnError("Request", "x")));
    assert.ok(!errs.isTodoError(new Error("x")));
    assert.ok(!errs.isTodoError(null));
    // release is a Cbor function failing with TodoError in JSON.
    const r = await errs.release({ id: 1 }, json(404, '{"NotFound":{"id":1}}')).catch((e: unknown) => e);
    assert.ok(errs.isTodoError(r));
  });

  test("an error type from another module, the runtime imported under another name", async () => {
    const e = await app.rename({ name: "a", priority: "LOW" }, json(403, '{"Denied":{"reason":"no"}}')).catch((e: unknown) => e);
    assert.ok(isProblem(e));
    assert.deepEqual(e.error, { Denied: { reason: "no" } });
  });

  test("a success reads as before", async () => {
    assert.deepEqual(await errs.addTodo({ title: "x" }, json(200, '{"id":1,"title":"x"}')), { id: 1, title: "x" });
  });
});

describe("CBOR error type", () => {
  test("each variant, whatever the function's encoding", async () => {
    // getTodo is GetJson: its result is JSON, its error CBOR.
    await assert.rejects(
      errs.getTodo({ id: 1 }, cborAnswer(429, { Exceeded: { limit: 3, token: new Uint8Array([1, 2]) } })),
      typed({ Exceeded: { limit: 3, token: new Uint8Array([1, 2]) } }, 429, "Exceeded"),
    );
    await assert.rejects(errs.reserve({ id: 1 }, cborAnswer(500, { Busy: {} })), typed({ Busy: {} }, 500, "Busy"));
    await assert.rejects(
      errs.reserve({ id: 1 }, cborAnswer(400, { ServerFnError: { Deserialization: "bad" } })),
      typed({ ServerFnError: { Deserialization: "bad" } }, 400, "ServerFnError: Deserialization: bad"),
    );
    const e = await errs.reserve({ id: 1 }, cborAnswer(429, { Busy: {} })).catch((e: unknown) => e);
    assert.ok(errs.isQuotaError(e) && !errs.isTodoError(e));
  });

  test("a body that does not decode is a Deserialization error", async () => {
    await assert.rejects(errs.reserve({ id: 1 }, answer(500, new Uint8Array([0xff]), "application/cbor")), untyped("Deserialization", 500));
    await assert.rejects(errs.reserve({ id: 1 }, cborAnswer(429, { Exceeded: { limit: -1, token: [] } })), untyped("Deserialization", 429));
    await assert.rejects(errs.reserve({ id: 1 }, cborAnswer(429, { Gone: {} })), untyped("Deserialization", 429));
  });
});

describe("answers that are not the error type", () => {
  test("a body that does not decode: Deserialization, holding the body's text", async () => {
    const cases: [body: string, text: string][] = [
      ["{not json", "{not json"],
      ["  null \n", "null"],
      ['{"Gone":{}}', '{"Gone":{}}'],
      ['{"NotFound":{"id":"seven"}}', '{"NotFound":{"id":"seven"}}'],
      ['{"NotFound":{"id":1.5}}', '{"NotFound":{"id":1.5}}'],
      ['{"NotFound":{"id":1},"Invalid":{"field":"a","reason":"b"}}', '{"NotFound":{"id":1},"Invalid":{"field":"a","reason":"b"}}'],
      ['{"NotFound":null}', '{"NotFound":null}'],
      ['{"ServerFnError":null}', '{"ServerFnError":null}'],
      ['{"ServerFnError":{"Bogus":"x"}}', '{"ServerFnError":{"Bogus":"x"}}'],
      ['{"ServerFnError":{"Args":5}}', '{"ServerFnError":{"Args":5}}'],
      ['"NotFound"', '"NotFound"'],
      ["", "status 404 with an empty body"],
    ];
    for (const [body, text] of cases) {
      await assert.rejects(errs.addTodo({ title: "x" }, json(404, body)), untyped("Deserialization", 404, text), body);
    }
    const long = '{"Invalid":{"field":"' + "x".repeat(2000) + '"}}';
    await assert.rejects(errs.addTodo({ title: "x" }, json(422, long)), untyped("Deserialization", 422, long.slice(0, 1024) + "…"));
  });

  test("a body's text as sfn's Go client gives it: cut to 1 KiB of UTF-8 on a character, one U+FFFD per bad subpart", async () => {
    const bytes = (...b: number[]) => new Uint8Array(b);
    // 1,023 bytes, then "é" across byte 1,024: the cut keeps 1,023 bytes, then "…".
    const across = "x".repeat(1023) + "é".repeat(500);
    const cases: [body: string | Uint8Array<ArrayBuffer>, text: string][] = [
      [across, "x".repeat(1023) + "…"],
      ["😀".repeat(300), "😀".repeat(256) + "…"], // 1,200 bytes: 256 whole 4-byte characters fit
      ["x".repeat(1024), "x".repeat(1024)], // exactly 1 KiB: not cut
      ["  " + "é".repeat(512) + "\n", "é".repeat(512)], // trimmed first: 1,024 bytes
      [bytes(0xff, 0xfe, 0x41, 0xe2, 0x82, 0x42, 0xed, 0xa0, 0x80), "\uFFFD\uFFFDA\uFFFDB\uFFFD\uFFFD\uFFFD"],
      [bytes(0xef, 0xbb, 0xbf, 0x41, 0xc2, 0x85), "\uFEFFA"], // the byte order mark is kept; U+0085 is white space, as in Go
      [" \uFEFFA\uFEFF ", "\uFEFFA\uFEFF"], // U+FEFF is not white space in Go
    ];
    for (const [body, text] of cases) {
      await assert.rejects(errs.ping(answer(502, body, "text/html")), untyped("Response", 502, text), text);
      await assert.rejects(errs.addTodo({ title: "x" }, answer(502, body, "application/json")), untyped("Deserialization", 502, text), text);
    }
  });

  test("text/plain reads as Tag|message, as without an error type", async () => {
    const plain = (status: number, body: string) => answer(status, body, "text/plain; charset=utf-8");
    await assert.rejects(errs.addTodo({ title: "x" }, plain(500, "ServerError|boom")), untyped("ServerError", 500, "boom"));
    await assert.rejects(errs.addTodo({ title: "x" }, plain(502, "<html>Bad Gateway</html>")), untyped("Response", 502, "<html>Bad Gateway</html>"));
    // JSON in a text/plain answer is not the error type's: it is a foreign body.
    await assert.rejects(errs.addTodo({ title: "x" }, plain(404, '{"NotFound":{"id":7}}')), untyped("Response", 404));
    // No Content-Type at all, and a CBOR error type answered in JSON.
    await assert.rejects(errs.addTodo({ title: "x" }, answer(400, "Args|bad")), untyped("Args", 400, "bad"));
    await assert.rejects(errs.reserve({ id: 1 }, json(429, '{"Busy":{}}')), untyped("Response", 429, '{"Busy":{}}'));
  });

  test("a function without an error type reads JSON bodies as before", async () => {
    await assert.rejects(errs.ping(json(404, '{"NotFound":{"id":7}}')), untyped("Response", 404, '{"NotFound":{"id":7}}'));
    await assert.rejects(errs.ping(answer(500, "ServerError|x", "text/plain")), untyped("ServerError", 500, "x"));
  });

  test("no answer is a Request error", async () => {
    const down: typeof fetch = async () => {
      throw new TypeError("fetch failed");
    };
    await assert.rejects(errs.addTodo({ title: "x" }, { fetch: down }), untyped("Request", 0, "fetch failed"));
    await assert.rejects(errs.reserve({ id: 1 }, { fetch: down }), untyped("Request", 0, "fetch failed"));
  });
});

// What follows must type-check under tsc --strict (test.sh compiles it before running):
// the guards and the union types narrow as a caller's code needs.

/** explain is what a caller's catch block does with a TodoError. */
function explain(e: unknown): string {
  if (errs.isTodoError(e)) {
    const error: TodoError = e.error;
    if ("NotFound" in error) return `no todo ${error.NotFound.id} (${e.status})`;
    if ("Invalid" in error) return `${error.Invalid.field}: ${error.Invalid.reason}`;
    // Only the framework variant is left.
    const framework: ServerFnErrorErr = error.ServerFnError;
    if ("Args" in framework) return `bad arguments: ${framework.Args}`;
    return Object.entries(framework).flat().join(": ");
  }
  if (errs.isQuotaError(e)) {
    // @ts-expect-error a QuotaError has no NotFound variant
    void e.error.NotFound;
    return "Exceeded" in e.error ? `limit ${e.error.Exceeded.limit}` : "quota";
  }
  // The class alone recognises any typed error; its payload is then not narrowed by type.
  if (e instanceof TypedServerFnError && "NotFound" in e.error) return `generic ${String(e.error.NotFound.id)}`;
  return e instanceof ServerFnError ? e.tag : "unknown";
}

test("narrowing", async () => {
  const fail = (f: { fetch: typeof fetch }) => errs.addTodo({ title: "x" }, f).catch(explain);
  assert.equal(await fail(json(404, '{"NotFound":{"id":7}}')), "no todo 7 (404)");
  assert.equal(await fail(json(422, '{"Invalid":{"field":"title","reason":"empty"}}')), "title: empty");
  assert.equal(await fail(json(400, '{"ServerFnError":{"Args":"x"}}')), "bad arguments: x");
  assert.equal(await fail(json(400, '{"ServerFnError":{"Request":"y"}}')), "Request: y");
  assert.equal(await fail(answer(500, "ServerError|z", "text/plain")), "ServerError");
  assert.equal(await errs.reserve({ id: 1 }, cborAnswer(429, { Exceeded: { limit: 3, token: new Uint8Array() } })).catch(explain), "limit 3");
});
