import { createReadStream } from "node:fs";

/**
 * The lines of a UTF-8 file, streamed: memory holds one chunk and one line, whatever the size.
 * Lines end at "\n" (a preceding "\r" is dropped), as Python's text files give them; invalid
 * UTF-8 is an error naming the line instead of silently becoming U+FFFD.
 */
export async function* readLines(fileName: string): AsyncGenerator<{ line: string; lineNumber: number }> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let pending = "";
  let lineNumber = 0;
  const decode = (chunk?: Buffer) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      // Find the line: decode leniently and count the newlines before the first replacement.
      const lenient = pending + (chunk ? new TextDecoder("utf-8").decode(chunk) : "\ufffd");
      const bad = lenient.indexOf("\ufffd");
      throw new InputFileError(fileName, lineNumber + 1 + countNewlines(lenient.slice(0, bad === -1 ? undefined : bad)), "invalid UTF-8");
    }
  };
  const stream = createReadStream(fileName);
  const chunks = (async function* () {
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code) throw new InputFileError(fileName, null, `cannot read file (${code})`);
      throw e;
    }
  })();
  for await (const chunk of chunks) {
    pending += decode(chunk);
    let start = 0;
    for (let nl = pending.indexOf("\n"); nl !== -1; nl = pending.indexOf("\n", start)) {
      const end = nl > start && pending.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield { line: pending.slice(start, end), lineNumber: ++lineNumber };
      start = nl + 1;
    }
    pending = pending.slice(start);
  }
  pending += decode();
  if (pending.length > 0) yield { line: pending.endsWith("\r") ? pending.slice(0, -1) : pending, lineNumber: ++lineNumber };
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) n++;
  return n;
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
