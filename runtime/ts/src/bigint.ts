// The runtime's entry point for bigint mode (`sfn generate --ts-bigint`, or `bigint: true` in a
// ts target of sfn.yaml): what index.ts exports, with JSON results, error bodies and websocket
// items read by parseJson, which keeps integers past 2^53 exact, and the 64-bit kinds whose
// values are bigints (bigint64, biguint64), which generated code names for int64, sint64,
// sfixed64, uint64 and fixed64 fields. Modules generated in bigint mode import this instead
// of index.ts; the rest of the runtime is shared.

import type { ErrorBody, Result } from "./call.js";
import { jsonError as numberJsonError, jsonResult as numberJsonResult, parseJson } from "./json.js";
import type { Type } from "./types.js";

/**
 * Any JSON value, as google.protobuf.Value holds it: in bigint mode an integer that a number
 * does not hold exactly (past 2^53) is a bigint, as serde_json's Value keeps it exact.
 */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object, as google.protobuf.Struct holds it, with bigint mode's JsonValue. */
export type JsonObject = { [key: string]: JsonValue };

export * from "./index.js";
export { bigint64, biguint64 } from "./kinds.js";
export { parseJson } from "./json.js";

/** jsonResult reads a JSON result of the type, integers past 2^53 as bigints. */
export function jsonResult(type?: Type): Result {
  return numberJsonResult(type, parseJson);
}

/** jsonError reads a JSON error type's answers, integers past 2^53 as bigints. */
export function jsonError(type: Type): ErrorBody {
  return numberJsonError(type, parseJson);
}
