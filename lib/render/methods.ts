/**
 * The allow-listed Python methods of str, list, dict and tuple that templates may call
 * (`'a b'.split()`, `l.append(x)`, `d.items()`). A lookup returns a PyBoundMethod; there is no
 * path from a template to a JavaScript function or prototype.
 */
import { argStr, bind, optInt } from "./args";
import { formatNumber, intStr, iterate, numOf, pyEq, pyLt, pyRepr, pyStr, checkSize, sliceIndices, typeError, fixed } from "./py-ops";
import {
  hasSurrogates,
  pyCapitalize,
  pyExpandTabs,
  cpToUtf16,
  utf16ToCp,
  pyIsAlnum,
  pyIsAlpha,
  pyIsDecimal,
  pyIsDigit,
  pyIsLower,
  pyIsNumeric,
  pyIsSpaceStr,
  pyIsTitle,
  pyIsUpper,
  pyLen,
  pyRSplit,
  pySplit,
  pySplitLines,
  pyStrip,
  pySwapcase,
  pyTitle,
} from "./py-str";
import type { Runtime } from "./runtime";
import { PyBoundMethod, PyCallable, PyDictView, type Kwargs } from "./runtime-objects";
import { PyDict, PyError, PyFloat, PyTuple, PyUndefined, typeNameOf, type PyValue } from "./values";

type Impl<T> = (rt: Runtime, self: T, args: PyValue[], kwargs: Kwargs) => PyValue;

// ------------------------------------------------------------------ str

/** Converts Python (code point) start/end arguments into a UTF-16 window of `s`. */
function window(s: string, start: PyValue | undefined, end: PyValue | undefined): { sub: string; offset: number; cps: boolean } {
  const surrogates = hasSurrogates(s);
  const len = surrogates ? pyLen(s) : s.length;
  if ((start === undefined || start === null) && (end === undefined || end === null)) return { sub: s, offset: 0, cps: surrogates };
  const [a, b] = sliceIndices(start ?? null, end ?? null, 1, len);
  if (!surrogates) return { sub: b > a ? s.slice(a, b) : "", offset: a, cps: false };
  return { sub: b > a ? s.slice(cpToUtf16(s, a), cpToUtf16(s, b)) : "", offset: a, cps: true };
}

function cpIndex(s: string, utf16: number): number {
  return utf16ToCp(s, utf16);
}

function find(s: string, args: PyValue[], kwargs: Kwargs, name: string, reverse: boolean): number {
  const [sub, start, end] = bind(name, args, kwargs, ["sub", "start", "end"], 1);
  const needle = argStr(sub, "must be str");
  const w = window(s, start, end);
  const startIdx = start === undefined || start === null ? 0 : sliceIndices(start, null, 1, pyLen(s))[0];
  if (needle === "" && startIdx > pyLen(s)) return -1;
  const i = reverse ? w.sub.lastIndexOf(needle) : w.sub.indexOf(needle);
  if (i < 0) return -1;
  return w.offset + (w.cps ? cpIndex(w.sub, i) : i);
}

function strCount(s: string, args: PyValue[], kwargs: Kwargs): number {
  const [sub, start, end] = bind("count", args, kwargs, ["sub", "start", "end"], 1);
  const needle = argStr(sub, "must be str");
  const w = window(s, start, end);
  if (needle === "") return pyLen(w.sub) + 1;
  let n = 0;
  let i = 0;
  for (;;) {
    const k = w.sub.indexOf(needle, i);
    if (k < 0) return n;
    n++;
    i = k + needle.length;
  }
}

function affix(s: string, args: PyValue[], kwargs: Kwargs, name: string, atEnd: boolean): boolean {
  const [p, start, end] = bind(name, args, kwargs, ["prefix", "start", "end"], 1);
  const w = window(s, start, end);
  const options = p instanceof PyTuple ? p.items : [p];
  for (const o of options) {
    if (typeof o !== "string")
      throw typeError(`${name} first arg must be str or a tuple of str, not ${typeNameOf(o as PyValue)}`);
    if (atEnd ? w.sub.endsWith(o) : w.sub.startsWith(o)) return true;
  }
  return false;
}

