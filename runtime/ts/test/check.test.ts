// Arguments checked before sending (src/check.ts): each mistake the Go client refuses when it
// encodes is refused here too, on every wire, as a ServerFnError tagged Serialization naming
// the field's path, and no request is made.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as todos from "../../../examples/todos/web/gen/todos.js";
import * as cbor from "../src/cbor.js";
import * as sfn from "../src/bigint.js";

const Status = sfn.enumOf(["Active", "Archived"]);
const Tag: sfn.Type = [sfn.message, [["name", sfn.string], ["weight", sfn.int32]]];
/** A message with each kind of thing that can be wrong, nested. */
const Todo: sfn.Type = [sfn.message, [
  ["title", sfn.string],
  ["status", Status],
  ["done", sfn.bool],
  ["count", sfn.uint32],
  ["id", sfn.int64],
  ["big", sfn.bigint64],
  ["score", sfn.float64],
  ["blob", sfn.bytes],
  ["tags", [sfn.list, Tag]],
  ["labels", [sfn.map, sfn.string, sfn.string]],
  ["ids", [sfn.map, sfn.int64, sfn.string]],
  ["flags", [sfn.map, sfn.bool, sfn.int32]],
  ["note", [sfn.optional, sfn.string]],
  ["shape", [sfn.oneof, [["circle", [sfn.message, [["radius", sfn.float64]]]], ["label", sfn.string]]]],
  ["owner", [sfn.message, [["name", sfn.string]]]],
]];
const Args: sfn.Type = [sfn.message, [["todo", Todo]]];

const good = {
  title: "Buy milk",
  status: "Active",
  done: false,
  count: 4294967295,
  id: -9007199254740991,
  big: 2n ** 63n - 1n,
  score: NaN,
  blob: new Uint8Array([1, 2]),
  tags: [{ name: "a", weight: -2147483648 }],
  labels: { k: "v", "😀": "ok" },
  ids: { "-3": "x", "+7": "y" },
  flags: { true: 1, false: 0 },
  note: null,
  shape: { circle: { radius: 1 } },
  owner: { name: "me" },
};

