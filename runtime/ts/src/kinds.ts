// The kinds of values (SPEC section 1's type table): how each is written as form pairs, as
// serde_qs writes them (SPEC 4.1), and read back from a parsed JSON or CBOR result. Writing
// JSON (json.ts) and CBOR (cbor.ts) goes by kind id instead, so that a program whose
// functions all take form arguments (Url, GetJson, GetCbor: most do) carries neither, and
// carries the form code of only the kinds its descriptions name.
//
// The ids are written as numbers, not Id.x: a bundler must assume that reading a property
// can have side effects, and would then keep every kind. The types check them against Id.
//
// A kind's read also checks an argument before it is sent (arg set, check.ts): one walk for
// both, with the field path in its errors, so that the checks cost only the kinds a program
// names. Arguments are stricter where results follow serde's leniency (bytes from a string
// or an array, floats from null) and must hold valid UTF-8.

import { escape, escapeBytes, subkey } from "./form.js";
import { rustFloat, shortFloat32 } from "./numbers.js";
import {
  fail,
  formValue,
  fromWire,
  isObject,
  not,
  type Id,
  type Kind,
  type ListType,
  type MapType,
  type MessageType,
  type OneofType,
  type Props,
  type ScalarId,
  type Type,
} from "./types.js";

/** scalar makes a kind whose value is one form value, text(v). */
function scalar<K extends ScalarId>(id: K, text: (v: unknown) => string, read: Kind["read"] = (v) => v): Kind<K> {
  return { id, form: (pairs, key, v) => void pairs.push(key + "=" + text(v)), read };
}

/** A string with half a surrogate pair has no UTF-8 form. */
const unpaired = (s: string) => /\p{Cs}/u.test(s);

/**
 * readString takes only a string, as serde refuses others; an argument must also have a
 * UTF-8 form, as the Go client refuses one that has not.
 */
const readString: Kind["read"] = (v, _t, path, arg) =>
  typeof v != "string" ? not(v, "a string", path) : arg && unpaired(v) ? fail("string is not valid UTF-8", path) : v;

/** string: also enums (by value name) and timestamps (RFC 3339). */
export const string: Kind<typeof Id.string> = /* @__PURE__ */ scalar(1, (v) => escape(v as string), readString);
export const timestamp: Kind<typeof Id.string> = string;
export const bool: Kind<typeof Id.bool> = /* @__PURE__ */ scalar(
  2,
  (v) => (v ? "true" : "false"),
  (v, _t, path) => (typeof v == "boolean" ? v : not(v, "a boolean", path)),
);

/**
 * enumOf makes the kind of an enum whose values travel as these names: a string that must
 * be one of them, as serde refuses an unknown variant.
 */
export function enumOf(names: readonly string[]): Kind<typeof Id.string> {
  return {
    ...string,
    read: (v, t, path) =>
      names.includes(readString(v, t, path) as string)
        ? v
        : fail(`invalid value ${JSON.stringify(v)} for the enum, expected one of ${names.join(", ")}`, path, RangeError),
  };
}

/**
 * integer makes an integer kind, whose read checks a value both ways: one out of its range,
 * or one that a number does not hold exactly (a 64-bit integer beyond 2^53 - 1), is an
 * error, since rounding it would send or show a different number. JSON.parse rounds such a
 * result to a number that is no longer a safe integer, and cbor2 gives it as a bigint, so
 * the check catches both.
 */
function integer<K extends ScalarId>(id: K, name: string, min: number, max: number): Kind<K> {
  const check = (v: unknown, _t?: Type, path?: string): number =>
    !Number.isSafeInteger(v) || (v as number) < min || (v as number) > max
      ? not(v, "a JavaScript-safe " + name, path, RangeError)
      : (v as number) + 0; // -0 is 0
  return scalar(id, (v) => String(check(v)), check);
}