export function pyReplace(s: string, old: string, rep: string, count = -1): string {
  if (count < 0) {
    if (old === "") {
      const cps = Array.from(s);
      checkSize(s.length + (cps.length + 1) * rep.length);
      return rep + cps.join(rep) + (cps.length ? rep : "");
    }
    if (rep.length > old.length) {
      let n = 0;
      for (let k = s.indexOf(old); k >= 0; k = s.indexOf(old, k + old.length)) n++;
      checkSize(s.length + n * (rep.length - old.length));
    }
    return s.split(old).join(rep);
  }
  let out = "";
  let i = 0;
  let n = 0;
  if (old === "") {
    const cps = Array.from(s);
    for (let j = 0; j <= cps.length; j++) {
      if (n < count) {
        out += rep;
        n++;
      }
      if (j < cps.length) out += cps[j];
    }
    return out;
  }
  while (n < count) {
    const k = s.indexOf(old, i);
    if (k < 0) break;
    out += s.slice(i, k) + rep;
    i = k + old.length;
    n++;
  }
  return out + s.slice(i);
}

function pad(s: string, width: number, fill: string, how: "left" | "right" | "center"): string {
  const len = pyLen(s);
  if (width <= len) return s;
  checkSize(width);
  const marg = width - len;
  if (how === "left") return s + fill.repeat(marg);
  if (how === "right") return fill.repeat(marg) + s;
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return fill.repeat(left) + s + fill.repeat(marg - left);
}

function fillArgs(name: string, args: PyValue[], kwargs: Kwargs): [number, string] {
  const [w, f] = bind(name, args, kwargs, ["width", "fillchar"], 1);
  const fill = f === undefined ? " " : argStr(f, `${name}() argument 2`);
  if (pyLen(fill) !== 1) throw typeError("The fill character must be exactly one character long");
  return [optInt(w, name, 0), fill];
}

function strJoin(sep: string, iterable: PyValue): string {
  const items = iterate(iterable);
  let total = 0;
  items.forEach((x, i) => {
    if (typeof x !== "string") throw typeError(`sequence item ${i}: expected str instance, ${typeNameOf(x)} found`);
    total += x.length + sep.length;
  });
  checkSize(total);
  return (items as string[]).join(sep);
}

function stripArg(name: string, args: PyValue[], kwargs: Kwargs): string | null {
  const [c] = bind(name, args, kwargs, ["chars"]);
  if (c === undefined || c === null) return null;
  if (typeof c !== "string") throw typeError(`${name} arg must be None or str`);
  return c;
}

function splitArgs(name: string, args: PyValue[], kwargs: Kwargs): [string | null, number] {
  const [sep, max] = bind(name, args, kwargs, ["sep", "maxsplit"]);
  if (sep !== undefined && sep !== null && typeof sep !== "string") throw typeError(`must be str or None, not ${typeNameOf(sep)}`);
  return [(sep as string | undefined) ?? null, optInt(max, name, -1)];
}

