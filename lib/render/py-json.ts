/**
 * JSON text -> Python values, as Python's `json.loads` reads them.
 *
 * JavaScript's JSON.parse forgets whether a number was written `3` or `3.0`, but templates print
 * the difference (`3` vs `3.0`), so numbers are read losslessly: a fraction or exponent makes a
 * PyFloat, anything else an int. Python's json also accepts the `NaN`, `Infinity` and `-Infinity`
 * tokens (json.dumps writes them), which no JavaScript JSON library does, hence this small parser.
 * Runs in the browser: no Node imports.
 */
import { floatRepr } from "./py-float";
import { PyDict, PyFloat, PyObject, PyTuple, PyUndefined, type PyValue } from "./values";

export class PyJsonError extends Error {
  constructor(
    message: string,
    /** 0-based offset in the text (UTF-16 units). */
    readonly position: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = "PyJsonError";
  }
}

/** Characters a JSON string holds as they are (no quote, backslash or control character). */
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;
const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
// Python's json.loads stops near the interpreter's recursion limit (1000) as well.
const MAX_NESTING = 1000;

class Parser {
  pos = 0;
  depth = 0;
  constructor(readonly text: string) {}

  fail(message: string, at = this.pos): never {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at && i < this.text.length; i++) {
      if (this.text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    const column = at - lineStart + 1;
    throw new PyJsonError(`${message} at line ${line} column ${column} (char ${at})`, at, line, column);
  }

  skipWs(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p); // NaN past the end
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
  }

  parseDocument(): PyValue {
    this.skipWs();
    const v = this.parseValue();
    this.skipWs();
    if (this.pos < this.text.length) this.fail("Extra data");
    return v;
  }

  parseValue(): PyValue {
    const t = this.text;
    if (this.pos >= t.length) this.fail("Expecting value");
    switch (t.charCodeAt(this.pos)) {
      case 0x7b: // {
        return this.parseObject();
      case 0x5b: // [
        return this.parseArray();
      case 0x22: // "
        return this.parseString();
      case 0x6e: // n
        return this.literal("null", null);
      case 0x74: // t
        return this.literal("true", true);
      case 0x66: // f
        return this.literal("false", false);
      case 0x4e: // N
        return this.literal("NaN", new PyFloat(NaN));
      case 0x49: // I
        return this.literal("Infinity", new PyFloat(Infinity));
      case 0x2d: // -
        if (t.startsWith("-Infinity", this.pos)) return this.literal("-Infinity", new PyFloat(-Infinity));
    }
    return this.parseNumber();
  }

