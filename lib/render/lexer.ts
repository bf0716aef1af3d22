/**
 * Jinja2's lexer (jinja2/lexer.py) for a plain Environment: `{{ }}`, `{% %}`, `{# #}`, `{% raw %}`,
 * whitespace control with `-` (and `+`, a no-op without lstrip_blocks), no trim_blocks or
 * lstrip_blocks, newlines normalised to "\n", one trailing newline dropped, Python string escapes.
 */
import { pyStrip } from "./py-str";
import { PyFloat, type PyValue } from "./values";

export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = "TemplateSyntaxError";
  }
}

export type TokType =
  | "data"
  | "var_begin"
  | "var_end"
  | "block_begin"
  | "block_end"
  | "name"
  | "string"
  | "int"
  | "float"
  | "op"
  | "eof";

export interface Token {
  t: TokType;
  /** the name, operator or data text */
  s: string;
  /** value of string/int/float literals */
  v?: PyValue;
  pos: number;
  line: number;
  col: number;
}

const OPERATORS = ["//", "**", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";"];

const TWO_CHAR_OPS = new Set(OPERATORS.filter((o) => o.length === 2));
const ONE_CHAR_OPS = new Set(OPERATORS.filter((o) => o.length === 1));

const WS_RE = /\s+/y;
const FLOAT_RE = /(?<!\.)(\d+_)*\d+((\.(\d+_)*\d+)?e[+-]?(\d+_)*\d+|\.(\d+_)*\d+)/iy;
const INT_RE = /(0b(_?[0-1])+|0o(_?[0-7])+|0x(_?[\da-f])+|[1-9](_?\d)*|0(_?0)*)/iy;
const NAME_RE = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const STRING_RE = /'([^'\\]*(?:\\[\s\S][^'\\]*)*)'|"([^"\\]*(?:\\[\s\S][^"\\]*)*)"/y;
const RAW_BEGIN_RE = /\{%([-+]?)\s*raw\s*(-?)%\}/y;
const RAW_END_RE = /\{%([-+]?)\s*endraw\s*(-?)%\}/g;

function skipWs(src: string, i: number): number {
  WS_RE.lastIndex = i;
  const m = WS_RE.exec(src);
  return m ? i + m[0].length : i;
}

export function normalizeNewlines(s: string): string {
  return s.indexOf("\r") < 0 ? s : s.replace(/\r\n?/g, "\n");
}

/** Python's `s.encode("ascii", "backslashreplace").decode("unicode-escape")`, as Jinja reads string literals. */
export function decodeStringLiteral(body: string): string | null {
  let s = "";
  for (const ch of body) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) s += ch;
    else if (cp < 0x100) s += "\\x" + cp.toString(16).padStart(2, "0");
    else if (cp < 0x10000) s += "\\u" + cp.toString(16).padStart(4, "0");
    else s += "\\U" + cp.toString(16).padStart(8, "0");
  }
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    const d = s[++i];
    if (d === undefined) return null; // trailing backslash
    switch (d) {
      case "\n":
        break;
      case "\\":
      case "'":
      case '"':
        out += d;
        break;
      case "a":
        out += "\x07";
        break;
      case "b":
        out += "\b";
        break;
      case "f":
        out += "\f";
        break;
      case "n":
        out += "\n";
        break;
      case "r":
        out += "\r";
        break;
      case "t":
        out += "\t";
        break;
      case "v":
        out += "\v";
        break;
      case "x":
      case "u":
      case "U": {
        const n = d === "x" ? 2 : d === "u" ? 4 : 8;
        const hex = s.slice(i + 1, i + 1 + n);
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) return null;
        const cp = parseInt(hex, 16);
        if (cp > 0x10ffff) return null;
        out += String.fromCodePoint(cp);
        i += n;
        break;
      }
      case "N":
        return null; // \N{NAME}: character names are not supported
      default:
        if (d >= "0" && d <= "7") {
          let oct = d;
          while (oct.length < 3 && s[i + 1] >= "0" && s[i + 1] <= "7") oct += s[++i];
          out += String.fromCodePoint(parseInt(oct, 8));
        } else out += "\\" + d;
    }
  }
  return out;
}

