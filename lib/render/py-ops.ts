/**
 * Python value semantics: str()/repr(), truthiness, ==, ordering, arithmetic, len(), iteration,
 * indexing and slicing, with the exceptions Python raises (TypeError, ZeroDivisionError, ...).
 */
import { floatRepr } from "./py-float";
import { compareCodePoints, cpToUtf16, hasSurrogates, pyLen } from "./py-str";
import {
  PyBoundMethod,
  PyCallable,
  PyCycler,
  PyDictView,
  PyIterator,
  PyNamespace,
  PyRange,
} from "./runtime-objects";
import { PyDict, PyError, PyFloat, PyObject, PyTuple, PyUndefined, typeNameOf, type PyValue } from "./values";
import { limitError } from "./runtime";

/** Size limit for strings and lists built during the current render (set by the renderer). */
let sizeLimit = Infinity;
export function setSizeLimit(n: number): number {
  const old = sizeLimit;
  sizeLimit = n;
  return old;
}
export function checkSize(n: number): void {
  if (n > sizeLimit) throw limitError(`a value of ${n} characters or items exceeds the limit of ${sizeLimit}`);
}

export function typeError(msg: string): PyError {
  return new PyError("TypeError", msg);
}

// ---------------------------------------------------------------- str / repr

export function intStr(n: number): string {
  return Number.isSafeInteger(n) || !Number.isFinite(n) ? String(n) : BigInt(n).toString();
}

const NON_PRINTABLE = /[\p{C}\p{Z}]/u;

export function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  let plain = 0;
  // fast path: find runs of characters that need no escaping
  const n = s.length;
  let i = 0;
  const flush = (to: number) => {
    if (to > plain) out += s.slice(plain, to);
  };
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) {
      if (c === 0x5c || (c === 0x27 && q === "'") || (c === 0x22 && q === '"')) {
        flush(i);
        out += "\\" + s[i];
        plain = i + 1;
      }
      i++;
      continue;
    }
    const cp = s.codePointAt(i)!;
    const w = cp > 0xffff ? 2 : 1;
    let esc: string | null = null;
    if (c === 0x0a) esc = "\\n";
    else if (c === 0x0d) esc = "\\r";
    else if (c === 0x09) esc = "\\t";
    else if (cp < 0x20 || cp === 0x7f) esc = "\\x" + cp.toString(16).padStart(2, "0");
    else if (NON_PRINTABLE.test(String.fromCodePoint(cp))) {
      if (cp < 0x100) esc = "\\x" + cp.toString(16).padStart(2, "0");
      else if (cp < 0x10000) esc = "\\u" + cp.toString(16).padStart(4, "0");
      else esc = "\\U" + cp.toString(16).padStart(8, "0");
    }
    if (esc !== null) {
      flush(i);
      out += esc;
      plain = i + w;
    }
    i += w;
  }
  flush(n);
  return out + q;
}

/** Python's str(v). */
export function pyStr(v: PyValue): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return intStr(v);
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (v instanceof PyFloat) return floatRepr(v.value);
  if (v instanceof PyUndefined) return "";
  return pyRepr(v);
}

/** Python's repr(v). */
export function pyRepr(v: PyValue): string {
  const out: string[] = [];
  const st = { len: 0 };
  reprInto(v, out, st, new Set());
  return out.join("");
}

function push(out: string[], st: { len: number }, s: string): void {
  st.len += s.length;
  if (st.len > sizeLimit) checkSize(st.len);
  out.push(s);
}

