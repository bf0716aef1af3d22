import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";

/**
 * The lines of a UTF-8 file, streamed: memory holds one chunk and one line, whatever the size.
 * Lines end at "\n" (a preceding "\r" is dropped), as Python's text files give them; invalid
 * UTF-8 is an error naming the line instead of silently becoming U+FFFD; a byte order mark at the
 * start of the file is skipped.
 *
 * Lines are found in the bytes and each is decoded on its own, so every line is one small flat
 * string: decoding whole chunks made a string of the chunk's size per chunk (in V8's large-object
 * space past 128 KB), which every row sliced from it kept alive.
 */
export async function* readLines(fileName: string): AsyncGenerator<{ line: string; lineNumber: number }> {
  let lineNumber = 0;
  const decode = (bytes: Buffer): string => {
    let start = 0;
    if (lineNumber === 0 && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
    let end = bytes.length;
    if (end > start && bytes[end - 1] === 13) end--;
    const line = bytes.subarray(start, end);
    lineNumber++;
    if (!isUtf8(line)) throw new InputFileError(fileName, lineNumber, "invalid UTF-8");
    return line.toString("utf8");
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
  /** the start of a line that continues in the next chunk */
  let rest: Buffer | null = null;
  for await (const chunk of chunks) {
    let start = 0;
    let nl = chunk.indexOf(10);
    if (rest !== null) {
      if (nl === -1) {
        rest = Buffer.concat([rest, chunk]);
        continue;
      }
      const line = decode(Buffer.concat([rest, chunk.subarray(0, nl)]));
      rest = null;
      yield { line, lineNumber };
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    for (; nl !== -1; nl = chunk.indexOf(10, start)) {
      const line = decode(chunk.subarray(start, nl));
      yield { line, lineNumber };
      start = nl + 1;
    }
    if (start < chunk.length) rest = Buffer.from(chunk.subarray(start));
  }
  if (rest !== null && rest.length > 0) {
    const line = decode(rest);
    yield { line, lineNumber };
  }
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