class LineIndex {
  private readonly starts: number[] = [0];
  constructor(src: string) {
    for (let i = 0; i < src.length; i++) if (src.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  at(pos: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: pos - this.starts[lo] + 1 };
  }
}

export function tokenize(source: string): Token[] {
  let src = normalizeNewlines(source);
  if (src.endsWith("\n")) src = src.slice(0, -1);
  const lines = new LineIndex(src);
  const toks: Token[] = [];
  const push = (t: TokType, s: string, pos: number, v?: PyValue) => {
    const { line, col } = lines.at(pos);
    toks.push({ t, s, v, pos, line, col });
  };
  const fail = (msg: string, pos: number): never => {
    const { line, col } = lines.at(pos);
    throw new TemplateSyntaxError(msg, line, col);
  };
  let i = 0;
  const n = src.length;
  let lstripNext = false;
  while (i < n) {
    // root state: data up to the next tag start
    let j = i;
    let kind = "";
    for (;;) {
      j = src.indexOf("{", j);
      if (j < 0 || j + 1 >= n) {
        j = -1;
        break;
      }
      const c = src[j + 1];
      if (c === "{" || c === "%" || c === "#") {
        kind = c;
        break;
      }
      j++;
    }
    let text = j < 0 ? src.slice(i) : src.slice(i, j);
    const sign = j >= 0 ? src[j + 2] : "";
    if (lstripNext) {
      let a = 0;
      while (a < text.length && /\s/.test(text[a])) a++;
      text = text.slice(a);
      lstripNext = false;
    }
    if (j >= 0 && sign === "-") text = pyStrip(text, null, false, true);
    if (text) push("data", text, i);
    if (j < 0) break;
    const tagStart = j;
    // raw block
    if (kind === "%") {
      RAW_BEGIN_RE.lastIndex = j;
      const rm = RAW_BEGIN_RE.exec(src);
      if (rm) {
        let k = j + rm[0].length;
        if (rm[2] === "-") k = skipWs(src, k);
        RAW_END_RE.lastIndex = k;
        const em = RAW_END_RE.exec(src);
        if (!em) fail("Missing end of raw directive", tagStart);
        let body = src.slice(k, em!.index);
        if (em![1] === "-") body = pyStrip(body, null, false, true);
        if (body) push("data", body, k);
        i = em!.index + em![0].length;
        if (em![2] === "-") i = skipWs(src, i);
        continue;
      }
    }
    let k = j + 2;
    if (sign === "-" || sign === "+") k++;
    if (kind === "#") {
      const end = src.indexOf("#}", k);
      if (end < 0) fail("Missing end of comment tag", tagStart);
      i = end + 2;
      if (src[end - 1] === "-" && end - 1 >= k) i = skipWs(src, i);
      continue;
    }
    const isVar = kind === "{";
    push(isVar ? "var_begin" : "block_begin", isVar ? "{{" : "{%", tagStart);
    const endCh = isVar ? "}" : "%";
    let depth = 0;
    let closed = false;
    while (k < n) {
      const c = src[k];
      if (depth === 0) {
        if (c === "-" && src[k + 1] === endCh && src[k + 2] === "}") {
          push(isVar ? "var_end" : "block_end", isVar ? "}}" : "%}", k);
          k = skipWs(src, k + 3);
          closed = true;
          break;
        }
        if (!isVar && c === "+" && src[k + 1] === "%" && src[k + 2] === "}") {
          // `+%}` (disables lstrip_blocks, which a plain Environment does not use)
          push("block_end", "%}", k);
          k += 3;
          closed = true;
          break;
        }
        if (c === endCh && src[k + 1] === "}") {
          push(isVar ? "var_end" : "block_end", isVar ? "}}" : "%}", k);
          k += 2;
          closed = true;
          break;
        }
      }
      // dispatch on the first character; the regexes are Jinja's, tried in its order
      const code = src.charCodeAt(k);
      let m: RegExpExecArray | null = null;
      if (code === 32 || (code >= 9 && code <= 13) || code > 127) {
        WS_RE.lastIndex = k;
        m = WS_RE.exec(src);
        if (m) {
          k += m[0].length;
          continue;
        }
      }
      if (code >= 48 && code <= 57) {
        FLOAT_RE.lastIndex = k;
        m = FLOAT_RE.exec(src);
        if (m) {
          push("float", m[0], k, new PyFloat(parseFloat(m[0].replace(/_/g, ""))));
          k += m[0].length;
          continue;
        }
        INT_RE.lastIndex = k;
        m = INT_RE.exec(src);
        if (m) {
          const t = m[0].replace(/_/g, "").toLowerCase();
          const v = t.startsWith("0b") ? parseInt(t.slice(2), 2) : t.startsWith("0o") ? parseInt(t.slice(2), 8) : t.startsWith("0x") ? parseInt(t.slice(2), 16) : Number(t);
          push("int", m[0], k, v);
          k += m[0].length;
          continue;
        }
      }
      if (code === 95 || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 127) {
        NAME_RE.lastIndex = k;
        m = NAME_RE.exec(src);
        if (m) {
          push("name", m[0], k);
          k += m[0].length;
          continue;
        }
      }
      if (code === 39 || code === 34) {
        STRING_RE.lastIndex = k;
        m = STRING_RE.exec(src);
        if (m) {
          const body = m[1] ?? m[2];
          const v = decodeStringLiteral(body);
          if (v === null) fail("Invalid string literal escape", k);
          push("string", m[0], k, v);
          k += m[0].length;
          continue;
        }
      }
      const two = src.substr(k, 2);
      const op = TWO_CHAR_OPS.has(two) ? two : ONE_CHAR_OPS.has(c) ? c : undefined;
      if (op) {
        if (op === "(" || op === "[" || op === "{") depth++;
        else if (op === ")" || op === "]" || op === "}") {
          if (depth === 0) fail(`unexpected '${op}'`, k);
          depth--;
        }
        push("op", op, k);
        k += op.length;
        continue;
      }
      if (c === "'" || c === '"') fail("unexpected end of string", k);
      fail(`unexpected char ${JSON.stringify(c)} at ${k}`, k);
    }
    if (!closed) fail(isVar ? "unexpected end of template, expected 'end of print statement'." : "unexpected end of template, expected 'end of statement block'.", n);
    i = k;
  }
  push("eof", "", n);
  return toks;
}