function reprInto(v: PyValue, out: string[], st: { len: number }, seen: Set<object>): void {
  if (typeof v === "string") return push(out, st, strRepr(v));
  if (typeof v === "number" || v === null || typeof v === "boolean" || v instanceof PyFloat)
    return push(out, st, pyStr(v));
  if (v instanceof PyUndefined) return push(out, st, "Undefined");
  if (Array.isArray(v)) {
    if (seen.has(v)) return push(out, st, "[...]");
    seen.add(v);
    push(out, st, "[");
    for (let i = 0; i < v.length; i++) {
      if (i) push(out, st, ", ");
      reprInto(v[i], out, st, seen);
    }
    push(out, st, "]");
    seen.delete(v);
    return;
  }
  if (v instanceof PyTuple) {
    push(out, st, "(");
    v.items.forEach((x, i) => {
      if (i) push(out, st, ", ");
      reprInto(x, out, st, seen);
    });
    push(out, st, v.items.length === 1 ? ",)" : ")");
    return;
  }
  if (v instanceof PyDict) {
    if (seen.has(v)) return push(out, st, "{...}");
    seen.add(v);
    push(out, st, "{");
    let first = true;
    for (const [k, x] of v.entries()) {
      if (!first) push(out, st, ", ");
      first = false;
      reprInto(k, out, st, seen);
      push(out, st, ": ");
      reprInto(x, out, st, seen);
    }
    push(out, st, "}");
    seen.delete(v);
    return;
  }
  if (v instanceof PyRange)
    return push(out, st, v.step === 1 ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`);
  if (v instanceof PyDictView) {
    push(out, st, v.typeName + "(");
    reprInto(viewItems(v), out, st, seen);
    push(out, st, ")");
    return;
  }
  if (v instanceof PyNamespace) {
    push(out, st, "<Namespace ");
    reprInto(v.attrs, out, st, seen);
    push(out, st, ">");
    return;
  }
  if (v instanceof PyBoundMethod) return push(out, st, `<built-in method ${v.name} of ${typeNameOf(v.self)} object>`);
  return push(out, st, `<${v.typeName} object>`);
}

// ---------------------------------------------------------------- truthiness, numbers

export function truthy(v: PyValue): boolean {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") return v.length > 0;
  if (typeof v === "number") return v !== 0;
  if (v === null) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof PyFloat) return v.value !== 0;
  if (v instanceof PyUndefined) return false;
  if (v instanceof PyDict) return v.size > 0;
  if (v instanceof PyTuple) return v.items.length > 0;
  if (v instanceof PyRange) return v.length > 0;
  if (v instanceof PyDictView) return v.dict.size > 0;
  return true;
}

/** The numeric value of an int, bool or float; undefined for anything else. */
export function numOf(v: PyValue): number | undefined {
  if (typeof v === "number") return v;
  if (v instanceof PyFloat) return v.value;
  if (typeof v === "boolean") return v ? 1 : 0;
  return undefined;
}

export function isIntLike(v: PyValue): v is number | boolean {
  return typeof v === "number" || typeof v === "boolean";
}

export function isNumber(v: PyValue): boolean {
  return typeof v === "number" || typeof v === "boolean" || v instanceof PyFloat;
}

// ---------------------------------------------------------------- equality and ordering

export function pyEq(a: PyValue, b: PyValue): boolean {
  if (a === b) return !(a instanceof PyFloat && Number.isNaN(a.value));
  if (typeof a === "string" || typeof b === "string") return false;
  const x = numOf(a);
  if (x !== undefined) {
    const y = numOf(b);
    return y !== undefined && x === y;
  }
  if (a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && seqEq(a, b);
  if (a instanceof PyTuple) return b instanceof PyTuple && seqEq(a.items, b.items);
  if (a instanceof PyDict) {
    if (!(b instanceof PyDict) || a.size !== b.size) return false;
    for (const [k, v] of a.entries()) {
      if (!b.has(k)) return false;
      if (!pyEq(v, b.get(k)!)) return false;
    }
    return true;
  }
  if (a instanceof PyUndefined) return b instanceof PyUndefined;
  if (a instanceof PyRange && b instanceof PyRange)
    return a.length === b.length && (a.length === 0 || (a.start === b.start && (a.length === 1 || a.step === b.step)));
  return false;
}

function seqEq(a: readonly PyValue[], b: readonly PyValue[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!pyEq(a[i], b[i])) return false;
  return true;
}

const OP_SYMBOL: Record<string, string> = { lt: "<", gt: ">", lteq: "<=", gteq: ">=" };

/** Three-way comparison for ordering; throws TypeError where Python's `<` would. */
export function pyCompare(a: PyValue, b: PyValue, op = "lt"): number {
  const x = numOf(a);
  if (x !== undefined) {
    const y = numOf(b);
    if (y !== undefined) return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
  } else if (typeof a === "string") {
    if (typeof b === "string") return compareCodePoints(a, b);
  } else if (Array.isArray(a)) {
    if (Array.isArray(b)) return seqCompare(a, b, op);
  } else if (a instanceof PyTuple) {
    if (b instanceof PyTuple) return seqCompare(a.items, b.items, op);
  } else if (a instanceof PyUndefined || b instanceof PyUndefined) {
    throw undefinedError(a instanceof PyUndefined ? a : (b as PyUndefined));
  }
  if (b instanceof PyUndefined) throw undefinedError(b);
  throw typeError(
    `'${OP_SYMBOL[op] ?? "<"}' not supported between instances of '${typeNameOf(a)}' and '${typeNameOf(b)}'`,
  );
}

function seqCompare(a: readonly PyValue[], b: readonly PyValue[], op: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (!pyEq(a[i], b[i])) return pyCompare(a[i], b[i], op);
  }
  return a.length - b.length;
}

export function pyLt(a: PyValue, b: PyValue): boolean {
  return pyCompare(a, b, "lt") < 0;
}

// ---------------------------------------------------------------- Undefined

export function undefinedMessage(u: PyUndefined): string {
  if (u.hint !== null) return u.hint;
  return `'${u.name ?? "None"}' is undefined`;
}

export function undefinedError(u: PyUndefined): PyError {
  return new PyError("UndefinedError", undefinedMessage(u));
}

/** Jinja's object_type_repr: "dict object", "list object", "None". */
export function objectTypeRepr(v: PyValue): string {
  if (v === null) return "None";
  return `${typeNameOf(v)} object`;
}

export function missingAttr(obj: PyValue, name: string): PyUndefined {
  return new PyUndefined(name, `'${objectTypeRepr(obj)}' has no attribute '${name}'`);
}

export function missingItem(obj: PyValue, key: PyValue): PyUndefined {
  if (typeof key === "string") return missingAttr(obj, key);
  return new PyUndefined(pyStr(key), `${objectTypeRepr(obj)} has no element ${pyRepr(key)}`);
}

// ---------------------------------------------------------------- arithmetic

function opError(sym: string, a: PyValue, b: PyValue): PyError {
  if (a instanceof PyUndefined) return undefinedError(a);
  if (b instanceof PyUndefined) return undefinedError(b);
  if (sym === "+" && typeof a === "string")
    return typeError(`can only concatenate str (not "${typeNameOf(b)}") to str`);
  if (sym === "+" && Array.isArray(a)) return typeError(`can only concatenate list (not "${typeNameOf(b)}") to list`);
  if (sym === "+" && a instanceof PyTuple)
    return typeError(`can only concatenate tuple (not "${typeNameOf(b)}") to tuple`);
  return typeError(`unsupported operand type(s) for ${sym}: '${typeNameOf(a)}' and '${typeNameOf(b)}'`);
}

function numResult(v: number, float: boolean): PyValue {
  return float ? new PyFloat(v) : v;
}

export function pyAdd(a: PyValue, b: PyValue): PyValue {
  if (typeof a === "string" && typeof b === "string") {
    const n = a.length + b.length;
    if (n > sizeLimit) checkSize(n);
    return a + b;
  }
  if (typeof a === "number" && typeof b === "number") return a + b;
  const x = numOf(a);
  const y = numOf(b);
  if (x !== undefined && y !== undefined) return numResult(x + y, a instanceof PyFloat || b instanceof PyFloat);
  if (Array.isArray(a) && Array.isArray(b)) {
    checkSize(a.length + b.length);
    return a.concat(b);
  }
  if (a instanceof PyTuple && b instanceof PyTuple) {
    checkSize(a.items.length + b.items.length);
    return new PyTuple(a.items.concat(b.items));
  }
  throw opError("+", a, b);
}

export function pySub(a: PyValue, b: PyValue): PyValue {
  const x = numOf(a);
  const y = numOf(b);
  if (x !== undefined && y !== undefined) return numResult(x - y, a instanceof PyFloat || b instanceof PyFloat);
  throw opError("-", a, b);
}

function repeat(seq: PyValue, n: number): PyValue {
  if (n <= 0) return typeof seq === "string" ? "" : Array.isArray(seq) ? [] : new PyTuple([]);
  if (typeof seq === "string") {
    checkSize(seq.length * n);
    return seq.repeat(n);
  }
  const items = Array.isArray(seq) ? seq : (seq as PyTuple).items;
  checkSize(items.length * n);
  const out: PyValue[] = [];
  for (let i = 0; i < n; i++) for (const x of items) out.push(x);
  return Array.isArray(seq) ? out : new PyTuple(out);
}

export function pyMul(a: PyValue, b: PyValue): PyValue {
  const x = numOf(a);
  const y = numOf(b);
  if (x !== undefined && y !== undefined) return numResult(x * y, a instanceof PyFloat || b instanceof PyFloat);
  const isSeq = (v: PyValue) => typeof v === "string" || Array.isArray(v) || v instanceof PyTuple;
  if (isSeq(a) && isIntLike(b)) return repeat(a, numOf(b)!);
  if (isSeq(b) && isIntLike(a)) return repeat(b, numOf(a)!);
  if (isSeq(a) && b instanceof PyFloat) throw typeError(`can't multiply sequence by non-int of type 'float'`);
  throw opError("*", a, b);
}

export function pyTrueDiv(a: PyValue, b: PyValue): PyValue {
  const x = numOf(a);
  const y = numOf(b);
  if (x !== undefined && y !== undefined) {
    if (y === 0) throw new PyError("ZeroDivisionError", a instanceof PyFloat || b instanceof PyFloat ? "float division by zero" : "division by zero");
    return new PyFloat(x / y);
  }
  throw opError("/", a, b);
}

export function pyFloorDiv(a: PyValue, b: PyValue): PyValue {
  const x = numOf(a);
  const y = numOf(b);
  if (x !== undefined && y !== undefined) {
    const isFloat = a instanceof PyFloat || b instanceof PyFloat;
    if (y === 0) throw new PyError("ZeroDivisionError", isFloat ? "float floor division by zero" : "integer division or modulo by zero");
    if (!isFloat) return Math.floor(x / y);
    return new PyFloat(pyFloatFloorDiv(x, y));
  }
  throw opError("//", a, b);
}

/** CPython's float floor division (float_divmod). */
function pyFloatFloorDiv(x: number, y: number): number {
  let mod = x % y;
  let div = (x - mod) / y;
  if (mod && y < 0 !== mod < 0) {
    mod += y;
    div -= 1;
  }
  if (!div) return y < 0 !== x < 0 ? -0 : 0;
  let floordiv = Math.floor(div);
  if (div - floordiv > 0.5) floordiv += 1;
  return floordiv;
}

function pyModNum(x: number, y: number): number {
  let r = x % y;
  if (r !== 0 && r < 0 !== y < 0) r += y;
  return r;
}

export function pyMod(a: PyValue, b: PyValue): PyValue {
  if (typeof a === "string") return percentFormat(a, b);
  const x = numOf(a);
  const y = numOf(b);
  if (x !== undefined && y !== undefined) {
    const isFloat = a instanceof PyFloat || b instanceof PyFloat;
    if (y === 0) throw new PyError("ZeroDivisionError", isFloat ? "float modulo" : "integer modulo by zero");
    const r = pyModNum(x, y);
    return isFloat ? new PyFloat(r === 0 ? (y < 0 ? -0 : 0) : r) : r;
  }
  throw opError("%", a, b);
}

export function pyPow(a: PyValue, b: PyValue): PyValue {
  const x = numOf(a);
  const y = numOf(b);
  if (x !== undefined && y !== undefined) {
    const isFloat = a instanceof PyFloat || b instanceof PyFloat;
    if (!isFloat && y >= 0) return x ** y;
    if (x === 0 && y < 0) throw new PyError("ZeroDivisionError", "0.0 cannot be raised to a negative power");
    const r = x ** y;
    if (Number.isNaN(r) && x < 0) throw new PyError("ValueError", "math domain error");
    return new PyFloat(r);
  }
  throw opError("** or pow()", a, b);
}

export function pyNeg(a: PyValue): PyValue {
  if (typeof a === "number") return a === 0 ? 0 : -a;
  if (typeof a === "boolean") return a ? -1 : 0;
  if (a instanceof PyFloat) return new PyFloat(-a.value);
  if (a instanceof PyUndefined) throw undefinedError(a);
  throw typeError(`bad operand type for unary -: '${typeNameOf(a)}'`);
}

export function pyPos(a: PyValue): PyValue {
  if (typeof a === "number" || a instanceof PyFloat) return a;
  if (typeof a === "boolean") return a ? 1 : 0;
  if (a instanceof PyUndefined) throw undefinedError(a);
  throw typeError(`bad operand type for unary +: '${typeNameOf(a)}'`);
}

// ---------------------------------------------------------------- printf-style formatting

/** `fmt % args` for str, with the common conversions (s r d i f F e E g G x X o c %). */
export function percentFormat(fmt: string, args: PyValue): string {
  const list = args instanceof PyTuple ? args.items : [args];
  const isMap = args instanceof PyDict;
  let ai = 0;
  let usedAll = false;
  const re = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;
  let out = "";
  let last = 0;
  let m: RegExpExecArray | null;
  const nextArg = (): PyValue => {
    if (isMap) return args;
    if (ai >= list.length) throw typeError("not enough arguments for format string");
    return list[ai++];
  };
  while ((m = re.exec(fmt))) {
    out += fmt.slice(last, m.index);
    last = re.lastIndex;
    const [, key, flags, widthS, precS, conv] = m;
    if (conv === "%") {
      out += "%";
      continue;
    }
    let width = widthS === "*" ? (numOf(nextArg()) ?? 0) : widthS ? Number(widthS) : 0;
    const prec = precS === "*" ? (numOf(nextArg()) ?? 0) : precS !== undefined ? Number(precS) : undefined;
    checkSize(Math.abs(width));
    if (prec !== undefined) checkSize(prec);
    let v: PyValue;
    if (key !== undefined) {
      if (!(args instanceof PyDict)) throw typeError("format requires a mapping");
      if (!args.has(key)) throw new PyError("KeyError", strRepr(key));
      v = args.get(key)!;
    } else v = nextArg();
    let s: string;
    let numeric = false;
    switch (conv) {
      case "s":
        s = pyStr(v);
        if (prec !== undefined) s = s.slice(0, prec);
        break;
      case "r":
      case "a":
        s = pyRepr(v);
        if (prec !== undefined) s = s.slice(0, prec);
        break;
      case "c":
        s = typeof v === "number" ? String.fromCodePoint(v) : pyStr(v);
        break;
      default: {
        const x = numOf(v);
        if (x === undefined) throw typeError(`%${conv} format: a real number is required, not ${typeNameOf(v)}`);
        numeric = true;
        s = formatNumber(x, conv, prec, flags.includes("#"), v instanceof PyFloat);
        if (flags.includes("+") && x >= 0) s = "+" + s;
        else if (flags.includes(" ") && x >= 0) s = " " + s;
      }
    }
    if (width < 0) width = -width;
    if (s.length < width) {
      if (flags.includes("-")) s = s.padEnd(width);
      else if (numeric && flags.includes("0")) {
        const sign = /^[+\- ]/.test(s) ? s[0] : "";
        s = sign + s.slice(sign.length).padStart(width - sign.length, "0");
      } else s = s.padStart(width);
    }
    out += s;
  }
  if (!isMap && ai === 0 && list.length === 1 && !(args instanceof PyTuple)) usedAll = true;
  if (!isMap && !usedAll && ai < list.length) throw typeError("not all arguments converted during string formatting");
  return out + fmt.slice(last);
}

export function formatNumber(x: number, conv: string, prec: number | undefined, alt: boolean, isFloat: boolean): string {
  switch (conv) {
    case "d":
    case "i":
    case "u":
      return intStr(Math.trunc(x));
    case "x":
      return (alt ? "0x" : "") + Math.trunc(x).toString(16);
    case "X":
      return (alt ? "0X" : "") + Math.trunc(x).toString(16).toUpperCase();
    case "o":
      return (alt ? "0o" : "") + Math.trunc(x).toString(8);
    case "f":
    case "F":
      return fixed(x, prec ?? 6);
    case "e":
    case "E": {
      const s = expo(x, prec ?? 6);
      return conv === "E" ? s.toUpperCase() : s;
    }
    case "g":
    case "G": {
      const s = general(x, prec ?? 6, alt);
      return conv === "G" ? s.toUpperCase() : s;
    }
  }
  return isFloat ? floatRepr(x) : intStr(x);
}

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return null;
}

