/**
 * Jinja2 3.1's built-in filters (jinja2/filters.py) with their Python behaviour, plus
 * PromptSource's `choice`, `most_frequent` and `highlight`. Filters that Jinja marks
 * pass_context (map, select, reject, selectattr, rejectattr, random) are flagged `context`: the
 * optimizer never folds them.
 */
import { bind, optInt } from "./args";
import type { Interpreter } from "./interpreter";
import { getItem, pyGetattr } from "./interpreter";
import { pyReplace, pySortOrder, sortValues, formatValue } from "./methods";
import {
  checkSize,
  fixed,
  missingAttr,
  intStr,
  isIterable,
  iterate,
  numOf,
  pyAdd,
  pyEq,
  pyLenOf,
  pyLt,
  pyMod,
  pyRepr,
  pyStr,
  strRepr,
  truthy,
  typeError,
  undefinedError,
} from "./py-ops";
import { floatRepr } from "./py-float";
import { cpToUtf16, hasSurrogates, pyCapitalize, pyLen, pySplit, pySplitLines, pyStrip } from "./py-str";
import { GroupTuple, PyIterator, PyRange, type Kwargs } from "./runtime-objects";
import { PyDict, PyError, PyFloat, PyObject, PyTuple, PyUndefined, dictKeyOf, typeNameOf, type PyValue } from "./values";

export interface FilterDef {
  fn: (it: Interpreter, value: PyValue, args: PyValue[], kwargs: Kwargs) => PyValue;
  /** Jinja passes the context: never evaluated at compile time */
  context?: boolean;
}

function f(fn: FilterDef["fn"], context = false): FilterDef {
  return { fn, context };
}

function generator(items: PyValue[]): PyIterator {
  return new PyIterator("generator", items);
}

function isTrue(v: PyValue | undefined): boolean {
  return v !== undefined && truthy(v);
}

/** str(value) for the string filters (soft_str). */
function s(v: PyValue): string {
  return typeof v === "string" ? v : pyStr(v);
}

function ignoreCase(v: PyValue): PyValue {
  return typeof v === "string" ? v.toLowerCase() : v;
}

/** Jinja's _prepare_attribute_parts + make_attrgetter (item lookup first, then attribute). */
function attrGetter(attribute: PyValue | undefined, postprocess: ((v: PyValue) => PyValue) | null, dflt: PyValue | undefined = undefined): (v: PyValue) => PyValue {
  let parts: PyValue[];
  if (attribute === undefined || attribute === null) parts = [];
  else if (typeof attribute === "string") parts = attribute.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  else parts = [attribute];
  return (item: PyValue) => {
    for (const p of parts) item = getItem(item, p);
    if (dflt !== undefined && dflt !== null && item instanceof PyUndefined) item = dflt;
    return postprocess ? postprocess(item) : item;
  };
}

function multiAttrGetter(attribute: PyValue | undefined, postprocess: ((v: PyValue) => PyValue) | null): (v: PyValue) => PyValue {
  if (typeof attribute === "string" && attribute.includes(",")) {
    const getters = attribute.split(",").map((a) => attrGetter(a, postprocess));
    return (v) => getters.map((g) => g(v));
  }
  return attrGetter(attribute, postprocess);
}

const ND = /\p{Nd}/u;

/** Python's int() and float() accept any Unicode decimal digit: map them to ASCII. */
function asciiDigits(t: string): string {
  if (/^[\x00-\x7f]*$/.test(t)) return t;
  return t.replace(/\p{Nd}/gu, (c) => {
    const cp = c.codePointAt(0)!;
    let start = cp;
    while (ND.test(String.fromCodePoint(start - 1))) start--;
    return String((cp - start) % 10);
  });
}

/** Python's int(x) on a str (base 10, whitespace and underscores allowed). */
export function parsePyInt(text: string, base = 10): number | null {
  const t = asciiDigits(pyStrip(text));
  if (base === 10) {
    if (!/^[+-]?\d+(_\d+)*$/.test(t)) return null;
    return Number(t.replace(/_/g, ""));
  }
  let body = t.replace(/^[+-]/, "");
  const neg = t.startsWith("-");
  if (base === 16) body = body.replace(/^0x/i, "");
  else if (base === 8) body = body.replace(/^0o/i, "");
  else if (base === 2) body = body.replace(/^0b/i, "");
  body = body.replace(/(?<=[0-9a-z])_(?=[0-9a-z])/gi, "");
  const digits = "0123456789abcdefghijklmnopqrstuvwxyz".slice(0, base);
  if (!body || ![...body.toLowerCase()].every((c) => digits.includes(c))) return null;
  const n = parseInt(body, base);
  return neg ? -n : n;
}

