// CBOR arguments and results (SPEC section 4.3), byte for byte as ciborium writes them, with
// a codec written for exactly the subset sfn uses, so that a program calling a CBOR function
// carries a few hundred bytes of CBOR instead of a general package (docs/benchmarks-ts.md).
//
// Written: definite lengths only; integers in their shortest head; floats in the shortest
// width that holds them exactly (half, single, double), as ciborium picks it; text, bytes,
// arrays; maps in declaration order (messages) or key order (maps, as a BTreeMap); null,
// bools; no tags.
//
// Read (a result or an error body): any widths; tags skipped as ciborium skips them, with
// bignums (tags 2 and 3) read as integers; integers beyond 2^53 - 1 given as bigints, which
// the integer kinds refuse rather than round, and bigint mode's 64-bit kinds take (they make
// every value a bigint, small ones too). Those kinds' bigints are written as integers. Refused with a TypeError: indefinite lengths,
// duplicate map keys, invalid UTF-8, reserved or unassigned simple values, lengths past the
// end of the input, nesting deeper than 128, and trailing bytes.

import { utf8, wrapError, type Args, type ErrorBody, type Result } from "./call.js";
import { check } from "./check.js";
import { typedError } from "./errors.js";
import { sortedEntries, variant } from "./kinds.js";
import { fromWire, kindOf, resolve, type ListType, type MapType, type MessageType, type Props, type Type } from "./types.js";

/** The Content-Type of CBOR arguments and results. */
export const cborType = "application/cbor";

/**
 * args encodes a function's arguments as a CBOR body, checked first (check.ts); without
 * arguments it is an empty map.
 */
export async function args(type?: Type, value?: unknown): Promise<Args> {
  try {
    if (type) check(type, value);
    return [cborType, encode(type, value)];
  } catch (e) {
    throw wrapError("Serialization", e);
  }
}

/**
 * result reads a CBOR result of the type; without a type (a unit result) it reads nothing.
 * Duplicate map keys, indefinite lengths and trailing bytes are errors.
 */
export function result(type?: Type): Result {
  return [
    cborType,
    async (res) => {
      const body = new Uint8Array(await res.arrayBuffer());
      return type && fromWire(type, decode(body));
    },
  ];
}

/**
 * error reads the error answers of a function whose error type (described by type) travels
 * as CBOR (SPEC 5.1), whatever the function's own encoding, with result's checks.
 */
export function error(type: Type): ErrorBody {
  return typedError(cborType, type, decode);
}

/**
 * items encodes a websocket function's input items (of type input) and decodes its output
 * items (of type output) as CBOR, the frames' payloads (SPEC 11): websocket.ts's Items.
 */
export function items(
  input: Type,
  output: Type,
): readonly [encode: (value: unknown) => Promise<Uint8Array>, decode: (payload: Uint8Array) => Promise<unknown>] {
  return [async (v) => encode(input, v), async (payload) => fromWire(output, decode(payload))];
}

/** encode writes v, of the given type, as ciborium writes it; without a type, an empty map. */
export function encode(type?: Type, v?: unknown): Uint8Array<ArrayBuffer> {
  const out: number[] = [];
  if (type) write(out, type, v);
  else out.push(0xa0);
  return new Uint8Array(out);
}

/** head appends an item's initial byte and argument n (0 to 2^64 - 1) in its shortest form. */
function head(out: number[], major: number, n: number | bigint): void {
  const w = n < 24 ? 0 : n < 256 ? 1 : n < 65536 ? 2 : n < 4294967296 ? 4 : 8;
  out.push((major << 5) | (w ? 24 + Math.log2(w) : Number(n)));
  for (let i = w; i--; ) out.push(Number((BigInt(n) >> BigInt(8 * i)) & 255n));
}

/** scalar appends a string as text, a bool, or an integer (a number or a bigint) of either sign. */
function scalar(out: number[], x: unknown): void {
  if (typeof x == "string") {
    const b = new TextEncoder().encode(x);
    head(out, 3, b.length);
    for (const c of b) out.push(c);
  } else if (typeof x == "boolean") out.push(x ? 0xf5 : 0xf4);
  else if ((x as number) < 0) head(out, 1, -1n - BigInt(x as number));
  else head(out, 0, x as number);
}

/**
 * float appends x in the shortest width that holds it exactly, as ciborium does: half
 * precision when it holds x (NaN, the infinities, -0 and 1.5 included), else single, else
 * double. The half candidate is made of x's exponent (at least -14, the subnormals') and
 * x scaled to an 11-bit significand, and is kept only when it reads back as x.
 */
function float(out: number[], x: number): void {
  const a = Math.abs(x);
  const e = Math.max(Math.floor(Math.log2(a)), -14);
  const h = x !== x ? 0x7e00 : (x < 0 || 1 / x < 0 ? 0x8000 : 0) | (a == Infinity ? 0x7c00 : ((e + 14) << 10) + a / 2 ** (e - 10));
  if (x !== x || half(h) === x) return void out.push(0xf9, h >> 8, h & 255);
  const single = Math.fround(x) === x;
  const d = new DataView(new ArrayBuffer(8));
  if (single) d.setFloat32(0, x);
  else d.setFloat64(0, x);
  out.push(single ? 0xfa : 0xfb, ...new Uint8Array(d.buffer, 0, single ? 4 : 8));
}

/**
 * write appends v, of the given type. The kinds are told apart by id, written as numbers
 * (as in kinds.ts) so that no object of ids is read at run time.
 */
