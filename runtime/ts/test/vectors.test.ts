// The runtime's codecs against serde-reference.json: every encode case, form and CBOR byte for
// byte, JSON byte for byte and by value, and back: each case's JSON and CBOR decoded as a
// result. Cases with an integer beyond 2^53 - 1 must fail both ways, never round.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as vectors from "../../../gen/ts/golden/vectors.js";
import * as cbor from "../src/cbor.js";
import * as sfn from "../src/index.js";
import { hex, reference, tsValue, unhex, unsafe } from "./reference.js";

const types: Record<string, sfn.Type> = vectors;

function read(result: sfn.Result, body: string | Uint8Array<ArrayBuffer>): Promise<unknown> {
  return result[1](new Response(body));
}

function isSerialization(e: unknown): boolean {
  assert.ok(e instanceof sfn.ServerFnError, String(e));
  assert.equal(e.tag, "Serialization");
  return true;
}

for (const c of reference.encode) {
  const type = types[c.type];
  assert.ok(type, `vectors.ts has no description of ${c.type}`);

  if (unsafe(c.json)) {
    describe(`${c.name} (beyond 2^53)`, () => {
      // The closest value a number holds is a different value: encoding it must fail.
      const nearest = tsValue(c);
      test("form encoding refuses it", () => assert.throws(() => sfn.form(type, nearest), isSerialization));
      test("JSON encoding refuses it", () => assert.throws(() => sfn.jsonArgs(type, nearest), isSerialization));
      test("CBOR encoding refuses it", () => assert.rejects(cbor.args(type, nearest), isSerialization));
      test("its JSON does not decode", () => assert.rejects(read(sfn.jsonResult(type), c.json), RangeError));
      test("its CBOR does not decode", () => assert.rejects(read(cbor.result(type), unhex(c.cbor_hex)), RangeError));
    });
    continue;
  }

  describe(c.name, () => {
    const value = tsValue(c);
    test("form", () => assert.equal(sfn.form(type, value)[1], c.url));
    test("JSON", () => {
      const body = sfn.jsonArgs(type, value)[1];
      assert.deepEqual(JSON.parse(String(body)), JSON.parse(c.json));
      assert.equal(body, c.json, "byte for byte as serde_json");
    });
    test("CBOR", async () => assert.equal(hex((await cbor.args(type, value))[1] as Uint8Array), c.cbor_hex));
    test("JSON result", async () => assert.deepEqual(await read(sfn.jsonResult(type), c.json), tsValue(c, true)));
    test("CBOR result", async () => assert.deepEqual(await read(cbor.result(type), unhex(c.cbor_hex)), value));
  });
}

describe("64-bit integers", () => {
  const { Everything } = vectors;
  const base = tsValue(reference.encode.find((c) => c.name == "everything_base")!) as vectors.Everything;
  const json = (n: string) => JSON.stringify({ ...JSON.parse(sfn.jsonArgs(Everything, base)[1] as string), i64v: 0 }).replace('"i64v":0', `"i64v":${n}`);

  for (const n of ["9007199254740991", "-9007199254740991"]) {
    test(`${n} is the largest magnitude that decodes`, async () => {
      const v = (await read(sfn.jsonResult(Everything), json(n))) as vectors.Everything;
      assert.equal(v.i64v, Number(n));
    });
  }
  for (const n of ["9007199254740992", "9007199254740993", "-9007199254740993", "18446744073709551615"]) {
    test(`JSON ${n} is an error`, () => assert.rejects(read(sfn.jsonResult(Everything), json(n)), RangeError));
  }
  for (const [label, h] of [
    ["2^53 + 1", "1b0020000000000001"],
    ["2^53", "1b0020000000000000"],
    ["-(2^53 + 1)", "3b0020000000000000"],
  ] as const) {
    test(`CBOR ${label} is an error`, () => assert.rejects(read(cbor.result(sfn.int64), unhex(h)), RangeError));
  }
  test("CBOR 2^53 - 1 decodes", async () => {
    assert.equal(await read(cbor.result(sfn.int64), unhex("1b001fffffffffffff")), 2 ** 53 - 1);
  });
  for (const n of [2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1.5, NaN]) {
    test(`encoding ${n} is an error`, async () => {
      assert.throws(() => sfn.form(Everything, { ...base, i64v: n }), isSerialization);
      assert.throws(() => sfn.jsonArgs(Everything, { ...base, u64v: n }), isSerialization);
      await assert.rejects(cbor.args(Everything, { ...base, nums: [n] }), isSerialization);
    });
  }
  test("32-bit ranges are checked", () => {
    assert.throws(() => sfn.form(Everything, { ...base, i32v: 2 ** 31 }), isSerialization);
    assert.throws(() => sfn.form(Everything, { ...base, u32v: -1 }), isSerialization);
    assert.match(sfn.form(Everything, { ...base, i32v: -(2 ** 31), u32v: 2 ** 32 - 1 })[1] as string, /i32v=-2147483648&u32v=4294967295/);
  });
  test("int64 map keys keep every digit", async () => {
    const ids = { "-9223372036854775808": "min", "9223372036854775807": "max", "7": "seven" };
    const v = { ...base, ids };
    assert.match(sfn.form(Everything, v)[1] as string, /&ids\[-9223372036854775808\]=min&ids\[7\]=seven&ids\[9223372036854775807\]=max&/);
    assert.match(hex((await cbor.args(Everything, v))[1] as Uint8Array), /63696473a33b7fffffffffffffff636d696e0765736576656e1b7fffffffffffffff636d6178/);
  });
});

