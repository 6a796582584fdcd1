// JSON arguments and results (SPEC section 4.2), written as serde_json writes them:
// declaration order, map entries in key order, floats in ryu's layout.

import { utf8, wrapError, type Args, type ErrorBody, type Result } from "./call.js";
import { check } from "./check.js";
import { typedError } from "./errors.js";
import { sortedEntries, variant } from "./kinds.js";
import { jsonFloat } from "./numbers.js";
import { fromWire, Id, kindOf, resolve, type ListType, type MapType, type MessageType, type Props, type Type } from "./types.js";

/** The Content-Type of JSON arguments and results. */
export const jsonType = "application/json";

/**
 * jsonArgs encodes a function's arguments as a JSON body, checked first (check.ts); without
 * arguments it is "{}".
 */
export function jsonArgs(type?: Type, value?: unknown): Args {
  try {
    if (type) check(type, value);
    return [jsonType, type ? toJson(type, value) : "{}"];
  } catch (e) {
    throw wrapError("Serialization", e);
  }
}

/** A JSON parser: JSON.parse, or parseJson, which keeps integers past 2^53 exact. */
export type Parse = (text: string) => unknown;

/**
 * jsonResult reads a JSON result of the type with parse; without a type (a unit result) it
 * reads nothing. JSON.parse, the default, rounds a 64-bit integer beyond 2^53 - 1: the
 * number-mode integer kinds reject the rounded number, which is never a safe integer. Bigint
 * mode's entry point (bigint.ts) passes parseJson, which gives such an integer as a bigint.
 */
export function jsonResult(type?: Type, parse: Parse = JSON.parse): Result {
  return [
    jsonType,
    async (res) => {
      // Read even when unused, so that the connection can be reused. Not res.text(), which
      // drops a byte order mark and repairs bad bytes: serde_json refuses both.
      const text = utf8(await res.arrayBuffer());
      return type && fromWire(type, parse(text));
    },
  ];
}

/**
 * jsonError reads the error answers of a function whose error type (described by type)
 * travels as JSON (SPEC 5.1), with the checks jsonResult applies to results.
 */
export function jsonError(type: Type, parse: Parse = JSON.parse): ErrorBody {
  return typedError(jsonType, type, (body) => parse(utf8(body)));
}

/**
 * parseJson parses JSON text as JSON.parse does, but gives an integer (a number without a
 * fraction or exponent) that a number does not hold exactly, one past 2^53 - 1 either way,
 * as a bigint, as cbor.ts's decoder does: bigint mode reads 64-bit integers exactly with it.
 * JSON.parse's reviver sees a number's source text only from V8 11.4 (Node 21, Chrome 114)
 * and not yet in every browser, hence a parser of its own. Strings are read by JSON.parse,
 * so their escapes mean what they mean there; a duplicate key keeps its last value.
 */
export function parseJson(text: string): unknown {
  const token =
    /[ \t\n\r]*(?:([[\]{}:,])|("(?:[^"\\\0-\x1f]|\\(?:["\\/bfnrt]|u[\da-fA-F]{4}))*")|(-?(?:0|[1-9]\d*))(\.\d+)?([eE][+-]?\d+)?|(true|false|null)|$)/y;
  const next = (): RegExpExecArray => {
    const at = token.lastIndex;
    const m = token.exec(text);
    if (!m) throw SyntaxError(`JSON: unexpected character at ${at}`);
    return m;
  };
  const fail = (m: RegExpExecArray): never => {
    throw SyntaxError(`JSON: unexpected ${m[0].trim() || "end of input"} at ${token.lastIndex - m[0].trim().length}`);
  };
  const value = (m: RegExpExecArray): unknown => {
    const [, punct, str, int, frac, exp, lit] = m;
    if (str) return JSON.parse(str);
    if (int) {
      const n = +(int + (frac ?? "") + (exp ?? ""));
      return frac || exp || Number.isSafeInteger(n) ? n : BigInt(int);
    }
    if (lit) return JSON.parse(lit);
    const close = punct == "[" ? "]" : punct == "{" ? "}" : fail(m);
    const entries: [string, unknown][] = [];
    let e = next();
    if (e[1] != close) {
      for (;;) {
        let k = "";
        if (close == "}") {
          k = e[2] ? JSON.parse(e[2]) : fail(e);
          if ((e = next())[1] != ":") fail(e);
          e = next();
        }
        entries.push([k, value(e)]);
        e = next();
        if (e[1] == close) break;
        if (e[1] != ",") fail(e);
        e = next();
      }
    }
    return close == "]" ? entries.map(([, x]) => x) : Object.fromEntries(entries);
  };
  const v = value(next());
  const end = next(); // only white space may follow, up to the end ($)
  if (end[0].trim()) fail(end);
  return v;
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
      return String(kind.read(v, t, "")); // checks the range
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
  if (kind.id == Id.jsonValue) return jsonText(v);
  return JSON.stringify(v) ?? "null"; // strings, enums, timestamps
}

/**
 * jsonText writes a JSON value as JSON.stringify does, with a bigint (bigint mode's integers
 * past 2^53, which JSON.stringify refuses) as the integer it is.
 */
function jsonText(v: unknown): string {
  if (typeof v == "bigint") return String(v);
  if (Array.isArray(v)) return "[" + v.map(jsonText).join(",") + "]";
  if (!v || typeof v != "object") return JSON.stringify(v) ?? "null";
  const entries = Object.entries(v).filter(([, e]) => e !== undefined);
  return "{" + entries.map(([k, e]) => JSON.stringify(k) + ":" + jsonText(e)).join(",") + "}";
}
