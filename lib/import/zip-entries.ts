/**
 * Reads the files of an uploaded zip without trusting it. The archive is untrusted input, so:
 * - every entry's path is checked before anything is inflated (absolute paths, `..`, backslashes,
 *   drive letters and NUL bytes reject the whole upload: such an archive was made to escape);
 * - the number of entries is capped;
 * - inflated bytes are counted as they come out of the decoder, and inflating stops as soon as the
 *   total passes the cap (the sizes a zip declares can lie, so they are not believed). The input is
 *   fed to fflate in small chunks so one step can never inflate more than a few megabytes;
 * - only the entries the caller wants are inflated at all (for an import: `templates.yaml` files).
 * Any of these is an ImportInputError and nothing is returned.
 */
import { Unzip, UnzipInflate, UnzipPassThrough, type UnzipFile } from "fflate";

export interface ZipLimits {
  /** entries in the archive, folders included */
  maxEntries: number;
  /** inflated bytes of the wanted entries together */
  maxTotalBytes: number;
}

export interface ArchiveFile {
  /** path inside the archive or below the folder, with "/" separators */
  path: string;
  bytes: Uint8Array;
}

export type ImportInputErrorCode = "TOO_LARGE" | "TOO_MANY_ENTRIES" | "UNSAFE_PATH" | "NOT_A_ZIP" | "UNSUPPORTED_COMPRESSION";

/** The upload as a whole is refused; nothing of it is imported. */
export class ImportInputError extends Error {
  constructor(
    readonly code: ImportInputErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ImportInputError";
  }
}

// 16 KiB of deflate input inflates to at most ~16.5 MiB (deflate's ratio is bounded by ~1032:1).
const FEED_CHUNK = 16 * 1024;

/** Why a path is unsafe, or null when it is a plain relative path. */
export function unsafePathReason(name: string): string | null {
  if (name.includes("\0")) return "contains a NUL byte";
  if (name.includes("\\")) return "contains a backslash";
  if (name.startsWith("/")) return "is absolute";
  if (/^[A-Za-z]:/.test(name)) return "starts with a drive letter";
  if (name.split("/").some((part) => part === "..")) return "goes up a folder (..)";
  return null;
}

export function readZipFiles(zip: Uint8Array, limits: ZipLimits, want: (path: string) => boolean): ArchiveFile[] {
  // A zip starts with a local file header ("PK\x03\x04") or, when empty, the end record ("PK\x05\x06").
  if (zip.length < 4 || zip[0] !== 0x50 || zip[1] !== 0x4b || !((zip[2] === 3 && zip[3] === 4) || (zip[2] === 5 && zip[3] === 6))) {
    throw new ImportInputError("NOT_A_ZIP", "The upload is not a zip file");
  }
  const out: ArchiveFile[] = [];
  let entries = 0;
  let total = 0;
  let failure: ImportInputError | null = null;
  const pending: { name: string; chunks: Uint8Array[]; done: boolean }[] = [];

  const unzip = new Unzip((file: UnzipFile) => {
    if (failure) return;
    entries++;
    if (entries > limits.maxEntries) {
      failure = new ImportInputError("TOO_MANY_ENTRIES", `The zip has more than ${limits.maxEntries} entries`);
      return;
    }
    const reason = unsafePathReason(file.name);
    if (reason) {
      failure = new ImportInputError("UNSAFE_PATH", `Zip entry "${file.name.replace(/\0/g, "\\0")}" ${reason}; the upload was refused`);
      return;
    }
    if (file.name.endsWith("/") || !want(file.name)) return;
    if (file.compression !== 0 && file.compression !== 8) {
      failure = new ImportInputError("UNSUPPORTED_COMPRESSION", `Zip entry "${file.name}" uses compression method ${file.compression} (only stored and deflate are read)`);
      return;
    }
    const entry = { name: file.name, chunks: [] as Uint8Array[], done: false };
    pending.push(entry);
    file.ondata = (err, data, final) => {
      if (failure) return;
      if (err) {
        failure = new ImportInputError("NOT_A_ZIP", `Zip entry "${file.name}" is damaged (${err.message})`);
        return;
      }
      total += data.length;
      if (total > limits.maxTotalBytes) {
        failure = new ImportInputError("TOO_LARGE", `The zip inflates to more than ${formatBytes(limits.maxTotalBytes)}; the upload was refused`);
        file.terminate();
        return;
      }
      if (data.length) entry.chunks.push(data);
      if (final) entry.done = true;
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);

  try {
    for (let offset = 0; offset < zip.length && !failure; offset += FEED_CHUNK) {
      const end = Math.min(offset + FEED_CHUNK, zip.length);
      unzip.push(zip.subarray(offset, end), end === zip.length);
    }
  } catch (e) {
    failure ??= new ImportInputError("NOT_A_ZIP", `The zip file is damaged (${(e as Error).message})`);
  }
  if (failure) throw failure;
  for (const entry of pending) {
    if (!entry.done) throw new ImportInputError("NOT_A_ZIP", `Zip entry "${entry.name}" is truncated`);
    out.push({ path: entry.name, bytes: concat(entry.chunks) });
  }
  return out;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const size = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 102.4) / 10} KB`;
  return `${n} bytes`;
}
