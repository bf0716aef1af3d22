/**
 * An export as a zip, produced chunk by chunk (fflate's streaming Zip): each file is deflated as
 * its content is read, so memory holds one chunk, not the archive. Deterministic: entries in the
 * order given, a fixed timestamp (1980-01-01 00:00, the first DOS date) and fixed attributes, so
 * the same files give the same bytes.
 *
 * fflate writes no ZIP64 records: an archive must stay under 4 GiB and 65,535 entries. Past
 * that the writer stops with an error instead of writing a zip no tool can read (use a folder).
 */
import { Zip, ZipDeflate } from "fflate";
import type { ExportFile } from "./types";

const ZIP32_LIMIT = 0xffffffff;
const MAX_ENTRIES = 0xffff;

export interface ZipOptions {
  /** Deflate level 0-9 (default 6). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

export class ZipTooLargeError extends Error {
  constructor(reason: string) {
    super(`the export is too large for a zip without ZIP64 (${reason}); write it to a folder instead`);
    this.name = "ZipTooLargeError";
  }
}

export async function* zipFiles(files: AsyncIterable<ExportFile>, options: ZipOptions = {}): AsyncGenerator<Uint8Array> {
  // Local time: fflate reads the date's local fields, so this is 1980-01-01 00:00 in any zone.
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const level = options.level ?? 6;
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  let written = 0;
  let entries = 0;
  const zip = new Zip((err, data) => {
    if (err) failure = err;
    else out.push(data);
  });
  const drain = (): Uint8Array | null => {
    if (failure) throw failure;
    if (out.length === 0) return null;
    const data = out.length === 1 ? out[0] : concat(out);
    out.length = 0;
    written += data.length;
    if (written >= ZIP32_LIMIT) throw new ZipTooLargeError("over 4 GiB");
    return data;
  };

  for await (const file of files) {
    if (++entries > MAX_ENTRIES) throw new ZipTooLargeError("over 65,535 files");
    const entry = new ZipDeflate(file.path, { level });
    entry.mtime = mtime;
    zip.add(entry);
    let size = 0;
    for await (const chunk of file.content) {
      size += chunk.length;
      if (size >= ZIP32_LIMIT) throw new ZipTooLargeError(`${file.path} over 4 GiB`);
      entry.push(chunk);
      const data = drain();
      if (data) yield data;
    }
    entry.push(new Uint8Array(0), true);
    const data = drain();
    if (data) yield data;
  }
  zip.end();
  const tail = drain();
  if (tail) yield tail;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
