// Floats as the Rust side writes them, since form output must match byte for byte: Rust's
// Display for form values, ryu's layout (serde_json) for JSON.

/**
 * digits returns the shortest decimal digits that identify x (as a float32 when single is
 * set; x is then already rounded to one) and the decimal point's place: x = 0.DIGITS × 10^k.
 * x is finite and positive.
 */
function digits(x: number, single: boolean): [string, number] {
  let s = x.toExponential();
  for (let p = 0; single && p < 9; p++) {
    const t = x.toExponential(p);
    if (Math.fround(+t) === x) {
      s = t;
      break;
    }
  }
  const [mantissa = "", exp = ""] = s.split("e");
  return [mantissa.replace(".", ""), +exp + 1];
}

/** rustFloat writes x as Rust's Display does: shortest digits, never an exponent. */
export function rustFloat(x: number, single: boolean): string {
  if (single) x = Math.fround(x);
  if (x !== x) return "NaN";
  if (x == Infinity) return "inf";
  if (x == -Infinity) return "-inf";
  if (!x) return 1 / x < 0 ? "-0" : "0";
  const [d, k] = digits(Math.abs(x), single);
  const sign = x < 0 ? "-" : "";
  if (k <= 0) return sign + "0." + "0".repeat(-k) + d;
  if (k >= d.length) return sign + d + "0".repeat(k - d.length);
  return sign + d.slice(0, k) + "." + d.slice(k);
}

/**
 * jsonFloat writes x as serde_json does (ryu's layout): "1.0", "0.1", "1e21", "1e-7"; NaN
 * and the infinities are null.
 */
export function jsonFloat(x: number, single: boolean): string {
  if (single) x = Math.fround(x);
  if (!isFinite(x)) return "null";
  if (!x) return 1 / x < 0 ? "-0.0" : "0.0";
  const [d, k] = digits(Math.abs(x), single);
  const sign = x < 0 ? "-" : "";
  const n = d.length;
  const maxInt = single ? 13 : 16;
  if (k >= n && k <= maxInt) return sign + d + "0".repeat(k - n) + ".0";
  if (k > 0 && k <= maxInt) return sign + d.slice(0, k) + "." + d.slice(k);
  if (k > (single ? -6 : -5) && k <= 0) return sign + "0." + "0".repeat(-k) + d;
  return sign + d[0] + (n > 1 ? "." + d.slice(1) : "") + "e" + (k - 1);
}

/**
 * shortFloat32 returns the number closest to the shortest decimal that identifies x as a
 * float32, so a float32 field reads 0.1 whether it came as CBOR single precision or as JSON.
 */
export function shortFloat32(x: number): number {
  x = Math.fround(x);
  if (!x || !isFinite(x)) return x;
  const [d, k] = digits(Math.abs(x), true);
  return +((x < 0 ? "-0." : "0.") + d + "e" + k);
}
