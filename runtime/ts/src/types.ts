// Wire descriptions of types, and the walks over them.
//
// Generated modules describe each message once, as plain data: a message is
// [message, fields], a list [list, T], a scalar its kind, such as int64 (kinds.ts). Plain
// array literals have no side effects, so a bundler drops the descriptions a program never
// uses.

/** The kinds' ids, one per row of the schema's type table. */
export const Id = {
  string: 1,
  bool: 2,
  int32: 3,
  uint32: 4,
  int64: 5,
  uint64: 6,
  float32: 7,
  float64: 8,
  bytes: 9,
  jsonValue: 10,
  list: 11,
  optional: 12,
  map: 13,
  oneof: 14,
  message: 15,
  unit: 16,
} as const;

/** The id of a scalar kind. */
export type ScalarId = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/**
 * A kind of value: how it is written as form pairs and read from a parsed result. type,
 * given to each method, is the description that names the kind: the kind itself, or
 * [kind, ...] for a composite.
 */
export interface Kind<K extends number = number> {
  readonly id: K;
  /** form appends the form pairs of v under key (empty at the top level). */
  readonly form: (pairs: string[], key: string, v: unknown, type: Type) => void;
  /**
   * read returns the TypeScript value of a parsed JSON or CBOR value; with arg set it checks
   * an argument instead (check.ts), by TypeScript names. path is where v is, for messages.
   */
  readonly read: (v: unknown, type: Type, path: string, arg?: boolean) => unknown;
}

/**
 * The wire description of a type. A function stands for the type it returns; generated
 * code uses one where a message refers to itself or to one declared after it.
 */
export type Type =
  | Kind<ScalarId>
  | Kind<typeof Id.unit>
  | ListType
  | MapType
  | OneofType
  | MessageType
  | (() => Type);

/** A list or an optional value: [list, T] or [optional, T]. */
export type ListType = readonly [kind: Kind<typeof Id.list | typeof Id.optional>, elem: Type];
/** A map: [map, key kind, value type]. */
export type MapType = readonly [kind: Kind<typeof Id.map>, key: Kind<ScalarId>, value: Type];
/** A oneof: [oneof, members]. */
export type OneofType = readonly [kind: Kind<typeof Id.oneof>, variants: readonly Variant[]];
/** A message: [message, fields]. */
export type MessageType = readonly [kind: Kind<typeof Id.message>, fields: readonly Field[]];

/** A message field: its TypeScript name, type, and wire name when that differs. */
export type Field = readonly [name: string, type: Type, wire?: string];

/** A oneof member: its wire name (also its key in TypeScript) and type. */
export type Variant = readonly [wire: string, type: Type];

/** A description with the functions that stand for types followed. */
export type Resolved = Exclude<Type, () => Type>;

/** Any JSON value, as google.protobuf.Value holds it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object, as google.protobuf.Struct holds it. */
export type JsonObject = { [key: string]: JsonValue };

/** An object seen as its properties. */
export type Props = Record<string, unknown>;

/** resolve follows the functions that stand for types. */
export function resolve(type: Type): Resolved {
  return typeof type == "function" ? resolve(type()) : type;
}

/** kindOf returns the kind a resolved description names. */
export function kindOf(t: Resolved): Kind {
  return "id" in t ? t : t[0];
}

/** formValue appends the form pairs of v, of the given type, under key. */
export function formValue(pairs: string[], key: string, type: Type, v: unknown): void {
  const t = resolve(type);
  kindOf(t).form(pairs, key, v, t);
}

/**
 * fromWire converts a parsed result (JSON.parse's or cbor.ts's) to its TypeScript form: wire
 * names become TypeScript names, byte arrays Uint8Array, a missing or null optional null.
 * With arg set it checks an argument the caller holds instead, the same walk (check.ts).
 * Either throws a TypeError or RangeError naming the field path of what does not fit.
 */
export function fromWire(type: Type, v: unknown, path = "", arg?: boolean): unknown {
  const t = resolve(type);
  return kindOf(t).read(v, t, path, arg);
}

/** fail throws an error E saying why the value at path does not fit. */
export function fail(why: string, path = "", E: ErrorConstructor = TypeError): never {
  throw E((path && `field ${JSON.stringify(path)}: `) + why);
}

/** not fails with "v is not what", v shown briefly: a string quoted, an array or object by its sort. */
export function not(v: unknown, what: string, path?: string, E?: ErrorConstructor): never {
  const shown = typeof v == "string" ? JSON.stringify(v) : Array.isArray(v) ? "an array" : v && typeof v == "object" ? "an object" : String(v);
  return fail(shown + " is not " + what, path, E);
}

/** isObject tells an object that is not an array: what a message, map or oneof is. */
export function isObject(v: unknown): v is Props {
  return !!v && typeof v == "object" && !Array.isArray(v);
}