/**
 * bigInteger makes a 64-bit integer kind for bigint mode (`sfn generate --ts-bigint`): its
 * values are bigints, exact over the whole range. A number that is a safe integer (what the
 * JSON and CBOR readers give for small values, or an argument written as 5) is taken and
 * made a bigint; any other number, such as 2 ** 60 that may have been rounded already, and
 * a value out of the kind's range are errors.
 */
function bigInteger<K extends ScalarId>(id: K, signed: boolean): Kind<K> {
  const check = (v: unknown, _t?: Type, path?: string): bigint => {
    // The bounds are made here, not passed in: a bundler keeps a call whose arguments compute.
    const n = typeof v == "bigint" ? v : Number.isSafeInteger(v) ? BigInt(v as number) : null;
    return n == null || n < (signed ? -(2n ** 63n) : 0n) || n >= 2n ** (signed ? 63n : 64n)
      ? not(v, signed ? "an int64" : "an uint64", path, RangeError)
      : n;
  };
  return scalar(id, (v) => String(check(v)), check);
}

/** The 64-bit kinds of bigint mode, which generated code names instead of int64 and uint64. */
export const bigint64: Kind<typeof Id.int64> = /* @__PURE__ */ bigInteger(5, true);
export const biguint64: Kind<typeof Id.uint64> = /* @__PURE__ */ bigInteger(6, false);

const safe = Number.MAX_SAFE_INTEGER;
export const int32: Kind<typeof Id.int32> = /* @__PURE__ */ integer(3, "int32", -2147483648, 2147483647);
export const uint32: Kind<typeof Id.uint32> = /* @__PURE__ */ integer(4, "uint32", 0, 4294967295);
export const int64: Kind<typeof Id.int64> = /* @__PURE__ */ integer(5, "int64", -safe, safe);
export const uint64: Kind<typeof Id.uint64> = /* @__PURE__ */ integer(6, "uint64", 0, safe);

/**
 * float makes a float kind. A float32 is rounded to single precision and written with the
 * shortest digits that identify it; read, it is the number nearest those digits (0.1, not
 * 0.10000000149011612), as JSON gives it. serde_json writes NaN and the infinities as null,
 * which reads as NaN. An argument must be a number.
 */
function float<K extends ScalarId>(id: K, single: boolean): Kind<K> {
  return scalar(
    id,
    (v) => rustFloat(v as number, single),
    (v, _t, path, arg) => {
      if (!arg && v == null) return NaN;
      if (!arg && typeof v == "bigint") return Number(v); // an integer past 2^53 from parseJson or CBOR
      return typeof v != "number" ? not(v, "a number", path) : single ? shortFloat32(v) : v;
    },
  );
}

export const float32: Kind<typeof Id.float32> = /* @__PURE__ */ float(7, true);
export const float64: Kind<typeof Id.float64> = /* @__PURE__ */ float(8, false);

/**
 * bytes: a form value is the raw bytes percent-encoded; JSON has an array of numbers, CBOR
 * a byte string (or, accepted too, an array of numbers), each number a byte, 0 to 255.
 * Read, a string is accepted too, in JSON and CBOR, as serde_bytes accepts it (SPEC 4.2,
 * 4.3): its UTF-8 bytes. A string with half a surrogate pair (JSON's "\ud800") has no
 * UTF-8 form and is refused, as sfn's Go decoders refuse it. An argument must be a Uint8Array.
 */
export const bytes: Kind<typeof Id.bytes> = /* @__PURE__ */ scalar(
  9,
  (v) => escapeBytes(v as Uint8Array),
  (v, _t, path, arg) =>
    v instanceof Uint8Array
      ? v
      : arg
        ? not(v, "a Uint8Array", path)
        : typeof v == "string"
          ? unpaired(v)
            ? fail("string is not valid UTF-8", path)
            : new TextEncoder().encode(v)
          : Array.isArray(v) && v.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)
            ? new Uint8Array(v)
            : not(v, "a sequence of bytes", path),
);