const STR_METHODS: Record<string, Impl<string>> = {
  split: (_rt, s, a, k) => pySplit(s, ...splitArgs("split", a, k)),
  rsplit: (_rt, s, a, k) => pyRSplit(s, ...splitArgs("rsplit", a, k)),
  splitlines: (_rt, s, a, k) => {
    const [ke] = bind("splitlines", a, k, ["keepends"]);
    return pySplitLines(s, ke !== undefined && ke !== null && ke !== false && ke !== 0);
  },
  strip: (_rt, s, a, k) => pyStrip(s, stripArg("strip", a, k)),
  lstrip: (_rt, s, a, k) => pyStrip(s, stripArg("lstrip", a, k), true, false),
  rstrip: (_rt, s, a, k) => pyStrip(s, stripArg("rstrip", a, k), false, true),
  lower: (_rt, s, a, k) => (bind("lower", a, k, []), s.toLowerCase()),
  upper: (_rt, s, a, k) => (bind("upper", a, k, []), s.toUpperCase()),
  casefold: (_rt, s) => s.toLowerCase(),
  title: (_rt, s) => pyTitle(s),
  capitalize: (_rt, s) => pyCapitalize(s),
  swapcase: (_rt, s) => pySwapcase(s),
  replace: (_rt, s, a, k) => {
    const [o, n, c] = bind("replace", a, k, ["old", "new", "count"], 2);
    return pyReplace(s, argStr(o, "replace() argument 1"), argStr(n, "replace() argument 2"), optInt(c, "count", -1));
  },
  startswith: (_rt, s, a, k) => affix(s, a, k, "startswith", false),
  endswith: (_rt, s, a, k) => affix(s, a, k, "endswith", true),
  join: (_rt, s, a, k) => {
    const [it] = bind("join", a, k, ["iterable"], 1);
    return strJoin(s, it!);
  },
  format: (_rt, s, a, k) => strFormat(s, a, k),
  count: (_rt, s, a, k) => strCount(s, a, k),
  find: (_rt, s, a, k) => find(s, a, k, "find", false),
  rfind: (_rt, s, a, k) => find(s, a, k, "rfind", true),
  index: (_rt, s, a, k) => {
    const i = find(s, a, k, "index", false);
    if (i < 0) throw new PyError("ValueError", "substring not found");
    return i;
  },
  rindex: (_rt, s, a, k) => {
    const i = find(s, a, k, "rindex", true);
    if (i < 0) throw new PyError("ValueError", "substring not found");
    return i;
  },
  isdigit: (_rt, s) => pyIsDigit(s),
  isdecimal: (_rt, s) => pyIsDecimal(s),
  isnumeric: (_rt, s) => pyIsNumeric(s),
  isalpha: (_rt, s) => pyIsAlpha(s),
  isalnum: (_rt, s) => pyIsAlnum(s),
  isupper: (_rt, s) => pyIsUpper(s),
  islower: (_rt, s) => pyIsLower(s),
  isspace: (_rt, s) => pyIsSpaceStr(s),
  istitle: (_rt, s) => pyIsTitle(s),
  isascii: (_rt, s) => /^[\x00-\x7f]*$/.test(s),
  isidentifier: (_rt, s) => /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(s),
  isprintable: (_rt, s) => !/[\p{C}\p{Z}]/u.test(s.replace(/ /g, "")),
  zfill: (_rt, s, a, k) => {
    const [w] = bind("zfill", a, k, ["width"], 1);
    const width = optInt(w, "zfill", 0);
    const len = pyLen(s);
    if (len >= width) return s;
    checkSize(width);
    const sign = s[0] === "+" || s[0] === "-" ? s[0] : "";
    return sign + "0".repeat(width - len) + s.slice(sign.length);
  },
  center: (_rt, s, a, k) => pad(s, ...fillArgs("center", a, k), "center"),
  ljust: (_rt, s, a, k) => pad(s, ...fillArgs("ljust", a, k), "left"),
  rjust: (_rt, s, a, k) => pad(s, ...fillArgs("rjust", a, k), "right"),
  partition: (_rt, s, a, k) => {
    const [sep] = bind("partition", a, k, ["sep"], 1);
    const p = argStr(sep, "must be str");
    if (p === "") throw new PyError("ValueError", "empty separator");
    const i = s.indexOf(p);
    return i < 0 ? new PyTuple([s, "", ""]) : new PyTuple([s.slice(0, i), p, s.slice(i + p.length)]);
  },
  rpartition: (_rt, s, a, k) => {
    const [sep] = bind("rpartition", a, k, ["sep"], 1);
    const p = argStr(sep, "must be str");
    if (p === "") throw new PyError("ValueError", "empty separator");
    const i = s.lastIndexOf(p);
    return i < 0 ? new PyTuple(["", "", s]) : new PyTuple([s.slice(0, i), p, s.slice(i + p.length)]);
  },
  removeprefix: (_rt, s, a, k) => {
    const p = argStr(bind("removeprefix", a, k, ["prefix"], 1)[0], "must be str");
    return p && s.startsWith(p) ? s.slice(p.length) : s;
  },
  removesuffix: (_rt, s, a, k) => {
    const p = argStr(bind("removesuffix", a, k, ["suffix"], 1)[0], "must be str");
    return p && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
  },
  expandtabs: (_rt, s, a, k) => pyExpandTabs(s, optInt(bind("expandtabs", a, k, ["tabsize"])[0], "tabsize", 8)),
};