export function fixed(x: number, prec: number): string {
  const nf = nonFinite(x);
  if (nf) return nf;
  if (Math.abs(x) >= 1e21) return BigInt(Math.round(x)).toString() + (prec > 0 ? "." + "0".repeat(prec) : "");
  let s = roundHalfEvenFixed(x, prec);
  if (Object.is(x, -0) || (x < 0 && !s.startsWith("-"))) s = "-" + s;
  return s;
}

/** x.toFixed(prec) but ties (exact binary halves) go to even, as Python's formatting does. */
function roundHalfEvenFixed(x: number, prec: number): string {
  const s = x.toFixed(Math.min(100, prec));
  if (prec >= 100) return s;
  // only a value within rounding noise of a half can be an exact tie
  const y = Math.abs(x) * 10 ** prec;
  if (Number.isFinite(y) && Math.abs(y - Math.floor(y) - 0.5) > 1e-7) return s;
  const long = x.toFixed(Math.min(100, prec + 30));
  const tail = long.slice(long.length - 30);
  if (tail !== "5" + "0".repeat(29)) return s;
  // exact tie: toFixed rounded away from zero; go to even instead
  const body = long.slice(0, long.length - 30);
  const lastDigit = Number(body[body.length - 1] === "." ? body[body.length - 2] : body[body.length - 1]);
  if (lastDigit % 2 === 0) return prec === 0 ? body.replace(/\.$/, "") : body.replace(/\.$/, "");
  return s;
}