function write(out: number[], type: Type, v: unknown): void {
  const t = resolve(type);
  const id = kindOf(t).id;
  const elem = (t as ListType)[1];
  // A map's entries: each key (a string, bool or integer), its value's type, the value.
  let entries: (readonly [unknown, Type, unknown])[] | undefined;
  if (id > 2 && id < 7) return scalar(out, kindOf(t).read(v, t, "")); // an integer: checks the range
  if (id == 7 || id == 8) return float(out, id == 7 ? Math.fround(v as number) : (v as number));
  if (id == 9) {
    const b = Uint8Array.from(v as ArrayLike<number>);
    head(out, 2, b.length);
    for (const c of b) out.push(c);
  } else if (id == 11) {
    head(out, 4, (v as unknown[]).length);
    for (const e of v as unknown[]) write(out, elem, e);
  } else if ((id == 12 || id == 14) && v == null) out.push(0xf6);
  else if (id == 12) write(out, elem, v);
  else if (id == 13) {
    // keys as ciborium writes a BTreeMap's: in key order, as integers, bools or strings
    const k = (t as MapType)[1].id;
    entries = sortedEntries(t, v).map(([key, e]) => [k == 1 ? key : k == 2 ? key == "true" : BigInt(key), (t as MapType)[2], e]);
  } else if (id == 14) {
    const [wire, vt] = variant(t, v);
    entries = [[wire, vt, (v as Props)[wire]]];
  } else if (id == 15) entries = (t as MessageType)[1].map(([name, ft, wire = name]) => [wire, ft, (v as Props)[name]]);
  else if (typeof v != (id == 2 ? "boolean" : "string")) throw TypeError(`${String(v)} is not a ${id == 2 ? "boolean" : "string"}`);
  else scalar(out, v); // strings, enums, timestamps, bools
  if (entries) {
    head(out, 5, entries.length);
    for (const [k, ft, e] of entries) {
      scalar(out, k);
      write(out, ft, e);
    }
  }
}

/**
 * decode reads one CBOR item that fills b: integers as numbers (bigints beyond 2^53 - 1),
 * floats of any width, text, bytes as a Uint8Array, arrays, maps (an object when every key
 * is a string, else a Map), null, undefined and bools. What it refuses, it refuses with a
 * TypeError.
 */
export function decode(b: Uint8Array): unknown {
  const d = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = 0;
  const fail = (why: string): never => {
    throw TypeError(`invalid CBOR at byte ${pos}: ${why}`);
  };
  // take checks that n more bytes are there, steps over them and returns where they start.
  const take = (n: number): number => (n > b.length - pos ? fail("unexpected end of input") : (pos += n) - n);
  // big reads big-endian bytes as an unsigned integer; int gives a number when it is safe.
  const big = (s: Uint8Array): bigint => s.reduce((n, c) => (n << 8n) | BigInt(c), 0n);
  const int = (n: bigint): number | bigint => (n >= -Number.MAX_SAFE_INTEGER && n <= Number.MAX_SAFE_INTEGER ? Number(n) : n);
  const item = (depth: number): unknown => {
    let tag = 0n;
    for (;;) {
      const ib = b[take(1)]!;
      const major = ib >> 5;
      const info = ib & 31;
      if (info > 27) fail(info < 31 ? "reserved additional information" : major < 7 ? "indefinite lengths are not accepted" : "unexpected break");
      let n = BigInt(info);
      if (info > 23) {
        const w = 1 << (info - 24);
        const at = take(w);
        if (major == 7 && w > 1) return w == 2 ? half(d.getUint16(at)) : w == 4 ? d.getFloat32(at) : d.getFloat64(at);
        n = big(b.subarray(at, pos));
      }
      // A length, checked against what is left of the input: each element takes per bytes at least.
      const len = (per: number): number => {
        if (n * BigInt(per) > b.length - pos) fail("unexpected end of input");
        if (per && depth >= 128) fail("nested too deep");
        return Number(n);
      };
      if (major == 0) return int(n);
      if (major == 1) return int(-1n - n);
      if (major == 2) {
        const s = b.slice(take(len(0)), pos);
        // Tags 2 and 3 make a byte string an integer, as ciborium reads bignums.
        return tag == 2n ? int(big(s)) : tag == 3n ? int(-1n - big(s)) : s;
      }
      if (major == 3) return utf8(b.subarray(take(len(0)), pos));
      if (major == 4) {
        const a: unknown[] = [];
        for (let i = len(1); i--; ) a.push(item(depth + 1));
        return a;
      }
      if (major == 5) {
        const m = new Map<unknown, unknown>();
        for (let i = len(2); i--; ) {
          const k = item(depth + 1);
          if (m.has(k)) fail(`duplicate map key ${String(k)}`);
          m.set(k, item(depth + 1));
        }
        return [...m.keys()].every((k) => typeof k == "string") ? Object.fromEntries(m) : m;
      }
      if (major == 6) {
        tag = n; // skipped, as ciborium skips tags
        continue;
      }
      // Major 7: the simple values false, true, null and undefined, in the initial byte only.
      if (info > 19 && info < 24) return [false, true, null, undefined][info - 20];
      return fail(`unsupported simple value ${n}`);
    }
  };
  const v = item(0);
  if (pos < b.length) fail(`${b.length - pos} trailing bytes after the value`);
  return v;
}

/** half reads a half-precision float's bits. */
function half(h: number): number {
  const e = (h >> 10) & 31;
  const m = h & 1023;
  const x = e == 31 ? (m ? NaN : Infinity) : e ? (1024 + m) * 2 ** (e - 25) : m * 2 ** -24;
  return h & 0x8000 ? -x : x;
}