/** Python's float(str), or null when Python raises ValueError. */
export function parsePyFloat(text: string): number | null {
  const t = asciiDigits(pyStrip(text)).toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(t)) return t.startsWith("-") ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(t)) return NaN;
  if (!/^[+-]?((\d(_?\d)*)(\.(\d(_?\d)*)?)?|\.\d(_?\d)*)(e[+-]?\d(_?\d)*)?$/.test(t)) return null;
  return Number(t.replace(/_/g, ""));
}

function toInt(value: PyValue, dflt: PyValue, base: number): PyValue {
  if (typeof value === "string") {
    const n = parsePyInt(value, base);
    if (n !== null) return n;
    const x = parsePyFloat(value);
    if (x === null || Number.isNaN(x)) return dflt;
    if (!Number.isFinite(x)) throw new PyError("OverflowError", "cannot convert float infinity to integer");
    return Math.trunc(x);
  }
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof PyFloat) {
    if (Number.isNaN(value.value)) return dflt;
    if (!Number.isFinite(value.value)) throw new PyError("OverflowError", "cannot convert float infinity to integer");
    return Math.trunc(value.value);
  }
  if (value instanceof PyUndefined) throw undefinedError(value);
  return dflt;
}

function toFloat(value: PyValue, dflt: PyValue): PyValue {
  if (typeof value === "string") {
    const x = parsePyFloat(value);
    return x === null ? dflt : new PyFloat(x);
  }
  if (value instanceof PyFloat) return value;
  if (typeof value === "number" || typeof value === "boolean") return new PyFloat(Number(value));
  if (value instanceof PyUndefined) throw undefinedError(value);
  return dflt;
}

/** Python's round(x, n) on a float: correctly rounded, ties to even. */
export function pyRound(x: number, n: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  if (n > 300) return x;
  if (n < 0) {
    const p = 10 ** -n;
    const y = x / p;
    let r = Math.round(y);
    if (Math.abs(y % 1) === 0.5 && r % 2 !== 0) r -= Math.sign(y);
    return r * p;
  }
  if (Math.abs(x) >= 1e21) return x;
  return Number(fixed(x, Math.min(n, 100)));
}

function roundFilter(_it: Interpreter, value: PyValue, args: PyValue[], kw: Kwargs): PyValue {
  const [p, m] = bind("round", args, kw, ["precision", "method"]);
  const precision = optInt(p, "precision", 0);
  const method = m === undefined ? "common" : m;
  if (method !== "common" && method !== "ceil" && method !== "floor")
    throw new PyError("FilterArgumentError", "method must be common, ceil or floor");
  const x = numOf(value);
  if (x === undefined) {
    if (value instanceof PyUndefined) throw undefinedError(value);
    throw typeError(`type ${typeNameOf(value)} doesn't define __round__ method`);
  }
  if (method === "common") {
    if (!(value instanceof PyFloat)) {
      if (precision >= 0) return typeof value === "boolean" ? Number(value) : x;
      const p10 = 10 ** -precision;
      const q = x / p10;
      let r = Math.round(q);
      if (Math.abs(q % 1) === 0.5 && r % 2 !== 0) r -= Math.sign(q);
      return r * p10;
    }
    return new PyFloat(pyRound(x, precision));
  }
  const p10 = 10 ** precision;
  return new PyFloat((method === "ceil" ? Math.ceil(x * p10) : Math.floor(x * p10)) / p10);
}

/** Jinja's defaults for truncate's `end` and `leeway` */
export const TRUNCATE_END = "...";
export const TRUNCATE_LEEWAY = 5;