function expo(x: number, prec: number): string {
  const nf = nonFinite(x);
  if (nf) return nf;
  const s = x.toExponential(Math.min(prec, 100));
  const [m, e] = s.split("e");
  const n = Number(e);
  return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
}

function general(x: number, prec: number, alt: boolean): string {
  const nf = nonFinite(x);
  if (nf) return nf;
  const p = prec === 0 ? 1 : prec;
  if (x === 0) return alt ? "0." + "0".repeat(p - 1) : Object.is(x, -0) ? "-0" : "0";
  const e = Number(x.toExponential(p - 1).split("e")[1]);
  let s: string;
  if (e < -4 || e >= p) {
    s = expo(x, p - 1);
    if (!alt) s = s.replace(/\.?0+e/, "e");
  } else {
    s = fixed(x, p - 1 - e);
    if (!alt && s.includes(".")) s = s.replace(/\.?0+$/, "");
  }
  return s;
}

// ---------------------------------------------------------------- len, iteration, indexing

export function viewItems(v: PyDictView): PyValue[] {
  if (v.kind === "keys") return [...v.dict.keys()];
  if (v.kind === "values") return [...v.dict.values()];
  return [...v.dict.entries()].map(([k, x]) => new PyTuple([k, x]));
}

export function pyLenOf(v: PyValue): number {
  if (typeof v === "string") return pyLen(v);
  if (Array.isArray(v)) return v.length;
  if (v instanceof PyDict) return v.size;
  if (v instanceof PyTuple) return v.items.length;
  if (v instanceof PyRange) return v.length;
  if (v instanceof PyDictView) return v.dict.size;
  if (v instanceof PyUndefined) return 0;
  throw typeError(`object of type '${typeNameOf(v)}' has no len()`);
}

