/**
 * Python `str` behaviour on JavaScript strings. Python indexes and measures strings in code
 * points, JavaScript in UTF-16 units: every helper here works on code points, with a fast path
 * for the (usual) strings that have no surrogate pairs.
 */

import { PyError } from "./values";

/**
 * Positions (UTF-16 offsets) of the surrogate pairs of a string, i.e. of its astral characters,
 * which Python counts as one character and JavaScript as two units. Long strings that have pairs
 * are indexed once and cached (rows are reused across templates), so len(), s[i] and slices stay
 * cheap. Strings without pairs are not cached: finding none is one native scan, and a cache of
 * them kept 13 MB of an export worker's texts alive (heap snapshot), most of them garbage.
 */
const EMPTY = new Int32Array(0);
const pairCache = new Map<string, Int32Array>();
/** Enough for the long texts of a 1,000-row split, which every template of the split reads again. */
const PAIR_CACHE_MAX = 2048;
/** Cached texts are kept alive by the cache: at most this many UTF-16 units of them. */
const PAIR_CACHE_MAX_UNITS = 2_000_000;
let pairCacheUnits = 0;

const SURROGATE = /[\ud800-\udfff]/;
/** a surrogate pair; test() with the g flag moves lastIndex past it without a match array */
const PAIR = /[\ud800-\udbff][\udc00-\udfff]/g;

function pairPositions(s: string): Int32Array {
  // most texts have no surrogate: a native scan that says so costs less than the cache's lookup,
  // which hashes a text the first time it meets it (1% of an export's CPU, on rendered texts)
  if (!hasSurrogates(s)) return EMPTY;
  const long = s.length >= 256;
  if (long) {
    const c = pairCache.get(s);
    if (c !== undefined) return c;
  }
  let list: number[] | null = null;
  // a native scan from pair to pair (texts with a few emoji are common: a loop over every unit of
  // them cost more than the rest of rendering them)
  PAIR.lastIndex = 0;
  while (PAIR.test(s)) (list ??= []).push(PAIR.lastIndex - 2);
  if (list === null) return EMPTY;
  const r = Int32Array.from(list);
  if (long && s.length <= PAIR_CACHE_MAX_UNITS) {
    // first in, first out: transient strings leave, rows (reused by every template) come back
    while (pairCache.size >= PAIR_CACHE_MAX || pairCacheUnits + s.length > PAIR_CACHE_MAX_UNITS) {
      const oldest = pairCache.keys().next().value!;
      pairCacheUnits -= oldest.length;
      pairCache.delete(oldest);
    }
    pairCache.set(s, r);
    pairCacheUnits += s.length;
  }
  return r;
}

/**
 * Does `s` contain surrogates (astral characters, where UTF-16 offsets and Python indexes differ)?
 * A native scan, without building or looking up the index.
 */
export function hasSurrogates(s: string): boolean {
  return SURROGATE.test(s);
}

/** The code points of `s` as single-character strings (astral characters stay whole). */
export function codePoints(s: string): string[] {
  return Array.from(s);
}