describe("a result whose value does not fit its type is refused, as serde refuses it", () => {
  const { Everything } = vectors;
  const base = tsValue(reference.encode.find((c) => c.name == "everything_base")!) as vectors.Everything;
  const good = JSON.parse(sfn.jsonArgs(Everything, base)[1] as string) as Record<string, unknown>;
  const cases: [string, Record<string, unknown>][] = [
    ["an unknown enum value", { status: "Deleted" }],
    ["an enum value in another case", { status: "active" }],
    ["a oneof with two members", { shape: { Label: "x", Circle: { radius: 1 } } }],
    ["a oneof that is not a map", { shape: "Label" }],
    ["a byte over 255", { bytes: [1, 256] }],
    ["half a surrogate pair for bytes", { bytes: "\ud800" }],
    ["a string for a list", { tags: "red" }],
    ["a list for a map", { labels: [["k", "v"]] }],
    ["a map key that is not an integer", { ids: { one: "one" } }],
    ["a map key that is a float", { ids: { "1.0": "one" } }],
    ["a map key with a space", { ids: { " 1": "one" } }],
    ["a string for a float", { f64v: "2.5" }],
    ["a number for a string", { s: 1 }],
    ["a number for a bool", { b: 1 }],
  ];
  for (const [what, change] of cases) {
    test(what, () => assert.rejects(read(sfn.jsonResult(Everything), JSON.stringify({ ...good, ...change }))));
  }
  test("64-bit map keys stay exact strings", async () => {
    const ids = { "-9223372036854775808": "min", "18446744073709551615": "too big for i64" };
    await assert.rejects(read(sfn.jsonResult(Everything), JSON.stringify({ ...good, ids })));
    const v = (await read(sfn.jsonResult(Everything), JSON.stringify({ ...good, ids: { "-9223372036854775808": "min" } }))) as vectors.Everything;
    assert.deepEqual(v.ids, { "-9223372036854775808": "min" });
  });
  test("integer map keys are parsed as Rust parses them, and given in plain decimal", async () => {
    const v = (await read(sfn.jsonResult(Everything), JSON.stringify({ ...good, ids: { "+007": "a", "-0": "b" } }))) as vectors.Everything;
    assert.deepEqual(v.ids, { "7": "a", "0": "b" });
  });
  test("the unchanged answer decodes", async () => {
    await read(sfn.jsonResult(Everything), JSON.stringify(good));
  });
});

describe("a bytes result also reads from a string, its UTF-8 bytes, as serde_bytes reads it (SPEC 4.2, 4.3)", () => {
  const { Everything } = vectors;
  const base = reference.encode.find((c) => c.name == "everything_base")!;
  const good = JSON.parse(sfn.jsonArgs(Everything, tsValue(base))[1] as string) as Record<string, unknown>;
  const utf8 = (s: string) => Array.from(Buffer.from(s, "utf8"));
  for (const [what, json, want] of [
    ["ASCII", `"abc"`, utf8("abc")],
    ["empty", `""`, []],
    ["escapes and a surrogate pair", `"\\u00e9\\ud83c\\udf89\\n"`, utf8("é🎉\n")],
  ] as [string, string, number[]][]) {
    test(`JSON: ${what}`, async () => {
      const body = JSON.stringify(good).replace(`"bytes":[1,2,3]`, `"bytes":${json}`);
      assert.notEqual(body, JSON.stringify(good));
      const v = (await read(sfn.jsonResult(Everything), body)) as vectors.Everything;
      assert.deepEqual(Array.from(v.bytes), want);
    });
  }
  test("CBOR: a text string", async () => {
    // "bytes": h'010203' becomes "bytes": "é" (62 c3a9).
    const body = base.cbor_hex.replace("65627974657343010203", "6562797465736" + "2c3a9");
    assert.notEqual(body, base.cbor_hex);
    const v = (await read(cbor.result(Everything), unhex(body))) as vectors.Everything;
    assert.deepEqual(Array.from(v.bytes), utf8("é"));
  });
});