// ------------------------------------------------------------------ str.format

function formatField(rt: Runtime, value: PyValue, conv: string | undefined, spec: string): string {
  if (conv === "r" || conv === "a") value = pyRepr(value);
  else if (conv === "s") value = pyStr(value);
  return formatValue(value, spec);
}

/** Python's format(value, spec) for str, int, float, bool and None. */
export function formatValue(value: PyValue, spec: string): string {
  if (spec === "") return pyStr(value);
  for (const n of spec.match(/\d+/g) ?? []) checkSize(Number(n));
  const m = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su.exec(spec);
  if (!m) throw new PyError("ValueError", "Invalid format specifier");
  let [, fill, align, sign, , alt, zero, widthS, grouping, precS, type] = m;
  const width = widthS ? Number(widthS) : 0;
  const prec = precS !== undefined ? Number(precS) : undefined;
  let body: string;
  let numeric = false;
  if (typeof value === "string" || value instanceof PyUndefined) {
    if (type && type !== "s") throw new PyError("ValueError", `Unknown format code '${type}' for object of type 'str'`);
    body = pyStr(value);
    if (prec !== undefined) body = Array.from(body).slice(0, prec).join("");
  } else if (typeof value === "number" || typeof value === "boolean" || value instanceof PyFloat) {
    numeric = true;
    const x = numOf(value)!;
    const isFloat = value instanceof PyFloat;
    if (!type && !isFloat) body = intStr(Math.abs(x));
    else if (!type) body = prec === undefined ? pyStr(new PyFloat(Math.abs(x))) : formatNumber(Math.abs(x), "g", prec, !!alt, true).replace(/^(\d+)$/, "$1");
    else if (type === "%") body = fixed(Math.abs(x) * 100, prec ?? 6) + "%";
    else if (type === "n") body = formatNumber(Math.abs(x), isFloat ? "g" : "d", prec, !!alt, isFloat);
    else if (type === "c") body = String.fromCodePoint(x);
    else if (type === "b") body = (alt ? "0b" : "") + Math.abs(x).toString(2);
    else if ("dxXo".includes(type) && isFloat) throw new PyError("ValueError", `Unknown format code '${type}' for object of type 'float'`);
    else body = formatNumber(Math.abs(x), type, "eEfFgG".includes(type) ? (prec ?? 6) : prec, !!alt, isFloat);
    if (grouping) {
      const [ip, fp] = body.split(".");
      const grouped = /^\d+$/.test(ip) ? ip.replace(/\B(?=(\d{3})+(?!\d))/g, grouping) : ip;
      body = fp !== undefined ? grouped + "." + fp : grouped;
    }
    const neg = x < 0 || Object.is(x, -0);
    const signStr = neg ? "-" : sign === "+" ? "+" : sign === " " ? " " : "";
    if (zero && !align) {
      fill = "0";
      align = "=";
    }
    if (align === "=") {
      const w = width - signStr.length;
      body = signStr + (body.length < w ? (fill ?? " ").repeat(w - body.length) + body : body);
      return body;
    }
    body = signStr + body;
  } else {
    throw typeError(`unsupported format string passed to ${typeNameOf(value)}.__format__`);
  }
  const len = pyLen(body);
  if (len >= width) return body;
  const f = fill ?? " ";
  const a = align ?? (numeric ? ">" : "<");
  const n = width - len;
  if (a === "<") return body + f.repeat(n);
  if (a === ">") return f.repeat(n) + body;
  const left = Math.floor(n / 2);
  return f.repeat(left) + body + f.repeat(n - left);
}

