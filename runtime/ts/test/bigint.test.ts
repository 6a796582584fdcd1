// Bigint mode (`sfn generate --ts-bigint`): 64-bit integers as bigints, exact on every wire,
// through the runtime's bigint entry point (src/bigint.ts) with descriptions written as the
// generator writes them in that mode; and number mode, unchanged, beside it. The conformance
// runners (conformance/run.sh) run the int64 cases against the reference server with a
// client generated in bigint mode.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as sfn from "../src/bigint.js";
import * as cbor from "../src/cbor.js";
import * as numbers from "../src/index.js";
import { parseJson } from "../src/json.js";
import { hex } from "./reference.js";

const max64 = 2n ** 63n - 1n;
const min64 = -(2n ** 63n);
const maxU64 = 2n ** 64n - 1n;

/** Every place a 64-bit integer can be, as the generator describes it in bigint mode. */
const Big: sfn.Type = [sfn.message, [
  ["a", sfn.bigint64],
  ["u", sfn.biguint64],
  ["list", [sfn.list, sfn.bigint64]],
  ["byId", [sfn.map, sfn.bigint64, sfn.biguint64], "by_id"],
  ["opt", [sfn.optional, sfn.bigint64]],
  ["pick", [sfn.oneof, [["big", sfn.biguint64], ["text", sfn.string]]]],
  ["small", sfn.int32],
  ["f", sfn.float64],
]];

const value = {
  a: max64,
  u: maxU64,
  list: [min64, 9007199254740993n, 5n, -1n],
  byId: { "-9223372036854775808": maxU64, "7": 0n },
  opt: -9007199254740993n,
  pick: { big: 18446744073709551614n },
  small: 3,
  f: 1.5,
};

const jsonText =
  '{"a":9223372036854775807,"u":18446744073709551615,"list":[-9223372036854775808,9007199254740993,5,-1],' +
  '"by_id":{"-9223372036854775808":18446744073709551615,"7":0},"opt":-9007199254740993,' +
  '"pick":{"big":18446744073709551614},"small":3,"f":1.5}';

/** response is what the result readers read: a body as text or bytes. */
function response(body: string | Uint8Array): Response {
  const bytes = typeof body == "string" ? new TextEncoder().encode(body) : body;
  return { text: async () => new TextDecoder().decode(bytes), arrayBuffer: async () => bytes.slice().buffer } as unknown as Response;
}

describe("bigint mode", () => {
  test("form writes decimal text", () => {
    const [, body] = sfn.form(Big, value);
    assert.equal(
      body,
      "a=9223372036854775807&u=18446744073709551615&list[0]=-9223372036854775808&list[1]=9007199254740993&list[2]=5&list[3]=-1" +
        "&by_id[-9223372036854775808]=18446744073709551615&by_id[7]=0&opt=-9007199254740993&pick[big]=18446744073709551614&small=3&f=1.5",
    );
  });

  test("JSON writes bare integers and reads them back exactly, small ones as bigints too", async () => {
    const [, body] = sfn.jsonArgs(Big, value);
    assert.equal(body, jsonText);
    const [, read] = sfn.jsonResult(Big);
    assert.deepEqual(await read(response(jsonText)), value);
    // 2^53 + 1 both ways, the first integer a number cannot hold.
    const One: sfn.Type = [sfn.message, [["n", sfn.bigint64]]];
    assert.equal(sfn.jsonArgs(One, { n: 9007199254740993n })[1], '{"n":9007199254740993}');
    assert.deepEqual(await sfn.jsonResult(One)[1](response('{"n":9007199254740993}')), { n: 9007199254740993n });
    assert.deepEqual(await sfn.jsonResult(One)[1](response('{"n":-12}')), { n: -12n });
  });

  test("JSON error bodies read integers exactly", async () => {
    const Err: sfn.Type = [sfn.variants, [["TooBig", [sfn.message, [["limit", sfn.biguint64]]]]]];
    const res = { ...response('{"TooBig":{"limit":18446744073709551615}}'), status: 400, headers: new Headers({ "content-type": "application/json" }) };
    const e = (await sfn.jsonError(Err)(res as unknown as Response)) as sfn.TypedServerFnError<unknown>;
    assert.deepEqual(e.error, { TooBig: { limit: maxU64 } });
  });

  test("CBOR writes and reads every value exactly, in ciborium's shortest heads", async () => {
    const bytes = cbor.encode(Big, value);
    const [, read] = cbor.result(Big);
    assert.deepEqual(await read(response(bytes)), value);
    const One: sfn.Type = [sfn.message, [["u", sfn.biguint64], ["a", sfn.bigint64]]];
    assert.equal(hex(cbor.encode(One, { u: maxU64, a: min64 })), "a261751bffffffffffffffff61613b7fffffffffffffff");
    assert.equal(hex(cbor.encode(One, { u: 5n, a: -1n })), "a2617505616120");
    assert.deepEqual(await cbor.result(One)[1](response(cbor.encode(One, { u: 5n, a: -1n }))), { u: 5n, a: -1n });
  });

  test("safe numbers are taken as arguments; other numbers and values out of range are refused before sending", () => {
    const One: sfn.Type = [sfn.message, [["n", sfn.bigint64], ["u", sfn.biguint64]]];
    assert.equal(sfn.form(One, { n: 5, u: 6 })[1], "n=5&u=6");
    const refused = (v: unknown, field: string, why: RegExp) =>
      assert.throws(
        () => sfn.jsonArgs(One, v),
        (e: unknown) => e instanceof sfn.ServerFnError && e.tag == "Serialization" && e.message.startsWith(`arguments: field "${field}": `) && why.test(e.message),
      );
    refused({ n: max64 + 1n, u: 0n }, "n", /9223372036854775808 is not an int64/);
    refused({ n: min64 - 1n, u: 0n }, "n", /is not an int64/);
    refused({ n: 0n, u: -1n }, "u", /-1 is not an uint64/);
    refused({ n: 0n, u: maxU64 + 1n }, "u", /is not an uint64/);
    refused({ n: 2 ** 60, u: 0n }, "n", /is not an int64/);
    refused({ n: 1.5, u: 0n }, "n", /is not an int64/);
  });

  test("results out of range are refused", async () => {
    const One: sfn.Type = [sfn.message, [["n", sfn.bigint64]]];
    await assert.rejects(sfn.jsonResult(One)[1](response('{"n":9223372036854775808}')), RangeError);
    await assert.rejects(sfn.jsonResult(One)[1](response('{"n":1.5}')), RangeError);
  });

  test("JSON values keep integers past 2^53 exact both ways; floats take them as numbers", async () => {
    const T: sfn.Type = [sfn.message, [["v", sfn.jsonValue], ["f", sfn.float64]]];
    const text = '{"v":{"x":[18446744073709551615,1,-1.5e300,"s",null,true],"y":{}},"f":18446744073709551615}';
    const got = await sfn.jsonResult(T)[1](response(text));
    assert.deepEqual(got, { v: { x: [18446744073709551615n, 1, -1.5e300, "s", null, true], y: {} }, f: 18446744073709551615 });
    assert.equal(sfn.jsonArgs(T, got)[1], text.replace("-1.5e300", "-1.5e+300").replace(/18446744073709551615}$/, "1.8446744073709552e19}"));
  });
});

