// Arguments checked before a request is made, as sfn's Go client checks them when it encodes
// (runtime/wire's EncodeError): an enum holding a name it does not have, a required message
// left out, a oneof without exactly one member, an integer out of its kind's range (or, in
// number mode, past 2^53, where a number no longer holds it exactly), a string that has no
// UTF-8 form. The encoders (form.ts, json.ts, cbor.ts) run it first; what it refuses is a
// ServerFnError tagged Serialization, `arguments: field "todo.tags[2]": ...`, with the path
// of the value in TypeScript names. The walk is the kinds' result reads (kinds.ts) with arg
// set, so a program carries the checks of only the kinds its descriptions name, and one walk
// for both (docs/typescript.md has its cost).

import { ServerFnError } from "./call.js";
import { fromWire, type Type } from "./types.js";

/** check throws a ServerFnError tagged Serialization when v is not a value of the type. */
export function check(type: Type, v: unknown): void {
  try {
    fromWire(type, v, "", true);
  } catch (e) {
    throw new ServerFnError("Serialization", "arguments: " + (e as Error).message, 0, e);
  }
}