export function strFormat(fmt: string, args: PyValue[], kwargs: Kwargs, rt?: Runtime): string {
  let out = "";
  let auto = 0;
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i];
    if (c === "{") {
      if (fmt[i + 1] === "{") {
        out += "{";
        i += 2;
        continue;
      }
      let depth = 1;
      let j = i + 1;
      while (j < fmt.length && depth) {
        if (fmt[j] === "{") depth++;
        else if (fmt[j] === "}") depth--;
        j++;
      }
      if (depth) throw new PyError("ValueError", "expected '}' before end of string");
      const field = fmt.slice(i + 1, j - 1);
      i = j;
      const m = /^([^.[!:]*)((?:\.[^.[!:]+|\[[^\]]*\])*)(?:!([rsa]))?(?::(.*))?$/s.exec(field);
      if (!m) throw new PyError("ValueError", "unmatched '{' in format spec");
      const [, name, path, conv, specRaw] = m;
      let v: PyValue;
      if (name === "") {
        if (auto >= args.length) throw new PyError("IndexError", `Replacement index ${auto} out of range for positional args tuple`);
        v = args[auto++];
      } else if (/^\d+$/.test(name)) {
        const n = Number(name);
        if (n >= args.length) throw new PyError("IndexError", `Replacement index ${n} out of range for positional args tuple`);
        v = args[n];
      } else {
        if (!kwargs || !kwargs.has(name)) throw new PyError("KeyError", `'${name}'`);
        v = kwargs.get(name)!;
      }
      for (const pm of path.matchAll(/\.([^.[]+)|\[([^\]]*)\]/g)) {
        if (pm[1] !== undefined) {
          const a = pm[1];
          const mth = getMethod(v, a);
          if (mth === undefined) throw new PyError("AttributeError", `'${typeNameOf(v)}' object has no attribute '${a}'`);
          v = mth;
        } else {
          const key: PyValue = /^\d+$/.test(pm[2]) ? Number(pm[2]) : pm[2];
          if (v instanceof PyDict) {
            if (!v.has(key)) throw new PyError("KeyError", pyRepr(key));
            v = v.get(key)!;
          } else if (Array.isArray(v) || v instanceof PyTuple) {
            const items = Array.isArray(v) ? v : v.items;
            if (typeof key !== "number") throw typeError("list indices must be integers or slices, not str");
            if (key >= items.length) throw new PyError("IndexError", "list index out of range");
            v = items[key];
          } else throw typeError(`'${typeNameOf(v)}' object is not subscriptable`);
        }
      }
      const spec = specRaw === undefined ? "" : specRaw.includes("{") ? strFormat(specRaw, args, kwargs, rt) : specRaw;
      out += formatField(rt!, v, conv, spec);
      checkSize(out.length);
      continue;
    }
    if (c === "}") {
      if (fmt[i + 1] === "}") {
        out += "}";
        i += 2;
        continue;
      }
      throw new PyError("ValueError", "Single '}' encountered in format string");
    }
    out += c;
    i++;
  }
  return out;
}

// ------------------------------------------------------------------ list

