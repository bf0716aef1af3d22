/**
 * The lines of a file, streamed: memory holds one chunk and one line, whatever the size. Lines
 * end at "\n" (a preceding "\r" is dropped), as Python's text files give them; a byte order mark
 * at the start of the file is skipped. Lines stay bytes: rows are parsed from them (row-json.ts),
 * and a line is decoded on its own (`decodeLine`) only where it must be, invalid UTF-8 being an
 * error naming the line instead of silently becoming U+FFFD.
 */
import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";

/** A line's bytes as text; invalid UTF-8 is an error naming the file and line. */
export function decodeLine(bytes: Uint8Array, fileName: string, lineNumber: number): string {
  if (!isUtf8(bytes)) throw new InputFileError(fileName, lineNumber, "invalid UTF-8");
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8");
}

/**
 * The lines of a file as bytes (no "\n", no "\r" before it, no byte order mark), with their
 * number and the offset in the file where each starts. `bytes` is valid until the next line is
 * asked for.
 */
export async function* readLineBytes(fileName: string): AsyncGenerator<{ bytes: Buffer; lineNumber: number; offset: number }> {
  let lineNumber = 0;
  /** file offset of the current chunk's first byte */
  let base = 0;
  const line = (bytes: Buffer, offset: number) => {
    let start = 0;
    if (lineNumber === 0 && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
    let end = bytes.length;
    if (end > start && bytes[end - 1] === 13) end--;
    lineNumber++;
    return { bytes: bytes.subarray(start, end), lineNumber, offset };
  };
  const stream = createReadStream(fileName, { highWaterMark: 1 << 18 });
  const chunks = (async function* () {
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code) throw new InputFileError(fileName, null, `cannot read file (${code})`);
      throw e;
    }
  })();
  /** the start of a line that continues in the next chunk, and where it starts in the file */
  let rest: Buffer | null = null;
  let restAt = 0;
  for await (const chunk of chunks) {
    let start = 0;
    let nl = chunk.indexOf(10);
    if (rest !== null) {
      if (nl === -1) {
        rest = Buffer.concat([rest, chunk]);
        base += chunk.length;
        continue;
      }
      yield line(Buffer.concat([rest, chunk.subarray(0, nl)]), restAt);
      rest = null;
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    for (; nl !== -1; nl = chunk.indexOf(10, start)) {
      yield line(chunk.subarray(start, nl), base + start);
      start = nl + 1;
    }
    if (start < chunk.length) {
      rest = Buffer.from(chunk.subarray(start));
      restAt = base + start;
    }
    base += chunk.length;
  }
  if (rest !== null && rest.length > 0) yield line(rest, restAt);
}

/**
 * As readJsonlRows (file-source.ts) decides it: a line is blank when it trims to nothing. Decided
 * on the bytes for ASCII; a line that is not valid UTF-8 counts as a row (its owner reports it).
 */
export function isBlankLine(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 32 || (b >= 9 && b <= 13)) continue;
    if (b < 128) return false;
    if (!isUtf8(bytes)) return false;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8").trim() === "";
  }
  return true;
}

/** A problem with an input file; the message names the file (and line when known). */
export class InputFileError extends Error {
  constructor(
    readonly fileName: string,
    readonly line: number | null,
    readonly reason: string,
  ) {
    super(`${fileName}${line ? `:${line}` : ""}: ${reason}`);
    this.name = "InputFileError";
  }
}
