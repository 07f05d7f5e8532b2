/** Python's float text: repr(float) to write a value as MLflow does, float() to read one back. */

/** Python's repr(float): shortest round-trip digits, exponent form outside [1e-4, 1e16). */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const abs = Math.abs(value);
  // Between 1e-4 and 1e16 both languages print the same shortest digits in fixed notation;
  // Python adds ".0" to integral values.
  if (abs >= 1e-4 && abs < 1e16) return Number.isInteger(value) ? `${value}.0` : String(value);
  const [mantissa, expText] = value.toExponential().split("e");
  const exp = Number(expText);
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  let body: string;
  if (exp < -4 || exp >= 16) {
    const frac = digits.slice(1);
    const sign = exp < 0 ? "-" : "+";
    body = `${digits[0]}${frac ? "." + frac : ""}e${sign}${String(Math.abs(exp)).padStart(2, "0")}`;
  } else if (exp < 0) {
    body = `0.${"0".repeat(-exp - 1)}${digits}`;
  } else if (digits.length <= exp + 1) {
    body = `${digits}${"0".repeat(exp + 1 - digits.length)}.0`;
  } else {
    body = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return negative ? `-${body}` : body;
}

/** Python float() of a metric value field: also "nan", "inf", "-Infinity" etc., case-insensitively. */
export function parsePythonFloat(text: string): number {
  const t = text.toLowerCase();
  if (t === "nan" || t === "+nan" || t === "-nan") return NaN;
  if (t === "inf" || t === "+inf" || t === "infinity" || t === "+infinity") return Infinity;
  if (t === "-inf" || t === "-infinity") return -Infinity;
  const v = Number(text);
  if (text.trim() === "" || Number.isNaN(v)) throw new Error(`not a number: '${text}'`);
  return v;
}