function listIndex(items: readonly PyValue[], args: PyValue[], kwargs: Kwargs, what: string): number {
  const [x, start, end] = bind("index", args, kwargs, ["value", "start", "stop"], 1);
  const [a, b] = sliceIndices(start ?? null, end ?? null, 1, items.length);
  for (let i = a; i < b; i++) if (pyEq(items[i], x!)) return i;
  throw new PyError("ValueError", what === "list" ? `${pyRepr(x!)} is not in list` : "tuple.index(x): x not in tuple");
}

function count(items: readonly PyValue[], args: PyValue[], kwargs: Kwargs): number {
  const [x] = bind("count", args, kwargs, ["value"], 1);
  let n = 0;
  for (const y of items) if (pyEq(y, x!)) n++;
  return n;
}

/**
 * The order Python's sorted(keys, reverse=...) gives, as indexes: a stable sort using only `<`;
 * reverse=True sorts the reversed list and reverses the result, as CPython does (stable, and
 * the comparisons, hence any TypeError message, happen in Python's order).
 */
export function pySortOrder(keys: PyValue[], reverse: boolean): number[] {
  const idx = keys.map((_, i) => i);
  if (reverse) idx.reverse();
  idx.sort((i, j) => (pyLt(keys[i], keys[j]) ? -1 : pyLt(keys[j], keys[i]) ? 1 : 0));
  if (reverse) idx.reverse();
  return idx;
}

export function sortValues(rt: Runtime, items: PyValue[], key: PyValue | undefined, reverse: boolean): void {
  rt.step(items.length);
  const keys = key instanceof PyCallable ? items.map((x) => key.call(rt, [x], null)) : items;
  const sorted = pySortOrder(keys, reverse).map((i) => items[i]);
  for (let i = 0; i < items.length; i++) items[i] = sorted[i];
}

const LIST_METHODS: Record<string, Impl<PyValue[]>> = {
  append: (_rt, l, a, k) => {
    const [x] = bind("append", a, k, ["object"], 1);
    checkSize(l.length + 1);
    l.push(x!);
    return null;
  },
  extend: (_rt, l, a, k) => {
    const [it] = bind("extend", a, k, ["iterable"], 1);
    const items = iterate(it!);
    checkSize(l.length + items.length);
    if (items === l) l.push(...items.slice());
    else for (const x of items) l.push(x);
    return null;
  },
  insert: (_rt, l, a, k) => {
    const [i, x] = bind("insert", a, k, ["index", "object"], 2);
    checkSize(l.length + 1);
    let n = optInt(i, "insert", 0);
    if (n < 0) n = Math.max(0, n + l.length);
    l.splice(Math.min(n, l.length), 0, x!);
    return null;
  },
  pop: (_rt, l, a, k) => {
    const [i] = bind("pop", a, k, ["index"]);
    if (!l.length) throw new PyError("IndexError", "pop from empty list");
    let n = optInt(i, "pop", -1);
    if (n < 0) n += l.length;
    if (n < 0 || n >= l.length) throw new PyError("IndexError", "pop index out of range");
    return l.splice(n, 1)[0];
  },
  remove: (_rt, l, a, k) => {
    const [x] = bind("remove", a, k, ["value"], 1);
    const i = l.findIndex((y) => pyEq(y, x!));
    if (i < 0) throw new PyError("ValueError", "list.remove(x): x not in list");
    l.splice(i, 1);
    return null;
  },
  index: (_rt, l, a, k) => listIndex(l, a, k, "list"),
  count: (_rt, l, a, k) => count(l, a, k),
  reverse: (_rt, l) => (l.reverse(), null),
  sort: (rt, l, a, k) => {
    if (a.length) throw typeError("sort() takes no positional arguments");
    const [key, rev] = bind("sort", [], k, ["key", "reverse"]);
    sortValues(rt, l, key === null ? undefined : key, rev !== undefined && rev !== null && rev !== false && rev !== 0);
    return null;
  },
  copy: (_rt, l) => l.slice(),
  clear: (_rt, l) => ((l.length = 0), null),
};

