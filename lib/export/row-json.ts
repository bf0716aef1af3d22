/**
 * A rows file's line parsed from its UTF-8 bytes, without decoding the line first: the export's
 * fast path for the common JSON of a row (objects, arrays, strings, numbers, true/false/null).
 *
 * Why: parsing the decoded line made every text of a row a slice of that line, so a row held its
 * whole line, in two bytes per character as soon as one character was not Latin-1. The rows of a
 * split stay in memory while every template reads them, and an export parses gigabytes of them:
 * they were most of an export worker's heap and of its garbage-collection work. Here each text is
 * decoded on its own (one byte per character when it can be) and holds nothing else.
 *
 * Anything else (NaN and Infinity, raw control characters, invalid escapes, malformed JSON, a line
 * that is not an object, deep nesting) gives null, and the caller parses the decoded line with
 * py-json.ts, which gives the same values and Python's exact error messages. The line must be
 * valid UTF-8 (the caller checks): a text between two ASCII quotes or backslashes is then valid
 * UTF-8 too, and decodes to the same characters as that part of the decoded line.
 */
import { prepareRow, PreparedRowBuilder, type PreparedRow } from "../render/index";
import { PyDict, PyFloat, type PyValue } from "../render/values";

type Slicer = (this: Buffer, start: number, end: number) => string;
const proto = Buffer.prototype as unknown as { utf8Slice?: Slicer; latin1Slice?: Slicer };
// Buffer's decoders without argument checks (untyped in @types/node, so looked up with a fallback)
const utf8Slice: Slicer =
  proto.utf8Slice ??
  function (this: Buffer, start: number, end: number) {
    return this.toString("utf8", start, end);
  };
const latin1Slice: Slicer =
  proto.latin1Slice ??
  function (this: Buffer, start: number, end: number) {
    return this.toString("latin1", start, end);
  };

const ESCAPED: Record<number, string> = { 34: '"', 92: "\\", 47: "/", 98: "\b", 102: "\f", 110: "\n", 114: "\r", 116: "\t" };
/** Deeper rows go to py-json.ts, which applies Python's limit. */
const MAX_DEPTH = 200;

/** Thrown inside the parser to give up on the fast path. */
const GIVE_UP = Symbol("give up");
/** Thrown when a prepared row's key repeats (see PreparedRowBuilder). */
const REPEATED_KEY = Symbol("repeated key");

/** Where an object's entries go: a PyDict, or a prepared row's builder (false: a repeated key). */
interface Entries {
  set(key: string, value: PyValue): unknown;
}

class RowBytes {
  pos = 0;
  private depth = 0;
  /** the first backslash at or after where a text was last searched (b.length: none) */
  private backslash = -1;

  constructor(private readonly b: Buffer) {}

  /** Skips JSON whitespace; the byte there (undefined at the end). */
  ws(): number {
    const b = this.b;
    let p = this.pos;
    for (;;) {
      const c = b[p];
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else break;
    }
    this.pos = p;
    return b[p];
  }

  value(): PyValue {
    const c = this.b[this.pos];
    if (c === 34) return this.string();
    if (c === 123) return this.object();
    if (c === 91) return this.array();
    if (c === 45 || (c >= 48 && c <= 57)) return this.number();
    if (c === 116) return this.word("true", true);
    if (c === 102) return this.word("false", false);
    if (c === 110) return this.word("null", null);
    throw GIVE_UP;
  }

  word<T extends PyValue>(text: string, value: T): T {
    const b = this.b;
    for (let i = 0; i < text.length; i++) if (b[this.pos + i] !== text.charCodeAt(i)) throw GIVE_UP;
    this.pos += text.length;
    return value;
  }

  object(): PyDict {
    return this.entries(new PyDict());
  }

  /** An object's entries into `out` (the position is at its "{"). */
  entries<T extends Entries>(out: T): T {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    this.pos++;
    if (this.ws() === 125) {
      this.pos++;
      this.depth--;
      return out;
    }
    for (;;) {
      if (this.ws() !== 34) throw GIVE_UP;
      const key = this.string();
      if (this.ws() !== 58) throw GIVE_UP;
      this.pos++;
      this.ws();
      // a repeated key keeps its first position and takes the last value, as in py-json.ts
      if (out.set(key, this.value()) === false) throw REPEATED_KEY;
      const c = this.ws();
      this.pos++;
      if (c === 44) continue;
      if (c === 125) {
        this.depth--;
        return out;
      }
      throw GIVE_UP;
    }
  }

