// JSON arguments and results (SPEC section 4.2), written as serde_json writes them:
// declaration order, map entries in key order, floats in ryu's layout.

import { wrapError, type Args, type ErrorBody, type Result } from "./call.js";
import { typedError } from "./errors.js";
import { sortedEntries, variant } from "./kinds.js";
import { jsonFloat } from "./numbers.js";
import { fromWire, Id, kindOf, resolve, type ListType, type MapType, type MessageType, type Props, type Type } from "./types.js";

/** The Content-Type of JSON arguments and results. */
export const jsonType = "application/json";

/** jsonArgs encodes a function's arguments as a JSON body; without arguments it is "{}". */
export function jsonArgs(type?: Type, value?: unknown): Args {
  try {
    return [jsonType, type ? toJson(type, value) : "{}"];
  } catch (e) {
    throw wrapError("Serialization", e);
  }
}

/**
 * jsonResult reads a JSON result of the type; without a type (a unit result) it reads
 * nothing. JSON.parse alone would round a 64-bit integer beyond 2^53 - 1: the integer
 * kinds reject the rounded number, which is never a safe integer.
 */
export function jsonResult(type?: Type): Result {
  return [
    jsonType,
    async (res) => {
      const text = await res.text(); // read even when unused, so the connection can be reused
      return type && fromWire(type, JSON.parse(text));
    },
  ];
}

/**
 * jsonError reads the error answers of a function whose error type (described by type)
 * travels as JSON (SPEC 5.1), with the checks jsonResult applies to results.
 */
export function jsonError(type: Type): ErrorBody {
  return typedError(jsonType, type, (body) => JSON.parse(new TextDecoder().decode(body)));
}

/** toJson returns v, of the given type, as JSON text. */
export function toJson(type: Type, v: unknown): string {
  const t = resolve(type);
  const kind = kindOf(t);
  const key = JSON.stringify;
  switch (kind.id) {
    case Id.bool:
      return v ? "true" : "false";
    case Id.int32:
    case Id.uint32:
    case Id.int64:
    case Id.uint64:
      return String(kind.read(v, t)); // checks the range
    case Id.float32:
    case Id.float64:
      return jsonFloat(v as number, kind.id == Id.float32);
    case Id.bytes:
      return "[" + (v as Uint8Array).join(",") + "]";
    case Id.list:
      return "[" + (v as unknown[]).map((e) => toJson((t as ListType)[1], e)).join(",") + "]";
    case Id.optional:
      return v == null ? "null" : toJson((t as ListType)[1], v);
    case Id.map:
      return "{" + sortedEntries(t, v).map(([k, e]) => key(k) + ":" + toJson((t as MapType)[2], e)).join(",") + "}";
    case Id.oneof: {
      if (v == null) return "null";
      const [wire, vt] = variant(t, v);
      return "{" + key(wire) + ":" + toJson(vt, (v as Props)[wire]) + "}";
    }
    case Id.message:
      return "{" + (t as MessageType)[1].map(([name, ft, wire = name]) => key(wire) + ":" + toJson(ft, (v as Props)[name])).join(",") + "}";
  }
  return JSON.stringify(v) ?? "null"; // strings, enums, timestamps, JSON values
}
