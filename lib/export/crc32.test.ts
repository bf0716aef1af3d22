import { crc32 as zlibCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32, nativeCrc32 } from "./crc32";
import { randomBytes } from "./testing/random-bytes";

describe("crc32", () => {
  it("is the native CRC where this platform has a prebuilt binary", () => {
    // the export's CI and bench machines are linux x64 (glibc): a silent fallback there would lose the speed
    if (process.platform === "linux" && process.arch === "x64") expect(nativeCrc32).not.toBeNull();
    expect(crc32 === nativeCrc32 || nativeCrc32 === null).toBe(true);
  });

  it("gives zlib's values, chained over any cut of the bytes, in plain and shared memory", () => {
    const data = randomBytes(300_000, 7);
    const shared = new Uint8Array(new SharedArrayBuffer(data.length));
    shared.set(data);
    const whole = zlibCrc32(data);
    expect(crc32(data, 0)).toBe(whole);
    for (const cut of [1, 7, 64, 4095, 65536, 299_999]) {
      for (const memory of [data, shared]) {
        let c = 0;
        for (let at = 0; at < memory.length; at += cut) c = crc32(memory.subarray(at, at + cut), c);
        expect(c, `cut ${cut}`).toBe(whole);
      }
    }
    expect(crc32(new Uint8Array(0), 12345)).toBe(12345);
    expect(crc32(Buffer.from("123456789"), 0)).toBe(0xcbf43926); // the CRC-32 check value
  });
});
