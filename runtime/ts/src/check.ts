// Arguments checked before a request is made, as sfn's Go client checks them when it encodes
// (runtime/wire's EncodeError): an enum holding a name it does not have, a required message
// left out, a oneof without exactly one member, an integer out of its kind's range (or, in
// number mode, past 2^53, where a number no longer holds it exactly), a string that has no
// UTF-8 form. The encoders (form.ts, json.ts, cbor.ts) run it first; what it refuses is a
// ServerFnError tagged Serialization, `arguments: field "todo.tags[2]": ...`, with the path
// of the value in TypeScript names. One walk by kind id, like cbor.ts's, kept small: every
// program that sends arguments carries all of it (docs/typescript.md has its cost).

import { ServerFnError } from "./call.js";
import { kindOf, resolve, type ListType, type MapType, type MessageType, type OneofType, type Props, type Type } from "./types.js";

/** check throws a ServerFnError tagged Serialization when v is not a value of the type. */
export function check(type: Type, v: unknown, path = ""): void {
  const t = resolve(type);
  const kind = kindOf(t);
  const id = kind.id;
  const elem = (t as ListType)[1];
  const fail = (why: string, where = path): never => {
    throw new ServerFnError("Serialization", `arguments: ${where ? `field ${JSON.stringify(where)}: ` : ""}${why}`);
  };
  const show = typeof v == "string" ? JSON.stringify(v) : Array.isArray(v) ? "an array" : v && typeof v == "object" ? "an object" : String(v);
  const not = (what: string) => fail(`${show} is not ${what}`);
  const object = () => (v && typeof v == "object" && !Array.isArray(v)) || not("an object");
  const at = (name: string) => (path ? path + "." + name : name);
  // A string with half a surrogate pair has no UTF-8 form.
  const utf8 = (s: string, where?: string) => /\p{Cs}/u.test(s) && fail(`${where ? "map key" : "string"} is not valid UTF-8`, where);
  if (id == 1) {
    typeof v == "string" || not("a string");
    const names = (kind as { names?: readonly string[] }).names;
    if (names && !names.includes(v as string)) fail(`invalid value ${show} for the enum, expected one of ${names.join(", ")}`);
    utf8(v as string);
  } else if (id == 2) typeof v == "boolean" || not("a boolean");
  else if (id < 7) {
    try {
      kind.read(v, t); // the range, and in number mode 53-bit safety
    } catch (e) {
      fail((e as Error).message);
    }
  } else if (id < 9) typeof v == "number" || not("a number");
  else if (id == 9) v instanceof Uint8Array || not("a Uint8Array");
  else if (id == 11) {
    Array.isArray(v) || not("an array");
    (v as unknown[]).forEach((e, i) => check(elem, e, path + "[" + i + "]"));
  } else if (id == 12) v == null || check(elem, v, path);
  else if (id == 13) {
    object();
    const key = (t as MapType)[1].id;
    for (const [k, e] of Object.entries(v as Props)) {
      const p = path + "[" + (key == 1 ? JSON.stringify(k) : k) + "]";
      if (key == 1) utf8(k, p);
      else if (!(key == 2 ? /^(true|false)$/ : /^[-+]?\d+$/).test(k)) fail(`map key ${JSON.stringify(k)} does not fit its kind`, p);
      check((t as MapType)[2], e, p);
    }
  } else if (id == 14 && v != null) {
    object();
    const keys = Object.keys(v as Props);
    const found = keys.length == 1 && (t as OneofType)[1].find(([wire]) => wire == keys[0]);
    if (!found) fail(`a oneof holds exactly one of ${(t as OneofType)[1].map(([w]) => w).join(", ")}, not ${keys.join(", ") || "none"}`);
    check((found as readonly [string, Type])[1], (v as Props)[keys[0]!], at(keys[0]!));
  } else if (id == 15) {
    if (v === undefined) fail("missing, and only optional fields may be left out");
    object();
    for (const [name, ft] of (t as MessageType)[1]) check(ft, (v as Props)[name], at(name));
  }
}
