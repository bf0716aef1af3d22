/**
 * File bytes -> text. Only UTF-8 is accepted (a byte-order mark is dropped); anything else is
 * refused with the offset and line of the first byte that is not UTF-8, since guessing an
 * encoding would silently change the rows.
 */
import { validationError } from "@/lib/errors";

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= n) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** The refusal for a file that is not UTF-8, naming the first bad byte's offset and line. */
export function notUtf8(bytes: Uint8Array, fileName: string) {
  const at = Math.max(0, firstInvalidUtf8(bytes));
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
  const hex = bytes[at]?.toString(16).padStart(2, "0") ?? "??";
  return validationError(`${fileName} is not UTF-8 text: byte ${at} (line ${line}) is 0x${hex}. Save the file as UTF-8 and try again`);
}

export function decodeUtf8(bytes: Uint8Array, fileName: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw notUtf8(bytes, fileName);
  }
}

/** 3 when the bytes start with a UTF-8 byte-order mark (dropped, as TextDecoder drops it), else 0. */
export function bomLength(bytes: Uint8Array): number {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** Nothing but ASCII white space (and a byte-order mark): the file is empty. */
export function isBlank(bytes: Uint8Array): boolean {
  for (let i = bomLength(bytes); i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return true;
}

/**
 * The file's text in blocks of about `blockBytes` that each end after a newline (so that no
 * UTF-8 sequence and no line is cut), decoded strictly: a byte that is not UTF-8 is refused with
 * the whole file's offset and line, as `decodeUtf8` does. The whole text is never one string.
 */
export function* textBlocks(bytes: Uint8Array, fileName: string, blockBytes = 1 << 20): Generator<{ text: string; last: boolean }> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  let start = bomLength(bytes);
  const n = bytes.length;
  while (start < n) {
    let end = Math.min(n, start + blockBytes);
    if (end < n) {
      const nl = bytes.lastIndexOf(0x0a, end - 1);
      if (nl >= start) end = nl + 1;
      else {
        // one line longer than a block: take it whole
        const next = bytes.indexOf(0x0a, end);
        end = next === -1 ? n : next + 1;
      }
    }
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(start, end));
    } catch {
      throw notUtf8(bytes, fileName);
    }
    start = end;
    yield { text, last: start >= n };
  }
}