const TUPLE_METHODS: Record<string, Impl<PyTuple>> = {
  index: (_rt, t, a, k) => listIndex(t.items, a, k, "tuple"),
  count: (_rt, t, a, k) => count(t.items, a, k),
};

// ------------------------------------------------------------------ dict

function checkHashable(k: PyValue): void {
  if (Array.isArray(k) || k instanceof PyDict) throw typeError(`unhashable type: '${typeNameOf(k)}'`);
}

function dictUpdate(d: PyDict, src: PyValue | undefined, kwargs: Kwargs): void {
  if (src !== undefined) {
    if (src instanceof PyDict) for (const [k, v] of src.entries()) d.set(k, v);
    else {
      iterate(src).forEach((pair, i) => {
        const kv = iterate(pair);
        if (kv.length !== 2)
          throw new PyError("ValueError", `dictionary update sequence element #${i} has length ${kv.length}; 2 is required`);
        checkHashable(kv[0]);
        d.set(kv[0], kv[1]);
      });
    }
  }
  if (kwargs) for (const [k, v] of kwargs) d.set(k, v);
  checkSize(d.size);
}

const DICT_METHODS: Record<string, Impl<PyDict>> = {
  get: (_rt, d, a, k) => {
    const [key, dflt] = bind("get", a, k, ["key", "default"], 1);
    checkHashable(key!);
    const v = d.get(key!);
    return v === undefined ? (dflt ?? null) : v;
  },
  keys: (_rt, d) => new PyDictView(d, "keys"),
  values: (_rt, d) => new PyDictView(d, "values"),
  items: (_rt, d) => new PyDictView(d, "items"),
  update: (_rt, d, a, k) => {
    if (a.length > 1) throw typeError(`update expected at most 1 argument, got ${a.length}`);
    dictUpdate(d, a[0], k);
    return null;
  },
  pop: (_rt, d, a, k) => {
    const [key, dflt] = bind("pop", a, k, ["key", "default"], 1);
    checkHashable(key!);
    const v = d.get(key!);
    if (v === undefined) {
      if (dflt === undefined) throw new PyError("KeyError", pyRepr(key!));
      return dflt;
    }
    d.delete(key!);
    return v;
  },
  popitem: (_rt, d) => {
    const last = [...d.entries()].pop();
    if (!last) throw new PyError("KeyError", "'popitem(): dictionary is empty'");
    d.delete(last[0]);
    return new PyTuple(last);
  },
  setdefault: (_rt, d, a, k) => {
    const [key, dflt] = bind("setdefault", a, k, ["key", "default"], 1);
    checkHashable(key!);
    const v = d.get(key!);
    if (v !== undefined) return v;
    d.set(key!, dflt ?? null);
    return dflt ?? null;
  },
  copy: (_rt, d) => PyDict.fromEntries(d.entries()),
  clear: (_rt, d) => (d.clear(), null),
};

/** The bound method `obj.name`, if `name` is an allow-listed method of obj's type. */
export function getMethod(obj: PyValue, name: string): PyBoundMethod | undefined {
  let impl: Impl<never> | undefined;
  if (typeof obj === "string") impl = own(STR_METHODS, name);
  else if (Array.isArray(obj)) impl = own(LIST_METHODS, name);
  else if (obj instanceof PyDict) impl = own(DICT_METHODS, name);
  else if (obj instanceof PyTuple) impl = own(TUPLE_METHODS, name);
  else if (obj instanceof PyFloat && name === "is_integer") impl = ((_rt: Runtime, f: PyFloat) => Number.isInteger(f.value)) as Impl<never>;
  if (impl === undefined) return undefined;
  return new PyBoundMethod(obj, name, impl as Impl<PyValue>);
}

/** Whether `d.name` is an allow-listed dict method (for lint: a method, not a missing key). */
export function isDictMethod(name: string): boolean {
  return own(DICT_METHODS, name) !== undefined;
}

function own<T>(table: Record<string, T>, name: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

export { dictUpdate };
