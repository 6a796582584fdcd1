// The runtime's own CBOR codec (src/cbor.ts), beyond the reference vectors that
// vectors.test.ts checks byte for byte: every half-precision float, random floats against
// cbor2's choice of width, random values of random types round-tripping, the decoder's
// limits, and random or mutated bytes, which must fail only with the decoder's TypeError (or
// a kind's TypeError or RangeError), and through call() only with a ServerFnError.
// The randomness is seeded, so a failure repeats; SFN_CBOR_SEED picks another seed.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decode as cbor2Decode } from "cbor2";
import { encode as cbor2Encode, encodedNumber } from "cbor2/encoder";
import * as vectors from "../../../gen/ts/golden/vectors.js";
import * as cbor from "../src/cbor.js";
import * as sfn from "../src/index.js";
import { shortFloat32 } from "../src/numbers.js";
import { hex, unhex } from "./reference.js";

const seed = Number(process.env["SFN_CBOR_SEED"] ?? 17);

/** rng is a small seeded generator (mulberry32): uniform in [0, 1). */
function rng(s: number): () => number {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(seed);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;

/** A random double: any bit pattern, or one of the values widths are chosen around. */
function randomDouble(): number {
  const d = new DataView(new ArrayBuffer(8));
  switch (int(6)) {
    case 0:
      return pick([0, -0, NaN, Infinity, -Infinity, 65504, 65505, 65520, 2 ** -24, 2 ** -25, 2 ** -14, 2 ** -149, 1e300, 0.1, 1.5, 98304]);
    case 1:
      return (int(4096) - 2048) * 2 ** (int(60) - 40); // few significant bits: often a half or a single
    case 2:
      d.setUint32(0, int(2 ** 32));
      return d.getFloat32(0);
    default:
      d.setUint32(0, int(2 ** 32));
      d.setUint32(4, int(2 ** 32));
      return d.getFloat64(0);
  }
}

function randomString(): string {
  let s = "";
  for (let n = int(6); n--; ) s += String.fromCodePoint(pick([int(128), int(0x800), 0xe000 + int(0x2000), 0x10000 + int(0x100000)]));
  return s;
}

const scalars: sfn.Type[] = [sfn.string, sfn.bool, sfn.int32, sfn.uint32, sfn.int64, sfn.uint64, sfn.float32, sfn.float64, sfn.bytes, vectors.Status];
// Not bool: kinds.ts's map reader refuses bool keys, whatever the encoding (a gap of its own).
const keyKinds = [sfn.string, sfn.int32, sfn.uint32, sfn.int64, sfn.uint64] as const;

/** randomType makes a random description: scalars, lists, optionals, maps, oneofs and messages. */
function randomType(depth: number): sfn.Type {
  if (depth > 3 || random() < 0.4) return pick(scalars);
  switch (int(5)) {
    case 0:
      return [sfn.list, randomType(depth + 1)];
    case 1:
      return [sfn.optional, randomType(depth + 1)];
    case 2:
      return [sfn.map, pick(keyKinds), randomType(depth + 1)];
    case 3:
      return [sfn.oneof, [["A", randomType(depth + 1)], ["B", randomType(depth + 1)], ["Ç", randomType(depth + 1)]]];
  }
  const fields: sfn.Field[] = [];
  for (let i = int(5); i--; ) fields.push([`f${i}`, randomType(depth + 1), random() < 0.3 ? `wire_${i}` : `f${i}`]);
  return [sfn.message, fields];
}

const ranges: Record<number, [bigint, bigint]> = {
  3: [-(2n ** 31n), 2n ** 31n - 1n],
  4: [0n, 2n ** 32n - 1n],
  5: [-(2n ** 63n), 2n ** 63n - 1n],
  6: [0n, 2n ** 64n - 1n],
};

/** randomValue makes a value of the type as a caller holds it (and as fromWire gives it back). */
function randomValue(type: sfn.Type): unknown {
  const t = typeof type == "function" ? type() : type;
  if (t === vectors.Status) return pick(["Active", "Archived"]);
  const id = "id" in t ? t.id : (t as unknown as readonly [sfn.Kind])[0].id;
  const elem = (t as unknown as sfn.Type[])[1]!;
  switch (id) {
    case 1:
      return randomString();
    case 2:
      return random() < 0.5;
    case 3:
      return int(2 ** 32) - 2 ** 31;
    case 4:
      return pick([int(24), int(256), int(65536), int(2 ** 32)]);
    case 5:
      return pick([int(2 ** 31), -int(2 ** 53 - 1), Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, int(2 ** 53)]);
    case 6:
      return pick([0, 23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, int(2 ** 53)]);
    case 7:
      return shortFloat32(randomDouble());
    case 8:
      return randomDouble();
    case 9:
      return Uint8Array.from({ length: int(40) }, () => int(256));
    case 11:
      return Array.from({ length: int(4) }, () => randomValue(elem));
    case 12:
      return random() < 0.3 ? null : randomValue(elem);
    case 13: {
      const [, key, value] = t as unknown as [unknown, sfn.Kind, sfn.Type];
      const m: Record<string, unknown> = {};
      for (let i = int(4); i--; ) {
        let k: string;
        if (key.id == 1) k = randomString();
        else if (key.id == 2) k = String(random() < 0.5);
        else {
          const [lo, hi] = ranges[key.id]!;
          const span = hi - lo + 1n;
          k = String(lo + ((BigInt(int(2 ** 32)) * 2n ** 32n + BigInt(int(2 ** 32))) % span));
          if (random() < 0.2) k = String(pick([lo, hi, 0n]));
        }
        m[k] = randomValue(value);
      }
      return m;
    }
    case 14: {
      if (random() < 0.2) return null;
      const [wire, vt] = pick((t as unknown as [unknown, sfn.Variant[]])[1]);
      return { [wire]: randomValue(vt) };
    }
    case 15: {
      const out: Record<string, unknown> = {};
      for (const [name, ft] of (t as unknown as [unknown, sfn.Field[]])[1]) out[name] = randomValue(ft);
      return out;
    }
  }
  throw Error(`no random value for kind ${id}`);
}

describe("floats in the shortest width that holds them, as ciborium writes them", () => {
  const half = (h: number) => {
    const d = new DataView(new ArrayBuffer(2));
    d.setUint16(0, h);
    return cbor.decode(new Uint8Array([0xf9, ...new Uint8Array(d.buffer)])) as number;
  };
  test("every half-precision value is written as one, NaN as f97e00", () => {
    for (let h = 0; h < 65536; h++) {
      const x = half(h);
      const want = x !== x ? "f97e00" : "f9" + h.toString(16).padStart(4, "0");
      assert.equal(hex(cbor.encode(sfn.float64, x)), want, `half ${h.toString(16)}`);
      assert.equal(hex(cbor.encode(sfn.float32, x)), want, `half ${h.toString(16)} as a float32`);
    }
  });
  test("random doubles and singles: the width cbor2 picks, and read back exactly", () => {
    for (let i = 0; i < 20000; i++) {
      const x = randomDouble();
      for (const [kind, v] of [
        [sfn.float64, x],
        [sfn.float32, Math.fround(x)],
      ] as const) {
        const got = cbor.encode(kind, v);
        assert.equal(hex(got), hex(cbor2Encode(encodedNumber(v, "f"))), `${v}`);
        assert.ok(Object.is(cbor.decode(got), v), `${v} reads back`);
      }
    }
  });
  test("widths read: half, single and double", () => {
    assert.equal(cbor.decode(unhex("f93e00")), 1.5);
    assert.equal(cbor.decode(unhex("f90001")), 2 ** -24);
    assert.equal(cbor.decode(unhex("f9fc00")), -Infinity);
    assert.ok(Number.isNaN(cbor.decode(unhex("f97e00"))));
    assert.equal(cbor.decode(unhex("fa3fc00000")), 1.5);
    assert.equal(cbor.decode(unhex("fb3ff8000000000000")), 1.5);
  });
});

describe("random values of random types round-trip", () => {
  test(`2,000 types, seed ${seed}`, () => {
    for (let i = 0; i < 2000; i++) {
      const type = randomType(0);
      const value = randomValue(type);
      const bytes = cbor.encode(type, value);
      assert.deepEqual(sfn.fromWire(type, cbor.decode(bytes)), value);
      // An independent decoder reads the same bytes, strictly.
      cbor2Decode(bytes, { rejectDuplicateKeys: true, rejectStreaming: true });
    }
  });
  test("Everything, whose shape the reference vectors use", () => {
    for (let i = 0; i < 500; i++) {
      const value = randomValue(vectors.Everything);
      assert.deepEqual(sfn.fromWire(vectors.Everything, cbor.decode(cbor.encode(vectors.Everything, value))), value);
    }
  });
});

describe("the decoder", () => {
  const refused = (h: string, why: RegExp) => assert.throws(() => cbor.decode(unhex(h)), (e) => e instanceof TypeError && why.test(e.message));
  test("integers: every width, bigints past 2^53 - 1", () => {
    assert.equal(cbor.decode(unhex("1b0000000000000017")), 23);
    assert.equal(cbor.decode(unhex("3b001fffffffffffff")), -(2n ** 53n));
    assert.equal(cbor.decode(unhex("3b001ffffffffffffe")), -(2 ** 53) + 1);
    assert.equal(cbor.decode(unhex("1bffffffffffffffff")), 2n ** 64n - 1n);
    assert.equal(cbor.decode(unhex("3bffffffffffffffff")), -(2n ** 64n));
  });
  test("tags are skipped, as ciborium skips them; bignums are integers", () => {
    assert.equal(cbor.decode(unhex("c074323031332d30332d32315432303a30343a30305a")), "2013-03-21T20:04:00Z");
    assert.equal(cbor.decode(unhex("d9d9f7c16161")), "a");
    assert.equal(cbor.decode(unhex("c2420100")), 256);
    assert.equal(cbor.decode(unhex("c3420100")), -257);
    assert.equal(cbor.decode(unhex("c249010000000000000000")), 2n ** 64n);
  });
  test("maps: an object for text keys (__proto__ an ordinary key), a Map otherwise", () => {
    assert.deepEqual(cbor.decode(unhex("a2616101616202")), { a: 1, b: 2 });
    const proto = cbor.decode(unhex("a1695f5f70726f746f5f5f01")) as object;
    assert.equal(Object.getPrototypeOf(proto), Object.prototype);
    assert.deepEqual(Object.keys(proto), ["__proto__"]);
    assert.deepEqual(cbor.decode(unhex("a2016161f56162")), new Map<unknown, unknown>([[1, "a"], [true, "b"]]));
  });
  test("refused: indefinite lengths, duplicate keys, trailing bytes, bad UTF-8, reserved values, short input", () => {
    refused("9f01ff", /indefinite/);
    refused("5f4101ff", /indefinite/);
    refused("ff", /unexpected break/);
    refused("a2616101616102", /duplicate map key a/);
    refused("a201610101", /duplicate map key 1/);
    refused("0101", /1 trailing bytes/);
    refused("62c328", /./); // TextDecoder's own TypeError
    refused("1c", /reserved/);
    refused("f0", /simple value 16/);
    refused("f814", /simple value 20/);
    refused("", /end of input/);
    refused("1a0000", /end of input/);
    refused("5bffffffffffffffff", /end of input/); // no allocation for a length the input cannot hold
    refused("9bffffffffffffffff", /end of input/);
    refused("bb00000000ffffffff", /end of input/);
    refused("c0", /end of input/);
  });
  test("nesting: 128 levels read, 129 refused; a tag does not nest", () => {
    const nested = (n: number) => unhex("81".repeat(n) + "01");
    assert.ok(cbor.decode(nested(128)));
    assert.throws(() => cbor.decode(nested(129)), /nested too deep/);
    assert.equal(cbor.decode(unhex("c0".repeat(10000) + "01")), 1);
  });
});

describe("random and mutated bytes fail only as the runtime fails", () => {
  const samples: Uint8Array[] = [];
  for (let i = 0; i < 300; i++) samples.push(cbor.encode(vectors.Everything, randomValue(vectors.Everything)));
  /** bytes: random bytes, or a valid encoding with bytes changed, cut short or added. */
  function bytes(): Uint8Array<ArrayBuffer> {
    if (random() < 0.3) return Uint8Array.from({ length: int(64) }, () => int(256));
    const b = [...pick(samples)];
    for (let n = 1 + int(4); n--; ) {
      const at = int(b.length);
      const r = int(4);
      if (r == 0) b[at] = int(256);
      else if (r == 1) b.length = at;
      else if (r == 2) b.splice(at, 0, int(256));
      else b[at] = pick([0x1b, 0x3b, 0x5b, 0x7b, 0x9b, 0xbb, 0xdb, 0xfb, 0x1f, 0x9f, 0xbf, 0xff, 0xf7, 0xc2]);
    }
    return new Uint8Array(b);
  }
  test("decode throws nothing but TypeError; fromWire adds only TypeError, RangeError and Error", () => {
    for (let i = 0; i < 20000; i++) {
      const b = bytes();
      let v: unknown;
      try {
        v = cbor.decode(b);
      } catch (e) {
        assert.ok(e instanceof TypeError, `${hex(b)}: ${String(e)}`);
        continue;
      }
      try {
        sfn.fromWire(vectors.Everything, v);
      } catch (e) {
        assert.ok(e instanceof Error && [TypeError, RangeError, Error].includes(e.constructor as ErrorConstructor), `${hex(b)}: ${String(e)}`);
      }
    }
  });
  test("through call(), every failure is a Deserialization ServerFnError with the answer's status", async () => {
    const result = cbor.result(vectors.Everything);
    for (let i = 0; i < 2000; i++) {
      const b = bytes() as Uint8Array<ArrayBuffer>;
      const fetch = async () => new Response(b, { status: 200, headers: { "Content-Type": "application/cbor" } });
      try {
        await sfn.call({ fetch, baseUrl: "http://x" }, "POST", "/f", cbor.args(), result);
      } catch (e) {
        assert.ok(e instanceof sfn.ServerFnError, `${hex(b)}: ${String(e)}`);
        assert.equal(e.tag, "Deserialization");
        assert.equal(e.status, 200);
      }
    }
  });
});

describe("the encoder refuses what ciborium could not have written", () => {
  const serialization = (e: unknown) => e instanceof sfn.ServerFnError && e.tag == "Serialization";
  test("a missing string or bool, a list where a string goes", async () => {
    await assert.rejects(cbor.args(vectors.AddTodo, {}), serialization);
    await assert.rejects(cbor.args(vectors.AddTodo, { title: ["x"] }), serialization);
    await assert.rejects(cbor.args(vectors.Everything, { ...randomValue(vectors.Everything) as object, b: 1 }), serialization);
  });
  test("no arguments: an empty map", async () => {
    assert.equal(hex((await cbor.args())[1] as Uint8Array), "a0");
  });
});