/** The items `for x in v` visits (a snapshot; strings give code points). */
export function iterate(v: PyValue): PyValue[] {
  if (Array.isArray(v)) return v;
  if (typeof v === "string") return hasSurrogates(v) ? Array.from(v) : v.split("");
  if (v instanceof PyTuple) return v.items as PyValue[];
  if (v instanceof PyDict) return [...v.keys()];
  if (v instanceof PyUndefined) return [];
  if (v instanceof PyRange) {
    checkSize(v.length);
    const out = new Array<PyValue>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = v.at(i);
    return out;
  }
  if (v instanceof PyIterator) return v.drain();
  if (v instanceof PyDictView) return viewItems(v);
  if (v instanceof PyCycler) return v.items;
  throw typeError(`'${typeNameOf(v)}' object is not iterable`);
}

export function isIterable(v: PyValue): boolean {
  return (
    Array.isArray(v) ||
    typeof v === "string" ||
    v instanceof PyTuple ||
    v instanceof PyDict ||
    v instanceof PyUndefined ||
    v instanceof PyRange ||
    v instanceof PyIterator ||
    v instanceof PyDictView
  );
}

export function isCallable(v: PyValue): boolean {
  return v instanceof PyCallable;
}

export function normIndex(i: number, len: number): number {
  return i < 0 ? i + len : i;
}

