// CBOR arguments and results (SPEC section 4.3), byte for byte as ciborium writes them:
// definite lengths, maps in declaration (or key) order, integers and floats in their
// shortest form. The bytes are cbor2's; this module says what to encode, by kind.
//
// cbor2 is imported when a CBOR function is first called, not when this module loads: a
// bundle whose program calls no CBOR function leaves it out (cbor2's modules have side
// effects, so a static import would keep them), and a program that imports a module with
// CBOR functions but calls only its form and JSON ones runs without cbor2 installed.

import type { RequiredEncodeOptions, Writer } from "cbor2";
import { wrapError, type Args, type ErrorBody, type Result } from "./call.js";
import { typedError } from "./errors.js";
import { sortedEntries, variant } from "./kinds.js";
import { fromWire, Id, kindOf, resolve, type ListType, type MapType, type MessageType, type Props, type Type } from "./types.js";

/** The Content-Type of CBOR arguments and results. */
export const cborType = "application/cbor";

type Encoder = typeof import("cbor2/encoder");

/** args encodes a function's arguments as a CBOR body; without arguments it is an empty map. */
export async function args(type?: Type, value?: unknown): Promise<Args> {
  try {
    const cbor = await import("cbor2/encoder");
    const v = type ? toCbor(cbor, type, value) : new Entries(cbor, []);
    return [cborType, cbor.encode(v) as Uint8Array<ArrayBuffer>];
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
      if (!type) return undefined;
      const { decode } = await import("cbor2/decoder");
      return fromWire(type, decode(body, { rejectDuplicateKeys: true, rejectStreaming: true }));
    },
  ];
}

/**
 * error reads the error answers of a function whose error type (described by type) travels
 * as CBOR (SPEC 5.1), whatever the function's own encoding, with result's checks.
 */
export function error(type: Type): ErrorBody {
  return typedError(cborType, type, async (body) => {
    const { decode } = await import("cbor2/decoder");
    return decode(body, { rejectDuplicateKeys: true, rejectStreaming: true });
  });
}

/** A CBOR map whose entries keep their order, whatever the keys (an object puts integer-like keys first). */
class Entries {
  readonly cbor: Encoder;
  readonly entries: [unknown, unknown][];

  constructor(cbor: Encoder, entries: [unknown, unknown][]) {
    this.cbor = cbor;
    this.entries = entries;
  }

  toCBOR(w: Writer, opts: RequiredEncodeOptions): undefined {
    this.cbor.writeLength(this, this.entries.length, 5, w, opts);
    for (const [k, v] of this.entries) {
      this.cbor.writeUnknown(k, w, opts);
      this.cbor.writeUnknown(v, w, opts);
    }
  }
}

/** toCbor returns what cbor2 should encode for v, of the given type. */
function toCbor(cbor: Encoder, type: Type, v: unknown): unknown {
  const t = resolve(type);
  const kind = kindOf(t);
  switch (kind.id) {
    case Id.int32:
    case Id.uint32:
    case Id.int64:
    case Id.uint64:
      return kind.read(v, t); // checks the range
    case Id.float32:
      return cbor.encodedNumber(Math.fround(v as number), "f"); // the shortest width that holds it
    case Id.float64:
      return cbor.encodedNumber(v as number, "f");
    case Id.bytes:
      return Uint8Array.from(v as ArrayLike<number>); // a Buffer would be written as its toJSON()
    case Id.list:
      return (v as unknown[]).map((e) => toCbor(cbor, (t as ListType)[1], e));
    case Id.optional:
      return v == null ? null : toCbor(cbor, (t as ListType)[1], v);
    case Id.map: {
      const [, key, value] = t as MapType;
      return new Entries(cbor, sortedEntries(t, v).map(([k, e]) => [mapKey(key.id, k), toCbor(cbor, value, e)]));
    }
    case Id.oneof: {
      if (v == null) return null;
      const [wire, vt] = variant(t, v);
      return new Entries(cbor, [[wire, toCbor(cbor, vt, (v as Props)[wire])]]);
    }
    case Id.message:
      return new Entries(cbor, (t as MessageType)[1].map(([name, ft, wire = name]) => [wire, toCbor(cbor, ft, (v as Props)[name])]));
  }
  return v; // strings, enums, timestamps, bools
}

/** mapKey is a map key as ciborium writes it: an integer, a bool or a string. */
function mapKey(id: number, k: string): unknown {
  return id == Id.bool ? k == "true" : id == Id.string ? k : BigInt(k);
}