describe("number mode (the default) is unchanged", () => {
  const One: sfn.Type = [numbers.message, [["n", numbers.int64], ["u", numbers.uint64]]];
  test("integers are numbers; past 2^53 they are refused both ways", async () => {
    assert.deepEqual(await numbers.jsonResult(One)[1](response('{"n":-5,"u":9007199254740991}')), { n: -5, u: 9007199254740991 });
    await assert.rejects(numbers.jsonResult(One)[1](response('{"n":9007199254740993,"u":0}')), RangeError);
    await assert.rejects(cbor.result(One)[1](response(cbor.encode([sfn.message, [["n", sfn.bigint64], ["u", sfn.biguint64]]], { n: 2n ** 53n, u: 0n }))), RangeError);
    assert.throws(() => numbers.form(One, { n: 2 ** 53, u: 0 }), /arguments: field "n": 9007199254740992 is not a JavaScript-safe int64/);
    assert.throws(() => numbers.jsonArgs(One, { n: 1n, u: 0 }), /arguments: field "n": 1 is not a JavaScript-safe int64/);
  });
});

describe("parseJson", () => {
  test("agrees with JSON.parse, but for integers past 2^53", () => {
    for (const text of [
      "0", "-0", "1.5", "-1e400", "1E+2", "2.5e-3", "9007199254740991", "-9007199254740991", "true", "false", "null",
      '""', '"a\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"', '"\\ud800"', '"é😀"',
      "[]", "{}", ' \t\n\r[ 1 , [ ] , { } ] \n', '{"a":1,"a":2}', '{"__proto__":{"x":1}}', '[{"b":[null,{"c":"d"}]}]',
      "1.0", "12345678901234567890.0", "1e20",
    ]) {
      assert.deepEqual(parseJson(text), JSON.parse(text), text);
    }
    assert.equal(Object.getPrototypeOf(parseJson('{"__proto__":{"x":1}}')), Object.prototype);
    assert.equal(parseJson("9007199254740992"), 9007199254740992n);
    assert.equal(parseJson("-9007199254740992"), -9007199254740992n);
    assert.deepEqual(parseJson("[123456789012345678901234567890]"), [123456789012345678901234567890n]);
  });

  test("refuses what JSON.parse refuses", () => {
    for (const text of [
      "", " ", "01", "1.", ".5", "+1", "-", "1e", "0x10", "NaN", "Infinity", "tru", "nul", "'a'", '"a', '"\\x"', '"\\u12"',
      '"\t"', "[1,]", "[,1]", "[1 2]", '{"a"}', '{"a":}', '{a:1}', '{"a":1,}', '{"a":1 "b":2}', "[", "]", "{}}", "1 2", "\ufeff1", "[1]x",
    ]) {
      assert.throws(() => JSON.parse(text), SyntaxError, `JSON.parse(${JSON.stringify(text)})`);
      assert.throws(() => parseJson(text), SyntaxError, `parseJson(${JSON.stringify(text)})`);
    }
  });
});
