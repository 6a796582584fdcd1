// The reference data the tests check against: ../shared/vectors/serde-reference.json (made by
// serde_qs, serde_json and ciborium) and ../shared/leptos/corpus.json (recorded from a Leptos
// server), read from the directory beside the repository, and their values in TypeScript form.

import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Where shared/ is: beside the repository root (the tests run from the root). */
export const shared = process.env["SFN_SHARED"] ?? join(process.cwd(), "..", "shared");

/** One encode case: a value and what serde_qs, serde_json and ciborium made of it. */
export interface EncodeCase {
  name: string;
  type: "AddTodo" | "Empty" | "Search" | "Address" | "Circle" | "Everything";
  /** The value with wire names, as serde_json wrote it back (NaN and infinities are null). */
  value: Wire;
  url: string;
  json: string;
  cbor_hex: string;
}

/** A JSON value as JSON.parse gives it. */
export type Wire = null | boolean | number | string | Wire[] | { [key: string]: Wire };

/** One decode case: a form string and what serde_qs made of it. */
export interface DecodeCase {
  name: string;
  type: EncodeCase["type"];
  url: string;
  ok?: Wire;
  error?: string;
}

export const reference: { encode: (EncodeCase & { url_roundtrip?: { ok?: Wire } })[]; decode: DecodeCase[] } = JSON.parse(
  readFileSync(join(shared, "vectors", "serde-reference.json"), "utf8"),
);

/** One recorded exchange with the Leptos server. */
export interface Exchange {
  name: string;
  request: { method: string; path: string; headers: Record<string, string>; body_text?: string; body_hex?: string };
  response: { status: number; headers: Record<string, string>; body_hex: string; body_text?: string };
}

export const corpus: { exchanges: Exchange[] } = JSON.parse(readFileSync(join(shared, "leptos", "corpus.json"), "utf8"));

/**
 * unsafe reports whether a JSON text holds an integer (outside strings) that a JavaScript
 * number cannot hold exactly: JSON.parse would round it.
 */
export function unsafe(json: string): boolean {
  for (const m of json.matchAll(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g)) {
    const token = m[0];
    if (/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) return true;
  }
  return false;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

export function unhex(s: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(s, "hex"));
}

type Obj = { [key: string]: Wire };

/**
 * The float a form value spells, for the cases where serde_json's value lost it (NaN and
 * the infinities are null there): "NaN", "inf", "-inf" or a number.
 */
function formFloat(url: string, key: string): number {
  const m = new RegExp(`(?:^|&)${key}=([^&]*)`).exec(url);
  const s = m?.[1] ?? "";
  return s == "inf" ? Infinity : s == "-inf" ? -Infinity : Number(s);
}

/**
 * tsValue is the TypeScript value of a case (as a generated module types it): TypeScript
 * field names, Uint8Array bytes, and the true floats where serde_json's value has null.
 * With json set, the floats are those a JSON result carries: NaN for null.
 */
export function tsValue(c: EncodeCase, json = false): unknown {
  return toTs(c.type, c.value, (key) => (json ? NaN : formFloat(c.url, key)));
}

/**
 * toTs converts a wire value of one of the vector types to its TypeScript form; a null float
 * is nullFloat(its key).
 */
export function toTs(type: string, wire: Wire, nullFloat: (key: string) => number = () => NaN): unknown {
  const v = wire as Obj;
  const float = (key: string): number => {
    const f = v[key];
    return typeof f == "number" ? f : nullFloat(key);
  };
  switch (type) {
    case "Circle":
      return { radius: float("radius") };
    case "Everything":
      return {
        s: v["s"],
        b: v["b"],
        i32v: v["i32v"],
        u32v: v["u32v"],
        i64v: v["i64v"],
        u64v: v["u64v"],
        f32v: float("f32v"),
        f64v: float("f64v"),
        bytes: new Uint8Array(v["bytes"] as number[]),
        optS: v["opt_s"],
        optI: v["opt_i"],
        optAddr: v["opt_addr"],
        addr: v["addr"],
        tags: v["tags"],
        addrs: v["addrs"],
        nums: v["nums"],
        labels: v["labels"],
        ids: v["ids"],
        status: v["status"],
        shape: v["shape"],
      };
  }
  // The other types have no field whose TypeScript form differs.
  return wire;
}
