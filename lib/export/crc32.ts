/**
 * CRC-32 (zip's, ISO-HDLC) of an export's bytes, chained chunk by chunk.
 *
 * Why not only node:zlib's: a P3 export zips about 10 GB, and zlib.crc32 (table-driven, 6.8 GB/s
 * on the bench machine) took 1.5 s of the zip thread's CPU. @node-rs/crc32 (crc32fast, with
 * PCLMULQDQ where the CPU has it) runs at 15.8 GB/s on the same buffers (README, "CRC-32"). It is a
 * prebuilt native module per platform; where none loads, zlib's gives the same values.
 */
import { crc32 as zlibCrc32 } from "node:zlib";

export type Crc32 = (data: Uint8Array, previous: number) => number;

function loadNative(): Crc32 | null {
  try {
    // required, not imported: a platform without a prebuilt binary falls back instead of failing
    const native = require("@node-rs/crc32") as { crc32(input: Uint8Array, initialState?: number): number };
    return (data, previous) => native.crc32(data, previous);
  } catch {
    return null;
  }
}

/** @internal (exported for its test) the native CRC-32, or null where it does not load */
export const nativeCrc32: Crc32 | null = loadNative();

export const crc32: Crc32 = nativeCrc32 ?? ((data, previous) => zlibCrc32(data, previous));