/**
 * unit: the result of a function that returns nothing, `()` in Rust: null in JSON and CBOR,
 * and anything else an error, as serde reads it. Results only; it has no form.
 */
export const unit: Kind<typeof Id.unit> = {
  id: 16,
  form: () => {},
  read: (v) => {
    if (v !== null) throw TypeError(`invalid type: ${JSON.stringify(v) ?? typeof v}, expected unit`);
    return undefined;
  },
};

/**
 * jsonValue: google.protobuf.Value or Struct, any JSON, passed through (JSON encodings only).
 * In bigint mode an integer past 2^53 in it is a bigint, as parseJson reads it, which keeps
 * it exact as serde_json's Value does; json.ts writes it back as the integer it is.
 */
export const jsonValue: Kind<typeof Id.jsonValue> = /* @__PURE__ */ scalar(10, (v) => escape(JSON.stringify(v)));

const elem = (t: Type) => (t as ListType)[1];

/** list: [list, T]. Form keys are indexed from 0; an empty list writes no pair. */
export const list: Kind<typeof Id.list> = {
  id: 11,
  form: (pairs, key, v, t) => (v as unknown[]).forEach((e, i) => formValue(pairs, key + "[" + i + "]", elem(t), e)),
  read: (v, t, path, arg) => (Array.isArray(v) ? v.map((e, i) => fromWire(elem(t), e, path + "[" + i + "]", arg)) : not(v, "an array", path)),
};

/** optional: [optional, T]. Null (or a missing property) is None: no form pair, JSON null. */
export const optional: Kind<typeof Id.optional> = {
  id: 12,
  form: (pairs, key, v, t) => v != null && formValue(pairs, key, elem(t), v),
  read: (v, t, path, arg) => (v == null ? null : fromWire(elem(t), v, path, arg)),
};

/** map: [map, key kind, value type]; its keys are strings in TypeScript, whatever their kind. */
export const map: Kind<typeof Id.map> = {
  id: 13,
  form: (pairs, key, v, t) => {
    for (const [k, e] of sortedEntries(t, v)) formValue(pairs, subkey(key, k), (t as MapType)[2], e);
  },
  read: (v, t, path, arg) => {
    const [, keyKind, valueType] = t as MapType;
    const entries = v instanceof Map ? [...v] : isObject(v) ? Object.entries(v) : not(v, "an object", path);
    return Object.fromEntries(
      entries.map(([k, e]) => {
        const at = path + "[" + (keyKind.id == 1 ? JSON.stringify(k) : k) + "]";
        return [mapKey(keyKind, k, at, arg), fromWire(valueType, e, at, arg)];
      }),
    );
  },
};

/**
 * mapKey checks a map key read from JSON (always a string there) or CBOR against the key's
 * kind and returns it as the string it is in TypeScript. A string key must be a string (an argument's with a UTF-8 form); a bool key true or false. An
 * integer key is read as serde_json reads one, with Rust's integer parsing (a sign, "+" too,
 * and leading zeros allowed; "-" not for an unsigned kind), must fit its kind, and is given
 * in its plain decimal form: "+007" is "7". Keys stay strings, so 64-bit keys lose nothing.
 */
function mapKey(kind: Kind<ScalarId>, k: unknown, path: string, arg?: boolean): string {
  const s = String(k);
  // The range of each integer kind, by id. Built here, not at load, so bundles without maps drop it.
  const range = (
    {
      3: [-(2n ** 31n), 2n ** 31n - 1n],
      4: [0n, 2n ** 32n - 1n],
      5: [-(2n ** 63n), 2n ** 63n - 1n],
      6: [0n, 2n ** 64n - 1n],
    } as Record<number, readonly [bigint, bigint]>
  )[kind.id];
  if (kind.id == 1 && typeof k == "string") return arg && unpaired(s) ? fail("map key is not valid UTF-8", path) : s;
  if (kind.id == 2 && /^(true|false)$/.test(s)) return s;
  if (range && typeof k != "boolean" && /^[+-]?\d+$/.test(s) && !(range[0] == 0n && s[0] == "-")) {
    const n = BigInt(s);
    if (n >= range[0] && n <= range[1]) return String(n);
  }
  return fail(`map key ${JSON.stringify(s)} does not fit its kind`, path);
}

