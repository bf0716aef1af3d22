/**
 * An export as a zip, produced chunk by chunk: each file is stored or deflated as its content is
 * read, so memory holds a chunk, not the archive. Deterministic: entries in the order given, a
 * fixed timestamp (1980-01-01 00:00, the first DOS date) and fixed attributes, and deflate (fflate,
 * pure JavaScript, the same bytes on every machine) fed in fixed 64 KB blocks, so the same files
 * give the same bytes however their content was chunked.
 *
 * ZIP64: sizes are not known before a file is written (local headers have bit 3 set and a data
 * descriptor follows the data), so an entry of 4 GiB or more gets a ZIP64 data descriptor (8-byte
 * sizes), and the central directory gets the ZIP64 extra field for any size or offset that does
 * not fit 32 bits, and the ZIP64 end records when the archive has 65,535 entries or more, or its
 * directory starts or ends past 4 GiB (as Go's archive/zip writes them). Below those limits the
 * archive has no ZIP64 record at all. Entries are "made by" Unix with mode 0644 and flag their
 * names as UTF-8 (fflate's streaming Zip, used before, said MS-DOS, which made Info-ZIP's unzip
 * misread non-ASCII names).
 */
import { crc32 } from "./crc32";
import { Deflate } from "fflate";
import type { ExportFile } from "./types";

export interface ZipOptions {
  /** 0: stored; 1-9: deflate level (default 6). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** @internal tests: sizes and offsets from this value on are written as ZIP64 (default 0xffffffff) */
  zip64From?: number;
  /** @internal tests: entry counts from this value on need the ZIP64 end records (default 0xffff) */
  zip64Entries?: number;
}

const DEFLATE_BLOCK = 1 << 16;
const U32 = 0xffffffff;
/** 1980-01-01 00:00 as a DOS date and time (date in the high half) */
const DOS_TIME = (1 << 21) | (1 << 16);
/** external attributes of a Unix-made entry: st_mode in the high 16 bits (S_IFREG | 0644) */
const FILE_MODE = (0o100644 << 16) >>> 0;

