// Form encoding, byte for byte as serde_qs 0.15 writes it (SPEC section 4.1): fields in
// declaration order, nested keys a[b][0] with literal brackets, None and empty lists and
// maps left out, map entries in key order. The kinds (kinds.ts) write the pairs.

import { wrapError, type Args } from "./call.js";
import { check } from "./check.js";
import { formValue, type Type } from "./types.js";

/** The Content-Type of form-encoded arguments, sent on GET requests too. */
export const formType = "application/x-www-form-urlencoded";

/**
 * form encodes a function's arguments (value, described by type) for a request body or
 * query, checked first (check.ts); without arguments it is the empty struct's encoding, "".
 */
export function form(type?: Type, value?: unknown): Args {
  const pairs: string[] = [];
  try {
    if (type) {
      check(type, value);
      formValue(pairs, "", type, value);
    }
  } catch (e) {
    throw wrapError("Serialization", e);
  }
  return [formType, pairs.join("&")];
}

/** subkey is key[segment], or segment at the top level. */
export function subkey(key: string, segment: string): string {
  return key ? key + "[" + escape(segment) + "]" : escape(segment);
}

// serde_qs leaves ASCII letters, digits and * - . _ as they are, writes a space as "+" and
// percent-encodes everything else, UTF-8, with uppercase hex.
const hex = (b: number) => "%" + (b < 16 ? "0" : "") + b.toString(16).toUpperCase();

/** escape percent-encodes a string as serde_qs does. */
export function escape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()~]|%20/g, (c) => (c == "%20" ? "+" : hex(c.charCodeAt(0))));
}

/** escapeBytes percent-encodes raw bytes as serde_qs does (bytes need not be UTF-8). */
export function escapeBytes(b: Uint8Array): string {
  return Array.from(b, (c) => {
    const s = String.fromCharCode(c);
    return /[\w*.-]/.test(s) ? s : c == 32 ? "+" : hex(c);
  }).join("");
}