  literal<T extends PyValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail("Expecting value");
    this.pos += word.length;
    return value;
  }

  parseNumber(): PyValue {
    NUMBER_RE.lastIndex = this.pos;
    const m = NUMBER_RE.exec(this.text);
    if (!m) this.fail("Expecting value");
    this.pos += m[0].length;
    const n = Number(m[0]);
    // Python's json.loads: a fraction or an exponent makes a float, even "3.0" or "1e2".
    if (m[1] !== undefined || m[2] !== undefined) return new PyFloat(n);
    return n === 0 ? 0 : n; // Python has no negative zero int: "-0" is 0
  }

  enter(): void {
    if (++this.depth > MAX_NESTING) this.fail("Nesting too deep");
  }

  parseArray(): PyValue[] {
    this.enter();
    this.pos++;
    const out: PyValue[] = [];
    this.skipWs();
    if (this.text[this.pos] === "]") {
      this.pos++;
      this.depth--;
      return out;
    }
    for (;;) {
      this.skipWs();
      out.push(this.parseValue());
      this.skipWs();
      const c = this.text[this.pos];
      if (c === ",") {
        this.pos++;
        continue;
      }
      if (c === "]") {
        this.pos++;
        this.depth--;
        return out;
      }
      this.fail("Expecting ',' delimiter");
    }
  }

  parseObject(): PyDict {
    this.enter();
    this.pos++;
    const out = new PyDict();
    this.skipWs();
    if (this.text[this.pos] === "}") {
      this.pos++;
      this.depth--;
      return out;
    }
    for (;;) {
      this.skipWs();
      if (this.text[this.pos] !== '"') this.fail("Expecting property name enclosed in double quotes");
      const key = this.parseString();
      this.skipWs();
      if (this.text[this.pos] !== ":") this.fail("Expecting ':' delimiter");
      this.pos++;
      this.skipWs();
      // A repeated key keeps its first position and takes the last value, as a Python dict does.
      out.set(key, this.parseValue());
      this.skipWs();
      const c = this.text[this.pos];
      if (c === ",") {
        this.pos++;
        continue;
      }
      if (c === "}") {
        this.pos++;
        this.depth--;
        return out;
      }
      this.fail("Expecting ',' delimiter");
    }
  }

  parseString(): string {
    const t = this.text;
    const start = this.pos;
    // the common case, a run of plain characters up to the closing quote, in one native scan
    PLAIN_RUN.lastIndex = start + 1;
    PLAIN_RUN.test(t);
    this.pos = PLAIN_RUN.lastIndex;
    if (t.charCodeAt(this.pos) === 34) return t.slice(start + 1, this.pos++);
    // With escapes: pieces joined once, so that the value is one flat string and not a rope of
    // pieces (rows are read by every template of a split; a rope is slow to scan and to hash).
    const out: string[] = [];
    let chunk = start + 1;
    for (;;) {
      if (this.pos >= t.length) this.fail("Unterminated string starting", start);
      const code = t.charCodeAt(this.pos);
      if (code === 34) {
        out.push(t.slice(chunk, this.pos));
        this.pos++;
        return out.join("");
      }
      if (code === 92) {
        out.push(t.slice(chunk, this.pos));
        const e = t[this.pos + 1];
        if (e === "u") {
          const hex = t.slice(this.pos + 2, this.pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail("Invalid \\uXXXX escape", this.pos + 1);
          out.push(String.fromCharCode(parseInt(hex, 16)));
          this.pos += 6;
        } else if (e !== undefined && e in ESCAPES) {
          out.push(ESCAPES[e]);
          this.pos += 2;
        } else {
          this.fail("Invalid \\escape", this.pos);
        }
        chunk = this.pos;
        PLAIN_RUN.lastIndex = this.pos;
        PLAIN_RUN.test(t);
        this.pos = PLAIN_RUN.lastIndex;
        continue;
      }
      // Python's json is strict by default: raw control characters are not allowed in strings.
      if (code < 0x20) this.fail("Invalid control character", this.pos);
      this.pos++;
    }
  }
}

/** Python's `json.loads`: objects -> PyDict (key order kept), arrays -> lists, floats -> PyFloat. */
export function parsePyJson(text: string): PyValue {
  return new Parser(text).parseDocument();
}

/**
 * One line of a JSONL file. Errors name the file and the 1-based line:
 * `rows.jsonl:3: Expecting value at column 7`.
 */
export function parseJsonlLine(line: string, lineNumber: number, fileName = "<input>"): PyValue {
  try {
    return parsePyJson(line);
  } catch (e) {
    if (e instanceof PyJsonError) {
      throw new PyJsonError(`${fileName}:${lineNumber}: ${e.message.replace(/ at line 1 column/, " at column")}`, e.position, lineNumber, e.column);
    }
    throw e;
  }
}

/**
 * Back to plain JSON-able JavaScript: PyFloat -> number, PyTuple -> array, PyDict -> object
 * (JavaScript objects list integer-like keys first; keys converted as json.dumps does: str kept, int/float -> their text, True/False/None ->
 * "true"/"false"/"null"). Undefined and runtime objects are not JSON: TypeError, as in Python.
 */
export function toJsonValue(v: PyValue): unknown {
  if (v === null || typeof v === "boolean" || typeof v === "number" || typeof v === "string") return v;
  if (v instanceof PyFloat) return v.value;
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v instanceof PyTuple) return v.items.map(toJsonValue);
  if (v instanceof PyDict) {
    // A null-prototype object so that a "__proto__" key stays an own data key.
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, val] of v.entries()) out[jsonKey(k)] = toJsonValue(val);
    return out;
  }
  if (v instanceof PyUndefined) throw new TypeError("Object of type Undefined is not JSON serializable");
  if (v instanceof PyObject) throw new TypeError(`Object of type ${v.typeName} is not JSON serializable`);
  throw new TypeError("Object is not JSON serializable");
}

function jsonKey(k: PyValue): string {
  if (typeof k === "string") return k;
  if (typeof k === "number") return String(k);
  if (k instanceof PyFloat) return floatKey(k.value);
  if (k === true) return "true";
  if (k === false) return "false";
  if (k === null) return "null";
  throw new TypeError("keys must be str, int, float, bool or None");
}

function floatKey(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  // json.dumps uses float.__repr__ for float keys; py-float has it.
  return floatRepr(x);
}
