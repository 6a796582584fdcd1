// The sfn runtime for TypeScript: what the modules that `sfn generate --ts-out` writes
// import. Form and JSON need nothing but fetch; CBOR is in ./cbor.js, which needs the npm
// package cbor2 and is imported only by modules with CBOR functions or CBOR error types.
// Websocket functions are in ./websocket.js, byte and text streams and uploads in
// ./stream.js: re-exported here, and left out of bundles whose program calls none. So is the
// form helper, enhance (./enhance.js); the query and mutation options (./query.js) are types.

export { call, defaults, ServerFnError, type Args, type CallOptions, type ErrorBody, type ErrorTag, type Result } from "./call.js";
export { enhance, type Enhance } from "./enhance.js";
export { serverFnErrorErr, TypedServerFnError, type ServerFnErrorErr } from "./errors.js";
export { form, formType } from "./form.js";
export { jsonArgs, jsonError, jsonResult, jsonType } from "./json.js";
export {
  bool,
  bytes,
  enumOf,
  float32,
  float64,
  int32,
  int64,
  jsonValue,
  list,
  map,
  message,
  oneof,
  optional,
  string,
  timestamp,
  uint32,
  uint64,
  unit,
  variants,
} from "./kinds.js";
export type { MutationOptions, QueryKey, QueryOptions } from "./query.js";
export { fromWire, type Field, type JsonObject, type JsonValue, type Kind, type Type, type Variant } from "./types.js";
export {
  streamBoth,
  streamIn,
  streamOut,
  streamType,
  upload,
  type BytesBody,
  type FormElement,
  type StreamCallOptions,
  type TextBody,
} from "./stream.js";
export { items, websocket, websocketResult, type ItemSource, type Items } from "./websocket.js";