/** Python's slice.indices(len): returns [start, stop, step]. */
// a module function, not a closure per call: slices are on the hot path of many templates
function sliceIndex(v: PyValue): number | null {
  if (v === null) return null;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  throw typeError("slice indices must be integers or None or have an __index__ method");
}

export function sliceIndices(
  start: PyValue,
  stop: PyValue,
  step: PyValue,
  len: number,
): [number, number, number] {
  const st = sliceIndex(step) ?? 1;
  if (st === 0) throw new PyError("ValueError", "slice step cannot be zero");
  let a = sliceIndex(start);
  let b = sliceIndex(stop);
  if (st > 0) {
    a = a === null ? 0 : a < 0 ? Math.max(0, a + len) : Math.min(a, len);
    b = b === null ? len : b < 0 ? Math.max(0, b + len) : Math.min(b, len);
  } else {
    a = a === null ? len - 1 : a < 0 ? Math.max(-1, a + len) : Math.min(a, len - 1);
    b = b === null ? -1 : b < 0 ? Math.max(-1, b + len) : Math.min(b, len - 1);
  }
  return [a, b, st];
}

export function sliceSeq<T>(items: readonly T[], start: PyValue, stop: PyValue, step: PyValue): T[] {
  const [a, b, st] = sliceIndices(start, stop, step, items.length);
  if (st === 1) return items.slice(a, Math.max(a, b));
  const out: T[] = [];
  if (st > 0) for (let i = a; i < b; i += st) out.push(items[i]);
  else for (let i = a; i > b; i += st) out.push(items[i]);
  return out;
}

