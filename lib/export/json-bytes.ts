/**
 * A JSON string written straight into bytes, as Python's `json.dumps(s, ensure_ascii=False)`
 * encodes it to UTF-8: the same text as `Buffer.from(pyJsonString(s))` without the escaped copy of
 * the string. Exports write gigabytes of rendered text; escaping into a new string and encoding
 * that string cost a third of an export's time outside rendering, and its garbage.
 *
 * Escaped, as Python and JSON.stringify do: `"` `\` \b \t \n \f \r and the other controls below
 * U+0020 as `\u00xx`. A lone surrogate (which UTF-8 cannot carry) is left to JSON.stringify, which
 * writes it as `\udxxx`, so such rare strings take the old path and give the old bytes.
 */

// Buffer's UTF-8 writer without argument parsing (untyped in @types/node, so looked up with a fallback).
type Writer = (this: Buffer, s: string, offset: number, length: number) => number;
const proto = Buffer.prototype as unknown as { utf8Write?: Writer };
export const utf8Write: Writer =
  proto.utf8Write ??
  function (this: Buffer, s: string, offset: number, length: number) {
    return this.write(s, offset, length, "utf8");
  };

const NEEDS_CARE = /["\\\x00-\x1f\ud800-\udfff]/g;
const SHORT_ESCAPES: Record<number, number> = { 8: 98, 9: 116, 10: 110, 12: 102, 13: 114, 34: 34, 92: 92 };
const HEX = "0123456789abcdef";

/**
 * Where `s` needs an escape, collected into `marks` (reused between calls), and the most bytes its
 * JSON text can take; -1 when `s` has a lone surrogate (write `JSON.stringify(s)` instead).
 */
export function planJsonString(s: string, marks: number[]): number {
  marks.length = 0;
  NEEDS_CARE.lastIndex = 0;
  // test() with the g flag moves lastIndex past the match without allocating a match array (the
  // class matches one code unit, so the match is at lastIndex - 1)
  while (NEEDS_CARE.test(s)) {
    const i = NEEDS_CARE.lastIndex - 1;
    const c = s.charCodeAt(i);
    if (c >= 0xd800) {
      const next = s.charCodeAt(i + 1);
      if (c >= 0xdc00 || !(next >= 0xdc00 && next <= 0xdfff)) return -1;
      NEEDS_CARE.lastIndex = i + 2; // a well-formed pair: UTF-8 as it is
      continue;
    }
    marks.push(i);
  }
  // UTF-8 takes at most 3 bytes per UTF-16 unit; an escape at most 6 bytes for its 1
  return 3 * s.length + 3 * marks.length + 2;
}

/** Writes the JSON text of `s` at `pos` (room for `planJsonString`'s size is there); returns the end. */
export function writeJsonString(buf: Buffer, pos: number, s: string, marks: readonly number[]): number {
  buf[pos++] = 34;
  let from = 0;
  for (let k = 0; k < marks.length; k++) {
    const at = marks[k];
    if (at > from) pos += utf8Write.call(buf, s.slice(from, at), pos, buf.length - pos);
    const c = s.charCodeAt(at);
    buf[pos++] = 92;
    const short = SHORT_ESCAPES[c];
    if (short !== undefined) buf[pos++] = short;
    else {
      buf[pos++] = 117; // \u00xx
      buf[pos++] = 48;
      buf[pos++] = 48;
      buf[pos++] = HEX.charCodeAt(c >> 4);
      buf[pos++] = HEX.charCodeAt(c & 15);
    }
    from = at + 1;
  }
  if (from < s.length) pos += utf8Write.call(buf, from === 0 ? s : s.slice(from), pos, buf.length - pos);
  buf[pos++] = 34;
  return pos;
}