  array(): PyValue[] {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    this.pos++;
    const out: PyValue[] = [];
    if (this.ws() === 93) {
      this.pos++;
      this.depth--;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value());
      const c = this.ws();
      this.pos++;
      if (c === 44) continue;
      if (c === 93) {
        this.depth--;
        return out;
      }
      throw GIVE_UP;
    }
  }

  /** As py-json.ts's NUMBER_RE reads it: a fraction or an exponent makes a float. */
  number(): PyValue {
    const b = this.b;
    const start = this.pos;
    let p = start;
    if (b[p] === 45) p++;
    if (b[p] === 48) p++;
    else if (b[p] >= 49 && b[p] <= 57) while (b[p] >= 48 && b[p] <= 57) p++;
    else throw GIVE_UP;
    let float = false;
    if (b[p] === 46) {
      p++;
      if (!(b[p] >= 48 && b[p] <= 57)) throw GIVE_UP;
      while (b[p] >= 48 && b[p] <= 57) p++;
      float = true;
    }
    if (b[p] === 101 || b[p] === 69) {
      p++;
      if (b[p] === 43 || b[p] === 45) p++;
      if (!(b[p] >= 48 && b[p] <= 57)) throw GIVE_UP;
      while (b[p] >= 48 && b[p] <= 57) p++;
      float = true;
    }
    this.pos = p;
    const n = Number(latin1Slice.call(b, start, p));
    if (float) return new PyFloat(n);
    return n === 0 ? 0 : n; // Python has no negative zero int: "-0" is 0
  }

  string(): string {
    const b = this.b;
    let from = this.pos + 1;
    // Short texts (keys, labels) without escapes: a byte loop, cheaper than a native call.
    const shortEnd = Math.min(b.length, from + SHORT_TEXT);
    let p = from;
    for (; p < shortEnd; p++) {
      const c = b[p];
      if (c === 34) {
        this.pos = p + 1;
        return p === from ? "" : utf8Slice.call(b, from, p);
      }
      if (c < 32) throw GIVE_UP; // a raw control character: py-json.ts reports it
      if (c === 92) break;
    }
    // Long texts (documents: most of a row's bytes) and escapes: native searches for the closing
    // quote and the next backslash, the pieces between escapes decoded whole.
    let parts: string[] | null = null;
    let quote = -1;
    for (;;) {
      if (quote < p) {
        quote = b.indexOf(34, p);
        if (quote < 0) throw GIVE_UP;
      }
      if (this.backslash < p) {
        const at = b.indexOf(92, p);
        this.backslash = at < 0 ? b.length : at;
      }
      const at = this.backslash;
      if (quote < at) break;
      // an escape: the pieces are joined once, into one flat string (as py-json.ts does)
      parts ??= [];
      if (at > from) parts.push(this.piece(from, at));
      const e = b[at + 1];
      if (e === 117) {
        let code = 0;
        for (let i = at + 2; i < at + 6; i++) {
          const h = hexValue(b[i]);
          if (h < 0) throw GIVE_UP;
          code = code * 16 + h;
        }
        parts.push(String.fromCharCode(code));
        p = at + 6;
      } else {
        const text = ESCAPED[e];
        if (text === undefined) throw GIVE_UP;
        parts.push(text);
        p = at + 2;
      }
      from = p;
    }
    this.pos = quote + 1;
    const last = quote > from ? this.piece(from, quote) : "";
    if (parts === null) return last;
    parts.push(last);
    return parts.join("");
  }

  /**
   * Bytes without escapes, decoded. A raw control character gives up (py-json.ts reports it): its
   * UTF-8 byte is the only byte below 0x20, so the text has one exactly when the bytes have one.
   */
  private piece(from: number, to: number): string {
    const text = utf8Slice.call(this.b, from, to);
    if (RAW_CONTROL.test(text)) throw GIVE_UP;
    return text;
  }
}

/** Texts longer than this, or with escapes, are searched natively (see RowBytes.string). */
const SHORT_TEXT = 48;
const RAW_CONTROL = /[\x00-\x1f]/;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * The row on a line of valid UTF-8 (no line break), as py-json.ts would parse the decoded line,
 * or null where the fast path gives up (the caller then parses the decoded line).
 */
export function parseRowJson(line: Buffer): PyDict | null {
  const p = new RowBytes(line);
  try {
    if (p.ws() !== 123) return null;
    const row = p.object();
    p.ws();
    return p.pos === line.length ? row : null;
  } catch (e) {
    if (e === GIVE_UP) return null;
    throw e;
  }
}

/**
 * The row on a line of valid UTF-8, prepared for the renderer (prepareRow) without its PyDict; null
 * where parseRowJson gives up.
 */
export function parsePreparedRowJson(line: Buffer): PreparedRow | null {
  const p = new RowBytes(line);
  try {
    if (p.ws() !== 123) return null;
    const row = p.entries(new PreparedRowBuilder());
    p.ws();
    return p.pos === line.length ? row.finish() : null;
  } catch (e) {
    if (e === GIVE_UP) return null;
    if (e === REPEATED_KEY) {
      const row = parseRowJson(line);
      return row === null ? null : prepareRow(row);
    }
    throw e;
  }
}
