/**
 * Python's repr()/str() of a float. JavaScript finds the same shortest round-trip digits as
 * Python (both print the shortest string that reads back to the same double); only the layout
 * differs: Python switches to exponent form when the decimal exponent is < -4 or >= 16, always
 * writes a sign and at least two exponent digits, and keeps a ".0" on integral values.
 */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";

  // toExponential() without an argument gives the shortest round-trip digits: "-1.2345e+21".
  const [mantissa, expText] = x.toExponential().split("e");
  const negative = mantissa.startsWith("-");
  const digits = mantissa.replace("-", "").replace(".", "");
  const exp = Number(expText);
  const sign = negative ? "-" : "";

  if (exp < -4 || exp >= 16) {
    const rest = digits.length > 1 ? "." + digits.slice(1) : "";
    const absExp = Math.abs(exp);
    return `${sign}${digits[0]}${rest}e${exp < 0 ? "-" : "+"}${absExp < 10 ? "0" : ""}${absExp}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const intLen = exp + 1;
  if (digits.length <= intLen) return `${sign}${digits}${"0".repeat(intLen - digits.length)}.0`;
  return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
}