/** Number of entries of the sorted array `a` for which `f` holds (f monotone: true then false). */
function countWhile(a: Int32Array, f: (x: number, j: number) => boolean): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (f(a[mid], mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function pyLen(s: string): number {
  return s.length - pairPositions(s).length;
}

/** UTF-16 offset of code point index `n` (0 <= n <= pyLen(s)). */
export function cpToUtf16(s: string, n: number): number {
  const p = pairPositions(s);
  if (p.length === 0) return Math.min(n, s.length);
  // the j-th pair starts at code point index p[j] - j
  return Math.min(n + countWhile(p, (x, j) => x - j < n), s.length);
}

/** Code point index of UTF-16 offset `off` (at a code point boundary). */
export function utf16ToCp(s: string, off: number): number {
  const p = pairPositions(s);
  return p.length === 0 ? off : off - countWhile(p, (x) => x < off);
}

/** Python's str.isspace() for one UTF-16 unit (no whitespace is outside the BMP). */
export function isPySpaceCode(x: number): boolean {
  if (x <= 0x20) return x === 0x20 || (x >= 0x09 && x <= 0x0d) || (x >= 0x1c && x <= 0x1f);
  return (
    x === 0x85 ||
    x === 0xa0 ||
    x === 0x1680 ||
    (x >= 0x2000 && x <= 0x200a) ||
    x === 0x2028 ||
    x === 0x2029 ||
    x === 0x202f ||
    x === 0x205f ||
    x === 0x3000
  );
}

export function pyStrip(s: string, chars: string | null = null, left = true, right = true): string {
  let a = 0;
  let b = s.length;
  if (chars === null) {
    if (left) while (a < b && isPySpaceCode(s.charCodeAt(a))) a++;
    if (right) while (b > a && isPySpaceCode(s.charCodeAt(b - 1))) b--;
    return s.slice(a, b);
  }
  const set = new Set(codePoints(chars));
  const cps = hasSurrogates(s) ? codePoints(s) : null;
  if (cps) {
    let i = 0;
    let j = cps.length;
    if (left) while (i < j && set.has(cps[i])) i++;
    if (right) while (j > i && set.has(cps[j - 1])) j--;
    return cps.slice(i, j).join("");
  }
  if (left) while (a < b && set.has(s[a])) a++;
  if (right) while (b > a && set.has(s[b - 1])) b--;
  return s.slice(a, b);
}

/** str.split(sep=None, maxsplit=-1) */
/** Runs of Python whitespace (str.isspace), which differs from JavaScript's \s. */
const PY_WS_RUN = /[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

export function pySplit(s: string, sep: string | null, maxsplit = -1): string[] {
  if (sep === null && maxsplit < 0) {
    const parts = s.split(PY_WS_RUN);
    const a = parts.length && parts[0] === "" ? 1 : 0;
    const b = parts.length > a && parts[parts.length - 1] === "" ? parts.length - 1 : parts.length;
    return a === 0 && b === parts.length ? parts : parts.slice(a, b);
  }
  if (sep === null) {
    const out: string[] = [];
    let i = 0;
    const n = s.length;
    while (i < n) {
      while (i < n && isPySpaceCode(s.charCodeAt(i))) i++;
      if (i >= n) break;
      if (maxsplit >= 0 && out.length === maxsplit) {
        let j = n;
        while (j > i && isPySpaceCode(s.charCodeAt(j - 1))) j--;
        out.push(s.slice(i, j));
        return out;
      }
      let j = i;
      while (j < n && !isPySpaceCode(s.charCodeAt(j))) j++;
      out.push(s.slice(i, j));
      i = j;
    }
    return out;
  }
  if (sep === "") throw new PyError("ValueError", "empty separator");
  if (maxsplit < 0) return s.split(sep);
  const out: string[] = [];
  let start = 0;
  while (out.length < maxsplit) {
    const k = s.indexOf(sep, start);
    if (k < 0) break;
    out.push(s.slice(start, k));
    start = k + sep.length;
  }
  out.push(s.slice(start));
  return out;
}

/** str.rsplit(sep=None, maxsplit=-1) */
export function pyRSplit(s: string, sep: string | null, maxsplit = -1): string[] {
  if (maxsplit < 0) return pySplit(s, sep, -1);
  if (sep === null) {
    const out: string[] = [];
    let j = s.length;
    while (j > 0) {
      while (j > 0 && isPySpaceCode(s.charCodeAt(j - 1))) j--;
      if (j <= 0) break;
      if (out.length === maxsplit) {
        let i = 0;
        while (i < j && isPySpaceCode(s.charCodeAt(i))) i++;
        out.push(s.slice(i, j));
        break;
      }
      let i = j;
      while (i > 0 && !isPySpaceCode(s.charCodeAt(i - 1))) i--;
      out.push(s.slice(i, j));
      j = i;
    }
    return out.reverse();
  }
  if (sep === "") throw new PyError("ValueError", "empty separator");
  const out: string[] = [];
  let end = s.length;
  while (out.length < maxsplit) {
    const k = end - sep.length < 0 ? -1 : s.lastIndexOf(sep, end - sep.length);
    if (k < 0) break;
    out.push(s.slice(k + sep.length, end));
    end = k;
  }
  out.push(s.slice(0, end));
  return out.reverse();
}

/** str.splitlines(keepends=False) with Python's line boundaries. */
export function pySplitLines(s: string, keepends = false): string[] {
  const out: string[] = [];
  let i = 0;
  let start = 0;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    let eol = 0;
    if (c === 0x0d && s.charCodeAt(i + 1) === 0x0a) eol = 2;
    else if (
      c === 0x0a || c === 0x0b || c === 0x0c || c === 0x0d || c === 0x1c || c === 0x1d || c === 0x1e ||
      c === 0x85 || c === 0x2028 || c === 0x2029
    )
      eol = 1;
    if (eol) {
      out.push(s.slice(start, keepends ? i + eol : i));
      i += eol;
      start = i;
    } else i++;
  }
  if (start < n) out.push(s.slice(start));
  return out;
}

const CASED = /[\p{Lu}\p{Ll}\p{Lt}]/u;

const TITLE_DIGRAPHS: Record<string, string> = {
  "\u01c4": "\u01c5", "\u01c5": "\u01c5", "\u01c6": "\u01c5",
  "\u01c7": "\u01c8", "\u01c8": "\u01c8", "\u01c9": "\u01c8",
  "\u01ca": "\u01cb", "\u01cb": "\u01cb", "\u01cc": "\u01cb",
  "\u01f1": "\u01f2", "\u01f2": "\u01f2", "\u01f3": "\u01f2",
  "\u0149": "\u02bcN",
};

/** Python's titlecase of one character (JavaScript only has upper case: 'ß' -> 'Ss', not 'SS'). */
export function titleChar(c: string): string {
  const d = TITLE_DIGRAPHS[c];
  if (d !== undefined) return d;
  const u = c.toUpperCase();
  if (u.length <= 2 && Array.from(u).length === 1) return u;
  const first = String.fromCodePoint(u.codePointAt(0)!);
  return first + u.slice(first.length).toLowerCase();
}

export function pyTitle(s: string): string {
  let out = "";
  let prevCased = false;
  for (const c of s) {
    out += prevCased ? c.toLowerCase() : titleChar(c);
    prevCased = CASED.test(c);
  }
  return out;
}

export function pyCapitalize(s: string): string {
  if (s === "") return s;
  const first = String.fromCodePoint(s.codePointAt(0)!);
  return titleChar(first) + s.slice(first.length).toLowerCase();
}

export function pySwapcase(s: string): string {
  let out = "";
  for (const c of s) {
    const u = c.toUpperCase();
    out += u !== c ? u : c.toLowerCase();
  }
  return out;
}

const HAS_LOWER = /\p{Ll}/u;
const HAS_UPPER = /[\p{Lu}\p{Lt}]/u;

export function pyIsUpper(s: string): boolean {
  return HAS_UPPER.test(s) && !HAS_LOWER.test(s);
}
export function pyIsLower(s: string): boolean {
  return HAS_LOWER.test(s) && !HAS_UPPER.test(s);
}
export function pyIsDigit(s: string): boolean {
  return s !== "" && /^[\p{Nd}\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792]+$/u.test(s);
}
export function pyIsDecimal(s: string): boolean {
  return s !== "" && /^\p{Nd}+$/u.test(s);
}
export function pyIsNumeric(s: string): boolean {
  return s !== "" && /^\p{N}+$/u.test(s);
}
export function pyIsAlpha(s: string): boolean {
  return s !== "" && /^\p{L}+$/u.test(s);
}
export function pyIsAlnum(s: string): boolean {
  return s !== "" && /^[\p{L}\p{N}]+$/u.test(s);
}
export function pyIsSpaceStr(s: string): boolean {
  if (s === "") return false;
  for (let i = 0; i < s.length; i++) if (!isPySpaceCode(s.charCodeAt(i))) return false;
  return true;
}
export function pyIsTitle(s: string): boolean {
  let cased = false;
  let prevCased = false;
  for (const c of s) {
    if (HAS_UPPER.test(c)) {
      if (prevCased) return false;
      prevCased = true;
      cased = true;
    } else if (HAS_LOWER.test(c)) {
      if (!prevCased) return false;
      prevCased = true;
      cased = true;
    } else prevCased = false;
  }
  return cased;
}

/** Compare two strings by code point, as Python does (JS `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  if (!hasSurrogates(a) && !hasSurrogates(b)) return a < b ? -1 : 1;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    if (x.value !== y.value) return x.value.codePointAt(0)! < y.value.codePointAt(0)! ? -1 : 1;
  }
}

/** Python's str.expandtabs(tabsize). */
export function pyExpandTabs(s: string, tab = 8): string {
  let out = "";
  let col = 0;
  for (const c of s) {
    if (c === "\t") {
      if (tab > 0) {
        const n = tab - (col % tab);
        out += " ".repeat(n);
        col += n;
      }
    } else {
      out += c;
      col = c === "\n" || c === "\r" ? 0 : col + 1;
    }
  }
  return out;
}