export function sliceValue(v: PyValue, start: PyValue, stop: PyValue, step: PyValue): PyValue {
  if (typeof v === "string") {
    if (!hasSurrogates(v)) {
      if ((step === null || step === 1) && (start === null || typeof start === "number") && (stop === null || typeof stop === "number")) {
        const [a, b] = sliceIndices(start, stop, 1, v.length);
        return v.slice(a, Math.max(a, b));
      }
      return sliceSeq(v.split(""), start, stop, step).join("");
    }
    if (step === null || step === 1) {
      const [a, b] = sliceIndices(start, stop, 1, pyLen(v));
      return b > a ? v.slice(cpToUtf16(v, a), cpToUtf16(v, b)) : "";
    }
    return sliceSeq(Array.from(v), start, stop, step).join("");
  }
  if (Array.isArray(v)) return sliceSeq(v, start, stop, step);
  if (v instanceof PyTuple) return new PyTuple(sliceSeq(v.items, start, stop, step));
  if (v instanceof PyRange) {
    const [a, b, st] = sliceIndices(start, stop, step, v.length);
    const r = new PyRange(v.at(a), v.at(b), v.step * st);
    return r;
  }
  if (v instanceof PyUndefined) throw undefinedError(v);
  throw typeError(`'${typeNameOf(v)}' object is not subscriptable`);
}

/** Code point `i` of `s` (i already normalised), or undefined. */
export function charAt(s: string, i: number): string | undefined {
  if (!hasSurrogates(s)) return i >= 0 && i < s.length ? s[i] : undefined;
  const cps = Array.from(s);
  return cps[i];
}

export { PyObject };