/** Each mistake: what to change in good's todo, the field path, and the message after it. */
const mistakes: [string, Record<string, unknown>, string, RegExp][] = [
  ["unknown enum name", { status: "Deleted" }, "todo.status", /^invalid value "Deleted" for the enum, expected one of Active, Archived$/],
  ["enum not a string", { status: 1 }, "todo.status", /^1 is not a string$/],
  ["string with half a surrogate pair", { title: "a\ud800b" }, "todo.title", /^string is not valid UTF-8/],
  ["missing string", { title: undefined }, "todo.title", /^undefined is not a string$/],
  ["bool as a string", { done: "false" }, "todo.done", /^"false" is not a boolean$/],
  ["uint32 negative", { count: -1 }, "todo.count", /-1 is not a JavaScript-safe uint32/],
  ["uint32 too large", { count: 4294967296 }, "todo.count", /is not a JavaScript-safe uint32/],
  ["int32 fraction", { tags: [{ name: "a", weight: 0.5 }] }, "todo.tags[0].weight", /0.5 is not a JavaScript-safe int32/],
  ["int32 out of range", { tags: [{ name: "a", weight: 1 }, { name: "b", weight: 2 ** 31 }] }, "todo.tags[1].weight", /2147483648 is not a JavaScript-safe int32/],
  ["int64 past 2^53 in number mode", { id: 2 ** 53 }, "todo.id", /9007199254740992 is not a JavaScript-safe int64/],
  ["int64 as a bigint in number mode", { id: 1n }, "todo.id", /1 is not a JavaScript-safe int64/],
  ["bigint int64 out of range", { big: 2n ** 63n }, "todo.big", /9223372036854775808 is not an int64/],
  ["float as a string", { score: "1" }, "todo.score", /^"1" is not a number$/],
  ["bytes as an array", { blob: [1, 2] }, "todo.blob", /^an array is not a Uint8Array$/],
  ["list not an array", { tags: { name: "a" } }, "todo.tags", /^an object is not an array$/],
  ["list element missing", { tags: [{ name: "a", weight: 1 }, undefined] }, "todo.tags[1]", /^missing, and only/],
  ["map value", { labels: { k: "v", j: "a\udc00" } }, 'todo.labels["j"]', /^string is not valid UTF-8/],
  ["map key not UTF-8", { labels: { "a\ud800": "v" } }, 'todo.labels["a\\ud800"]', /^map key is not valid UTF-8$/],
  ["integer map key not an integer", { ids: { x: "v" } }, "todo.ids[x]", /^map key "x" does not fit its kind$/],
  ["integer map key with a fraction", { ids: { "1.5": "v" } }, "todo.ids[1.5]", /^map key "1.5" does not fit its kind$/],
  ["bool map key", { flags: { yes: 1 } }, "todo.flags[yes]", /^map key "yes" does not fit its kind$/],
  ["map not an object", { labels: [] }, "todo.labels", /^an array is not an object$/],
  ["optional set wrong", { note: 5 }, "todo.note", /^5 is not a string$/],
  ["oneof with two members", { shape: { circle: { radius: 1 }, label: "x" } }, "todo.shape", /^a oneof holds exactly one of circle, label, not circle, label$/],
  ["oneof with no member", { shape: {} }, "todo.shape", /not none$/],
  ["oneof with an unknown member", { shape: { square: 1 } }, "todo.shape", /not square$/],
  ["oneof member's value", { shape: { circle: { radius: "1" } } }, "todo.shape.circle.radius", /^"1" is not a number$/],
  ["oneof not an object", { shape: "circle" }, "todo.shape", /^"circle" is not an object$/],
  ["required message missing", { owner: undefined }, "todo.owner", /^missing, and only optional fields may be left out$/],
  ["required message null", { owner: null }, "todo.owner", /^null is not an object$/],
];

/** The three encoders, each taking the arguments' description and value. */
const encoders: [string, (t: sfn.Type, v: unknown) => unknown][] = [
  ["form", sfn.form],
  ["JSON", sfn.jsonArgs],
  ["CBOR", cbor.args],
];

describe("arguments checked before sending", () => {
  for (const [wire, encode] of encoders) {
    test(`${wire}: good arguments pass`, async () => {
      await encode(Args, { todo: good });
    });
    for (const [name, change, path, why] of mistakes) {
      test(`${wire}: ${name}`, async () => {
        await assert.rejects(
          (async () => encode(Args, { todo: { ...good, ...change } }))(),
          (e: unknown) => {
            assert.ok(e instanceof sfn.ServerFnError, String(e));
            assert.equal(e.tag, "Serialization");
            const head = `arguments: field ${JSON.stringify(path)}: `;
            assert.ok(e.message.startsWith(head), `${e.message}\nwant it to start with ${head}`);
            assert.match(e.message.slice(head.length), why);
            return true;
          },
        );
      });
    }
    test(`${wire}: arguments that are not an object`, async () => {
      await assert.rejects((async () => encode(Args, undefined))(), { name: "ServerFnError", message: /^arguments: missing, and only/ });
      await assert.rejects((async () => encode(Args, "x"))(), { message: 'arguments: "x" is not an object' });
    });
  }

  test("a generated function refuses before any request", async () => {
    let requests = 0;
    const fetch = (async () => {
      requests++;
      return new Response("{}");
    }) as typeof globalThis.fetch;
    await assert.rejects(todos.addTodo({ title: "x\udfff" }, { fetch }), {
      name: "ServerFnError",
      tag: "Serialization",
      message: 'arguments: field "title": string is not valid UTF-8',
    });
    await assert.rejects(todos.toggleTodo({ id: 2 ** 53 }, { fetch }), { tag: "Serialization", message: /^arguments: field "id": / });
    assert.equal(requests, 0);
  });
});