function truncate(_it: Interpreter, value: PyValue, args: PyValue[], kw: Kwargs): PyValue {
  const [l, kwds, e, lw] = bind("truncate", args, kw, ["length", "killwords", "end", "leeway"]);
  const length = optInt(l, "length", 255);
  const end = e === undefined ? TRUNCATE_END : s(e);
  const leeway = lw === undefined || lw === null ? TRUNCATE_LEEWAY : optInt(lw, "leeway", TRUNCATE_LEEWAY);
  if (length < pyLen(end)) throw new PyError("AssertionError", `expected length >= ${pyLen(end)}, got ${length}`);
  if (leeway < 0) throw new PyError("AssertionError", `expected leeway >= 0, got ${leeway}`);
  if (typeof value !== "string") {
    if (value instanceof PyUndefined) return truncateStr("", length, end, leeway, isTrue(kwds));
    pyLenOf(value);
    throw typeError("truncate needs a string");
  }
  return truncateStr(value, length, end, leeway, isTrue(kwds));
}

export function truncateStr(str: string, length: number, end: string, leeway: number, killwords: boolean): string {
  // UTF-16 length >= code points: most strings are decided without counting
  if (str.length <= length + leeway) return str;
  const keep = Math.max(0, length - pyLen(end));
  let head: string;
  // Only the first length + leeway + 1 code points matter (PromptSource puts a truncate on every
  // `}}`): a long text without surrogates there is not scanned further. One with them is indexed
  // once (pyLen's cache: rows come back with every template of the split).
  if (!hasSurrogates(str.slice(0, length + leeway + 1))) head = str.slice(0, keep);
  else {
    if (pyLen(str) <= length + leeway) return str;
    head = str.slice(0, cpToUtf16(str, keep));
  }
  if (killwords) return head + end;
  const sp = head.lastIndexOf(" ");
  return (sp < 0 ? head : head.slice(0, sp)) + end;
}

function join(_it: Interpreter, value: PyValue, args: PyValue[], kw: Kwargs): PyValue {
  const [d, attribute] = bind("join", args, kw, ["d", "attribute"]);
  let items = iterate(value);
  if (attribute !== undefined && attribute !== null) items = items.map(attrGetter(attribute, null));
  const sep = d === undefined ? "" : s(d);
  // a loop, not map's closure: a closure over `total` costs a context on every call (README, "Speed")
  const strs = new Array<string>(items.length);
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    const t = typeof x === "string" ? x : pyStr(x);
    total += t.length + sep.length;
    strs[i] = t;
  }
  checkSize(total);
  return strs.join(sep);
}

function selectOrReject(it: Interpreter, value: PyValue, args: PyValue[], kw: Kwargs, keep: boolean, lookupAttr: boolean): PyValue {
  if (!truthy(value)) return generator([]);
  let trans: (v: PyValue) => PyValue = (x) => x;
  let off = 0;
  if (lookupAttr) {
    if (!args.length) throw new PyError("FilterArgumentError", "Missing parameter for attribute name");
    trans = attrGetter(args[0], null);
    off = 1;
  }
  let test: (v: PyValue) => boolean;
  if (args.length > off) {
    const name = args[off];
    const rest = args.slice(off + 1);
    test = (x) => it.testByName(s(name), x, rest, kw);
  } else test = truthy;
  const out: PyValue[] = [];
  for (const x of iterate(value)) {
    it.rt.step();
    if (test(trans(x)) === keep) out.push(x);
  }
  return generator(out);
}

function minMax(it: Interpreter, value: PyValue, args: PyValue[], kw: Kwargs, wantMax: boolean): PyValue {
  const [cs, attribute] = bind(wantMax ? "max" : "min", args, kw, ["case_sensitive", "attribute"]);
  const items = iterate(value);
  if (!items.length) return new PyUndefined(null, "No aggregated item, sequence was empty.");
  const key = attrGetter(attribute, isTrue(cs) ? null : ignoreCase);
  it.rt.step(items.length);
  let best = items[0];
  let bestKey = key(best);
  for (let i = 1; i < items.length; i++) {
    const k = key(items[i]);
    if (wantMax ? pyLt(bestKey, k) : pyLt(k, bestKey)) {
      best = items[i];
      bestKey = k;
    }
  }
  return best;
}