/**
 * sortedEntries returns a map's entries in the order serde writes a BTreeMap: integer keys
 * numerically (normalized: "+7" is written 7), bool keys false first, strings by code point,
 * which is UTF-8 byte order.
 */
export function sortedEntries(type: Type, v: unknown): [string, unknown][] {
  const key = (type as MapType)[1].id;
  const entries = Object.entries(v as Props);
  if (key == 1) return entries.sort(([a], [b]) => compareCodePoints(a, b));
  if (key == 2) return entries.sort(([a], [b]) => (a < b ? -1 : 1));
  const keyed = entries.map(([k, e]): [bigint, unknown] => {
    if (!/^[-+]?\d+$/.test(k)) throw Error(`map key "${k}" is not an integer`);
    return [BigInt(k), e];
  });
  return keyed.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, e]) => [String(k), e]);
}

function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < x.length && i < y.length; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return d;
  }
  return x.length - y.length;
}

/** variant finds the member of a oneof that v, {member: value}, holds: its wire name and type. */
export function variant(type: Type, v: unknown): readonly [string, Type] {
  const found = (type as OneofType)[1].find(([wire]) => wire in (v as Props));
  if (!found) throw Error("no member of the oneof is set");
  return found;
}

/** at is the path of a field or member name below path. */
const at = (path: string, name: string) => (path ? path + "." + name : name);

/** oneof: [oneof, members]. Its value is null or {member: value}, keyed by wire name. */
export const oneof: Kind<typeof Id.oneof> = {
  id: 14,
  form: (pairs, key, v, t) => {
    if (v == null) return;
    const [wire, vt] = variant(t, v);
    formValue(pairs, subkey(key, wire), vt, (v as Props)[wire]);
  },
  read: (v, t, path, arg) => {
    if (v == null) return null;
    const members = (t as OneofType)[1];
    const keys = Object.keys(isObject(v) ? v : not(v, "an object", path));
    const found = keys.length == 1 && members.find(([wire]) => wire == keys[0]);
    if (!found) fail(`a oneof holds exactly one of ${members.map(([w]) => w).join(", ")}, not ${keys.join(", ") || "none"}`, path);
    const [wire, vt] = found;
    return { [wire]: fromWire(vt, (v as Props)[wire], at(path, wire), arg) };
  },
};

/** message: [message, fields], a struct whose fields travel in declaration order. */
export const message: Kind<typeof Id.message> = {
  id: 15,
  form: (pairs, key, v, t) => {
    for (const [name, ft, wire = name] of (t as MessageType)[1]) formValue(pairs, subkey(key, wire), ft, (v as Props)[name]);
  },
  read: (v, t, path, arg) => {
    const out: Props = {};
    if (v === undefined) fail("missing, and only optional fields may be left out", path);
    if (!isObject(v)) not(v, "an object", path);
    for (const [name, ft, wire = name] of (t as MessageType)[1]) out[name] = fromWire(ft, (v as Props)[arg ? name : wire], at(path, name), arg);
    return out;
  },
};

/**
 * variants: [variants, members], a Rust enum of newtype variants, always exactly one
 * member: an error type (SPEC 5.1) and Leptos's ServerFnErrorErr. It reads as a oneof does,
 * but null is refused, since serde has no None for an enum. Errors are only read, never sent.
 */
export const variants: Kind<typeof Id.oneof> = {
  id: 14,
  form: () => {},
  read: (v, t, path) => (v == null ? not(v, "one member of the enum", path) : oneof.read(v, t, path)),
};