interface Entry {
  name: Uint8Array;
  flags: number;
  method: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

export async function* zipFiles(files: AsyncIterable<ExportFile>, options: ZipOptions = {}): AsyncGenerator<Uint8Array> {
  const level = options.level ?? 6;
  const big = options.zip64From ?? U32;
  const manyEntries = options.zip64Entries ?? 0xffff;
  const entries: Entry[] = [];
  let offset = 0;

  for await (const file of files) {
    const name = Buffer.from(file.path, "utf8");
    if (name.length > 0xffff) throw new Error(`zip: file name too long: ${file.path.slice(0, 80)}...`);
    const method = level === 0 ? 0 : 8;
    // general purpose flags as fflate set them: bit 3 (data descriptor), deflate's level hint in
    // bits 1-2, bit 11 for a UTF-8 name
    const flags = 8 | (method === 8 ? deflateLevelBits(level) << 1 : 0) | (name.length !== file.path.length ? 0x800 : 0);
    const entry: Entry = { name, flags, method, crc: 0, compressed: 0, size: 0, offset };
    const header = localHeader(entry);
    offset += header.length;
    yield header;

    if (method === 0) {
      for await (const chunk of file.content) {
        if (chunk.length === 0) continue;
        entry.crc = crc32(chunk, entry.crc);
        entry.size += chunk.length;
        offset += chunk.length;
        yield chunk;
      }
      entry.compressed = entry.size;
    } else {
      const out: Uint8Array[] = [];
      const deflate = new Deflate({ level }, (data) => {
        if (data.length > 0) out.push(data);
      });
      const block = new Uint8Array(DEFLATE_BLOCK);
      let filled = 0;
      const drain = function* () {
        for (const data of out.splice(0)) {
          entry.compressed += data.length;
          offset += data.length;
          yield data;
        }
      };
      for await (const chunk of file.content) {
        entry.crc = crc32(chunk, entry.crc);
        entry.size += chunk.length;
        for (let at = 0; at < chunk.length; ) {
          const n = Math.min(DEFLATE_BLOCK - filled, chunk.length - at);
          block.set(chunk.subarray(at, at + n), filled);
          filled += n;
          at += n;
          if (filled === DEFLATE_BLOCK) {
            // fflate copies what it is given into its own window
            deflate.push(block, false);
            filled = 0;
          }
        }
        yield* drain();
      }
      deflate.push(block.subarray(0, filled), true);
      yield* drain();
    }

    const zip64 = entry.size >= big || entry.compressed >= big;
    const descriptor = Buffer.alloc(zip64 ? 24 : 16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(entry.crc >>> 0, 4);
    if (zip64) {
      descriptor.writeBigUInt64LE(BigInt(entry.compressed), 8);
      descriptor.writeBigUInt64LE(BigInt(entry.size), 16);
    } else {
      descriptor.writeUInt32LE(entry.compressed, 8);
      descriptor.writeUInt32LE(entry.size, 12);
    }
    offset += descriptor.length;
    yield descriptor;
    entries.push(entry);
  }

  // central directory
  const directoryStart = offset;
  let directorySize = 0;
  for (const e of entries) {
    const record = centralHeader(e, big);
    directorySize += record.length;
    yield record;
  }
  const directoryEnd = directoryStart + directorySize;
  const zip64End = entries.length >= manyEntries || directoryStart >= big || directorySize >= big;
  if (zip64End) {
    const end64 = Buffer.alloc(56 + 20);
    end64.writeUInt32LE(0x06064b50, 0);
    end64.writeBigUInt64LE(44n, 4); // size of the rest of this record
    end64.writeUInt16LE(45, 12); // version made by
    end64.writeUInt16LE(45, 14); // version needed
    end64.writeBigUInt64LE(BigInt(entries.length), 24);
    end64.writeBigUInt64LE(BigInt(entries.length), 32);
    end64.writeBigUInt64LE(BigInt(directorySize), 40);
    end64.writeBigUInt64LE(BigInt(directoryStart), 48);
    // locator
    end64.writeUInt32LE(0x07064b50, 56);
    end64.writeBigUInt64LE(BigInt(directoryEnd), 64);
    end64.writeUInt32LE(1, 72); // total number of disks
    yield end64;
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const count = zip64End && entries.length >= manyEntries ? 0xffff : entries.length;
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(zip64End && directorySize >= big ? U32 : directorySize, 12);
  end.writeUInt32LE(zip64End && directoryStart >= big ? U32 : directoryStart, 16);
  yield end;
}

/** fflate's flag for a deflate level (bits 1-2 of the general purpose flags). */
function deflateLevelBits(level: number): number {
  return level === 1 ? 3 : level < 6 ? 2 : level === 9 ? 1 : 0;
}

function localHeader(e: Entry): Buffer {
  const h = Buffer.alloc(30 + e.name.length);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4); // version needed
  h.writeUInt16LE(e.flags, 6);
  h.writeUInt16LE(e.method, 8);
  h.writeUInt32LE(DOS_TIME, 10);
  // crc and sizes: 0, in the data descriptor
  h.writeUInt16LE(e.name.length, 26);
  h.set(e.name, 30);
  return h;
}

function centralHeader(e: Entry, big: number): Buffer {
  const extra: bigint[] = [];
  const size = e.size >= big ? (extra.push(BigInt(e.size)), U32) : e.size;
  const compressed = e.compressed >= big ? (extra.push(BigInt(e.compressed)), U32) : e.compressed;
  const offset = e.offset >= big ? (extra.push(BigInt(e.offset)), U32) : e.offset;
  const extraLength = extra.length > 0 ? 4 + 8 * extra.length : 0;
  const version = extra.length > 0 ? 45 : 20;
  const h = Buffer.alloc(46 + e.name.length + extraLength);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE((3 << 8) | version, 4); // version made by: Unix, so that the attributes below are a file mode
  h.writeUInt16LE(version, 6); // version needed
  h.writeUInt16LE(e.flags, 8);
  h.writeUInt16LE(e.method, 10);
  h.writeUInt32LE(DOS_TIME, 12);
  h.writeUInt32LE(e.crc >>> 0, 16);
  h.writeUInt32LE(compressed, 20);
  h.writeUInt32LE(size, 24);
  h.writeUInt16LE(e.name.length, 28);
  h.writeUInt16LE(extraLength, 30);
  // comment length, disk number, internal attributes: 0
  h.writeUInt32LE(FILE_MODE, 38); // external attributes: a regular file, rw-r--r--
  h.writeUInt32LE(offset, 42);
  h.set(e.name, 46);
  if (extraLength > 0) {
    let at = 46 + e.name.length;
    h.writeUInt16LE(0x0001, at);
    h.writeUInt16LE(8 * extra.length, at + 2);
    at += 4;
    for (const v of extra) {
      h.writeBigUInt64LE(v, at);
      at += 8;
    }
  }
  return h;
}