function unique(it: Interpreter, value: PyValue, args: PyValue[], kw: Kwargs): PyValue {
  const [cs, attribute] = bind("unique", args, kw, ["case_sensitive", "attribute"]);
  const key = attrGetter(attribute, isTrue(cs) ? null : ignoreCase);
  const seen = new Set<unknown>();
  const out: PyValue[] = [];
  for (const x of iterate(value)) {
    it.rt.step();
    const k = dictKeyOf(key(x));
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return generator(out);
}

function sortFilter(it: Interpreter, value: PyValue, args: PyValue[], kw: Kwargs): PyValue {
  const [rev, cs, attribute] = bind("sort", args, kw, ["reverse", "case_sensitive", "attribute"]);
  const items = iterate(value).slice();
  const key = multiAttrGetter(attribute, isTrue(cs) ? null : ignoreCase);
  const keys = items.map(key);
  it.rt.step(items.length);
  const idx = pySortOrder(keys, isTrue(rev));
  return idx.map((i) => items[i]);
}

function escapeHtml(v: string): string {
  return v.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" })[c]!);
}

function unescapeHtml(v: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
  return v.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, g: string) => {
    if (g[0] === "#") {
      const cp = g[1] === "x" || g[1] === "X" ? parseInt(g.slice(2), 16) : parseInt(g.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return named[g] ?? m;
  });
}

/** json.dumps(value, sort_keys=True) made HTML-safe, as Jinja's tojson. */
function jsonDumps(v: PyValue, indent: number | null, level = 0): string {
  if (v === null) return "null";
  if (v === true) return "true";
  if (v === false) return "false";
  if (typeof v === "number") return intStr(v);
  if (v instanceof PyFloat) {
    const x = v.value;
    return Number.isNaN(x) ? "NaN" : x === Infinity ? "Infinity" : x === -Infinity ? "-Infinity" : floatRepr(x);
  }
  if (typeof v === "string")
    return '"' + v.replace(/[\\"\u0000-\u001f\u007f-\uffff]/g, (c) => {
      const m: Record<string, string> = { "\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };
      return m[c] ?? "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
    }) + '"';
  if (indent !== null) checkSize(indent * (level + 1));
  const nl = indent === null ? "" : "\n" + " ".repeat(Math.max(0, indent * (level + 1)));
  const close = indent === null ? "" : "\n" + " ".repeat(Math.max(0, indent * level));
  const sep = indent === null ? ", " : ",";
  if (Array.isArray(v) || v instanceof PyTuple) {
    const items = Array.isArray(v) ? v : v.items;
    if (!items.length) return "[]";
    return "[" + nl + items.map((x) => jsonDumps(x, indent, level + 1)).join(sep + nl) + close + "]";
  }
  if (v instanceof PyDict) {
    if (!v.size) return "{}";
    const entries = [...v.entries()].map(([k, x]): [string, PyValue] => {
      let key: string;
      if (typeof k === "string") key = k;
      else if (k === null) key = "null";
      else if (typeof k === "boolean") key = k ? "true" : "false";
      else if (typeof k === "number" || k instanceof PyFloat) key = pyStr(k);
      else throw typeError(`keys must be str, int, float, bool or None, not ${typeNameOf(k)}`);
      return [key, x];
    });
    entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return "{" + nl + entries.map(([k, x]) => jsonDumps(k, indent) + ": " + jsonDumps(x, indent, level + 1)).join(sep + nl) + close + "}";
  }
  throw typeError(`Object of type ${typeNameOf(v)} is not JSON serializable`);
}

function urlQuote(v: string, safe: string, plus = false): string {
  if (plus) return urlQuote(v, safe + " ").replace(/ /g, "+");
  let out = "";
  for (const b of new TextEncoder().encode(v)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9_.\-~]/.test(c) || safe.includes(c)) out += c;
    else out += "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

function wordwrap(text: string, width: number, breakLong: boolean, wrap: string, breakOnHyphens: boolean): string {
  const lines: string[] = [];
  for (const para of text.split(/\r\n|\r|\n/)) {
    const words = para.replace(/\t/g, "        ").split(breakOnHyphens ? /(\s+|(?<=\w-)(?=\w))/ : /(\s+)/).filter((w) => w !== "");
    let cur = "";
    const out: string[] = [];
    for (let w of words) {
      if (/^\s+$/.test(w)) {
        if (cur) cur += w;
        continue;
      }
      while (breakLong && w.length > width) {
        const room = width - cur.length;
        if (room > 0 && cur.trim() === "") {
          out.push((cur + w.slice(0, room)).trimEnd());
          w = w.slice(room);
          cur = "";
        } else if (cur.trim()) {
          out.push(cur.trimEnd());
          cur = "";
        } else {
          out.push(w.slice(0, width));
          w = w.slice(width);
        }
      }
      if (cur.length + w.length > width && cur.trim()) {
        out.push(cur.trimEnd());
        cur = w;
      } else cur = cur.trim() === "" ? w : cur + w;
    }
    if (cur.trim()) out.push(cur.trimEnd());
    lines.push(out.join(wrap));
  }
  return lines.join(wrap);
}

function filesizeformat(value: PyValue, binary: boolean): string {
  const bytes = numOf(value) ?? Number(s(value));
  const base = binary ? 1024 : 1000;
  const prefixes = binary ? ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"] : ["kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
  if (bytes === 1) return "1 Byte";
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  let unit = base;
  let prefix = prefixes[0];
  for (let i = 0; i < prefixes.length; i++) {
    unit = base ** (i + 2);
    prefix = prefixes[i];
    if (bytes < unit) return `${fixed((base * bytes) / unit, 1)} ${prefix}`;
  }
  return `${fixed((base * bytes) / unit, 1)} ${prefix}`;
}

export const FILTERS: Record<string, FilterDef> = Object.assign(Object.create(null) as Record<string, FilterDef>, {
  abs: f((_it, v) => {
    if (typeof v === "number") return Math.abs(v);
    if (typeof v === "boolean") return v ? 1 : 0;
    if (v instanceof PyFloat) return new PyFloat(Math.abs(v.value));
    if (v instanceof PyUndefined) throw undefinedError(v);
    throw typeError(`bad operand type for abs(): '${typeNameOf(v)}'`);
  }),
  attr: f((_it, v, a, k) => {
    const [name] = bind("attr", a, k, ["name"], 1);
    const key = s(name!);
    const r = pyGetattr(v, key);
    return r === undefined ? missingAttr(v, key) : r;
  }),
  batch: f((_it, v, a, k) => {
    const [lc, fill] = bind("batch", a, k, ["linecount", "fill_with"], 1);
    const n = optInt(lc, "linecount", 1);
    const out: PyValue[] = [];
    let tmp: PyValue[] = [];
    for (const x of iterate(v)) {
      if (tmp.length === n) {
        out.push(tmp);
        tmp = [];
      }
      tmp.push(x);
    }
    if (tmp.length) {
      if (fill !== undefined && fill !== null && tmp.length < n) while (tmp.length < n) tmp.push(fill);
      out.push(tmp);
    }
    return generator(out);
  }),
  capitalize: f((_it, v) => pyCapitalize(s(v))),
  center: f((_it, v, a, k) => {
    const [w] = bind("center", a, k, ["width"]);
    const width = optInt(w, "width", 80);
    const str = s(v);
    const len = pyLen(str);
    if (width <= len) return str;
    checkSize(width);
    const marg = width - len;
    const left = Math.floor(marg / 2) + (marg & width & 1);
    return " ".repeat(left) + str + " ".repeat(marg - left);
  }),
  count: f((_it, v) => pyLenOf(v)),
  default: f((_it, v, a, k) => {
    const [d, b] = bind("default", a, k, ["default_value", "boolean"]);
    if (v instanceof PyUndefined || (isTrue(b) && !truthy(v))) return d === undefined ? "" : d;
    return v;
  }),
  dictsort: f((it, v, a, k) => {
    const [cs, by, rev] = bind("dictsort", a, k, ["case_sensitive", "by", "reverse"]);
    if (!(v instanceof PyDict)) throw new PyError("AttributeError", `'${typeNameOf(v)}' object has no attribute 'items'`);
    const pos = by === undefined || by === "key" ? 0 : by === "value" ? 1 : -1;
    if (pos < 0) throw new PyError("FilterArgumentError", "You can only sort by either 'key' or 'value'");
    const items = [...v.entries()].map(([key, x]) => new PyTuple([key, x]));
    const keys = items.map((t) => (isTrue(cs) ? t.items[pos] : ignoreCase(t.items[pos])));
    it.rt.step(items.length);
    return pySortOrder(keys, isTrue(rev)).map((i) => items[i]);
  }),
  escape: f((_it, v) => escapeHtml(s(v))),
  filesizeformat: f((_it, v, a, k) => filesizeformat(v, isTrue(bind("filesizeformat", a, k, ["binary"])[0]))),
  first: f((_it, v) => {
    const items = iterate(v);
    return items.length ? items[0] : new PyUndefined(null, "No first item, sequence was empty.");
  }),
  float: f((_it, v, a, k) => {
    const [d] = bind("float", a, k, ["default"]);
    return toFloat(v, d === undefined ? new PyFloat(0) : d);
  }),
  format: f((_it, v, a, k) => {
    if (a.length && k && k.size) throw new PyError("FilterArgumentError", "can't handle positional and keyword arguments at the same time");
    return pyMod(s(v), k && k.size ? PyDict.fromEntries(k) : new PyTuple(a));
  }),
  groupby: f((it, v, a, k) => {
    const [attribute, dflt, cs] = bind("groupby", a, k, ["attribute", "default", "case_sensitive"], 1);
    const key = attrGetter(attribute, isTrue(cs) ? null : ignoreCase, dflt);
    const items = iterate(v).slice();
    const keys = items.map(key);
    it.rt.step(items.length);
    const idx = pySortOrder(keys, false);
    const out: PyValue[] = [];
    let curKey: PyValue | undefined;
    let cur: PyValue[] = [];
    for (const i of idx) {
      if (curKey !== undefined && pyEq(curKey, keys[i])) cur.push(items[i]);
      else {
        if (curKey !== undefined) out.push(new GroupTuple([curKey, cur]));
        curKey = keys[i];
        cur = [items[i]];
      }
    }
    if (curKey !== undefined) out.push(new GroupTuple([curKey, cur]));
    if (!isTrue(cs)) {
      // the grouper is the original value of the first item of the group
      const orig = attrGetter(attribute, null, dflt);
      return out.map((g) => new GroupTuple([orig(((g as PyTuple).items[1] as PyValue[])[0]), (g as PyTuple).items[1]]));
    }
    return out;
  }),
  highlight: f((_it, v) => {
    if (typeof v !== "string") throw typeError(`can only concatenate str (not "${typeNameOf(v)}") to str`);
    return "<span style='color: #F08080'>" + v + "</span>";
  }),
  indent: f((_it, v, a, k) => {
    const [w, first, blank] = bind("indent", a, k, ["width", "first", "blank"]);
    const width = typeof w === "string" ? 0 : optInt(w, "width", 4);
    checkSize(width);
    const ind = typeof w === "string" ? w : " ".repeat(Math.max(0, width));
    const str = s(v) + "\n";
    let rv: string;
    if (isTrue(blank)) rv = pySplitLines(str).join("\n" + ind);
    else {
      const lines = pySplitLines(str);
      rv = lines.shift() ?? "";
      if (lines.length) rv += "\n" + lines.map((l) => (l ? ind + l : l)).join("\n");
    }
    if (isTrue(first)) rv = ind + rv;
    return rv;
  }),
  int: f((_it, v, a, k) => {
    const [d, b] = bind("int", a, k, ["default", "base"]);
    return toInt(v, d === undefined ? 0 : d, optInt(b, "base", 10));
  }),
  items: f((_it, v) => {
    if (v instanceof PyUndefined) return generator([]);
    if (!(v instanceof PyDict)) throw typeError("Can only get item pairs from a mapping.");
    return new PyIterator("dict_itemiterator", [...v.entries()].map(([k, x]) => new PyTuple([k, x])));
  }),
  join: f(join),
  last: f((_it, v) => {
    if (v instanceof PyIterator) throw typeError(`'${v.typeName}' object is not reversible`);
    const items = iterate(v);
    return items.length ? items[items.length - 1] : new PyUndefined(null, "No last item, sequence was empty.");
  }),
  length: f((_it, v) => pyLenOf(v)),
  list: f((_it, v) => iterate(v).slice()),
  lower: f((_it, v) => s(v).toLowerCase()),
  map: f((it, v, a, k) => {
    let fn: (x: PyValue) => PyValue;
    if (a.length === 0 && k && k.has("attribute")) {
      const kw = new Map(k);
      const attribute = kw.get("attribute");
      kw.delete("attribute");
      const dflt = kw.get("default");
      kw.delete("default");
      if (kw.size) throw new PyError("FilterArgumentError", `Unexpected keyword argument '${kw.keys().next().value}'`);
      fn = attrGetter(attribute, null, dflt);
    } else {
      if (!a.length) throw new PyError("FilterArgumentError", "map requires a filter argument");
      const name = s(a[0]);
      const rest = a.slice(1);
      fn = (x) => it.filterByName(name, x, rest, k);
    }
    if (!truthy(v)) return generator([]);
    return generator(iterate(v).map((x) => fn(x)));
  }, true),
  max: f((it, v, a, k) => minMax(it, v, a, k, true)),
  min: f((it, v, a, k) => minMax(it, v, a, k, false)),
  pprint: f((_it, v) => pyRepr(v)),
  random: f((it, v) => {
    if (v instanceof PyUndefined) return new PyUndefined(null, "No random item, sequence was empty.");
    const n = pyLenOf(v);
    if (n === 0) return new PyUndefined(null, "No random item, sequence was empty.");
    return getItemStrict(v, it.rt.random.randbelow(n));
  }, true),
  reject: f((it, v, a, k) => selectOrReject(it, v, a, k, false, false), true),
  rejectattr: f((it, v, a, k) => selectOrReject(it, v, a, k, false, true), true),
  replace: f((_it, v, a, k) => {
    const [o, n, c] = bind("replace", a, k, ["old", "new", "count"], 2);
    return pyReplace(s(v), s(o!), s(n!), c === undefined || c === null ? -1 : optInt(c, "count", -1));
  }),
  reverse: f((_it, v) => {
    if (typeof v === "string") return Array.from(v).reverse().join("");
    if (Array.isArray(v)) return new PyIterator("list_reverseiterator", v.slice().reverse());
    if (v instanceof PyTuple || v instanceof PyRange || v instanceof PyDict)
      return new PyIterator("reversed", iterate(v).slice().reverse());
    return iterate(v).slice().reverse();
  }),
  round: f(roundFilter),
  safe: f((_it, v) => s(v)),
  select: f((it, v, a, k) => selectOrReject(it, v, a, k, true, false), true),
  selectattr: f((it, v, a, k) => selectOrReject(it, v, a, k, true, true), true),
  slice: f((_it, v, a, k) => {
    const [sl, fill] = bind("slice", a, k, ["slices", "fill_with"], 1);
    const n = optInt(sl, "slices", 1);
    const seq = iterate(v).slice();
    const length = seq.length;
    const per = Math.floor(length / n);
    const extra = length % n;
    let offset = 0;
    const out: PyValue[] = [];
    for (let i = 0; i < n; i++) {
      const start = offset + i * per;
      if (i < extra) offset++;
      const end = offset + (i + 1) * per;
      const tmp = seq.slice(start, end);
      if (fill !== undefined && fill !== null && i >= extra) tmp.push(fill);
      out.push(tmp);
    }
    return generator(out);
  }),
  sort: f(sortFilter),
  string: f((_it, v) => s(v)),
  striptags: f((_it, v) => {
    const t = s(v).replace(/<!--[\s\S]*?-->/g, "").replace(/<[\s\S]*?>/g, "");
    return unescapeHtml(pySplit(t, null).join(" "));
  }),
  sum: f((it, v, a, k) => {
    const [attribute, start] = bind("sum", a, k, ["attribute", "start"]);
    let items = iterate(v);
    if (attribute !== undefined && attribute !== null) items = items.map(attrGetter(attribute, null));
    let acc: PyValue = start === undefined ? 0 : start;
    it.rt.step(items.length);
    for (const x of items) acc = pyAdd(acc, x);
    return acc;
  }),
  title: f((_it, v) =>
    s(v)
      .split(/([-\s({[<]+)/u)
      .filter((x) => x)
      .map((x) => {
        const first = String.fromCodePoint(x.codePointAt(0)!);
        return first.toUpperCase() + x.slice(first.length).toLowerCase();
      })
      .join(""),
  ),
  tojson: f((_it, v, a, k) => {
    const [ind] = bind("tojson", a, k, ["indent"]);
    const text = jsonDumps(v, ind === undefined || ind === null ? null : optInt(ind, "indent", 0));
    return text.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/'/g, "\\u0027");
  }),
  trim: f((_it, v, a, k) => {
    const [c] = bind("trim", a, k, ["chars"]);
    if (c !== undefined && c !== null && typeof c !== "string") throw typeError("strip arg must be None or str");
    return pyStrip(s(v), (c as string | undefined) ?? null);
  }),
  truncate: f(truncate),
  unique: f(unique),
  upper: f((_it, v) => s(v).toUpperCase()),
  urlencode: f((_it, v) => {
    if (typeof v === "string") return urlQuote(v, "/");
    let pairs: [PyValue, PyValue][];
    if (v instanceof PyDict) pairs = [...v.entries()];
    else if (isIterable(v) && !(v instanceof PyUndefined)) pairs = iterate(v).map((p) => iterate(p) as [PyValue, PyValue]);
    else return urlQuote(s(v), "/");
    return pairs.map(([key, x]) => urlQuote(s(key), "", true) + "=" + urlQuote(s(x), "", true)).join("&");
  }),
  urlize: f((_it, v) => {
    const words = s(v).split(/(\s+)/);
    return words
      .map((w) => {
        const m = /^([(<]*)(.*?)([.,)>\n]*)$/s.exec(w)!;
        const [, head, mid, tail] = m;
        if (/^https?:\/\//.test(mid) || /^www\./.test(mid))
          return `${head}<a href="${escapeHtml(mid.startsWith("www.") ? "https://" + mid : mid)}" rel="noopener">${escapeHtml(mid)}</a>${tail}`;
        return escapeHtml(w);
      })
      .join("");
  }),
  wordcount: f((_it, v) => (s(v).match(/[\p{L}\p{N}_]+/gu) ?? []).length),
  wordwrap: f((_it, v, a, k) => {
    const [w, bl, ws, bh] = bind("wordwrap", a, k, ["width", "break_long_words", "wrapstring", "break_on_hyphens"]);
    return wordwrap(s(v), optInt(w, "width", 79), bl === undefined || isTrue(bl), ws === undefined || ws === null ? "\n" : s(ws), bh === undefined || isTrue(bh));
  }),
  xmlattr: f((_it, v, a, k) => {
    const [auto] = bind("xmlattr", a, k, ["autospace"]);
    if (!(v instanceof PyDict)) throw typeError("xmlattr needs a mapping");
    const items: string[] = [];
    for (const [key, x] of v.entries()) {
      if (x === null || x instanceof PyUndefined) continue;
      const ks = s(key);
      if (/[\s/>=]/.test(ks)) throw new PyError("ValueError", `Invalid character in attribute name: ${strRepr(ks)}`);
      items.push(`${escapeHtml(ks)}="${escapeHtml(s(x))}"`);
    }
    const rv = items.join(" ");
    return rv && (auto === undefined || isTrue(auto)) ? " " + rv : rv;
  }),
  // PromptSource additions
  choice: f((it, v) => {
    const n = pyLenOf(v);
    if (n === 0) throw new PyError("IndexError", "Cannot choose from an empty sequence");
    return getItemStrict(v, it.rt.random.randbelow(n));
  }),
  most_frequent: f((_it, v) => {
    const items = iterate(v);
    if (!items.length) return null;
    const counts = new Map<unknown, { item: PyValue; n: number }>();
    for (const x of items) {
      const key = dictKeyOf(x);
      const c = counts.get(key);
      if (c) c.n++;
      else counts.set(key, { item: x, n: 1 });
    }
    // Counter.most_common: by count, descending, stable (first-seen order among equals)
    const sorted = [...counts.values()].sort((x, y) => y.n - x.n);
    const top = sorted[0].n;
    return sorted.filter((c) => c.n === top).map((c) => c.item);
  }),
});
FILTERS.d = FILTERS.default;
FILTERS.e = FILTERS.escape;
FILTERS.forceescape = FILTERS.escape;

/** seq[i] as random.choice does it (dicts are indexed by key and raise KeyError). */
function getItemStrict(seq: PyValue, i: number): PyValue {
  if (seq instanceof PyDict) {
    const v = seq.get(i);
    if (v === undefined) throw new PyError("KeyError", String(i));
    return v;
  }
  if (typeof seq === "string") return hasSurrogates(seq) ? Array.from(seq)[i] : seq[i];
  if (Array.isArray(seq)) return seq[i];
  if (seq instanceof PyTuple) return seq.items[i];
  if (seq instanceof PyRange) return seq.at(i);
  throw typeError(`'${typeNameOf(seq)}' object is not subscriptable`);
}

export { attrGetter, sortValues, formatValue };
