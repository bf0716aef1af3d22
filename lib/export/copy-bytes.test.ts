import { describe, expect, it } from "vitest";
import { SHORT_COPY, copyBytes, copyFirst, copyOut } from "./copy-bytes";
import { randomBytes } from "./testing/random-bytes";

const SIZES = [1, 7, SHORT_COPY - 1, SHORT_COPY, SHORT_COPY + 1, 1333, 65_537];

describe("copyBytes", () => {
  for (const shared of [true, false]) {
    it(`copies every byte at any offset into ${shared ? "shared" : "private"} memory, and nothing around it`, () => {
      const memory = shared ? new SharedArrayBuffer(1 << 17) : new ArrayBuffer(1 << 17);
      for (const n of SIZES) {
        for (const at of [0, 1, 3, 8, 13]) {
          const target = new Uint8Array(memory, 5, memory.byteLength - 5).fill(0xee);
          const source = randomBytes(n, n + at);
          copyBytes(target, at, source, shared);
          expect(target.subarray(at, at + n)).toEqual(source);
          expect(target.subarray(0, at).every((b) => b === 0xee)).toBe(true);
          expect(target[at + n]).toBe(0xee);
        }
      }
    });
  }

  for (const shared of [true, false]) {
    it(`copies only the first n bytes of a longer source into ${shared ? "shared" : "private"} memory`, () => {
      const memory = shared ? new SharedArrayBuffer(1 << 17) : new ArrayBuffer(1 << 17);
      for (const n of SIZES) {
        const target = new Uint8Array(memory, 3, memory.byteLength - 3).fill(0xee);
        const source = Buffer.from(randomBytes(n + 500, n));
        copyFirst(target, 7, source, n, shared);
        expect(target.subarray(7, 7 + n)).toEqual(new Uint8Array(source.subarray(0, n)));
        expect(target[6]).toBe(0xee);
        expect(target[7 + n]).toBe(0xee);
      }
    });
  }

  it("copies out of shared memory, and from a view of the same memory to a later place", () => {
    const slot = new Uint8Array(new SharedArrayBuffer(8192), 3, 8000);
    const source = randomBytes(3001, 9);
    copyBytes(slot, 11, source);
    const first = slot.subarray(11, 11 + 3001);
    copyBytes(slot, 4001, first);
    expect(slot.subarray(4001, 7002)).toEqual(source);
    const out = new Uint8Array(4000);
    copyBytes(out, 2, slot.subarray(11, 3012));
    expect(out.subarray(2, 3003)).toEqual(source);
  });

  it("fails, as set does, when the target has no room", () => {
    const target = new Uint8Array(new SharedArrayBuffer(1000));
    expect(() => copyBytes(target, 900, randomBytes(200, 1))).toThrow();
    expect(() => copyBytes(target, 990, randomBytes(20, 1))).toThrow();
  });
});

describe("copyOut", () => {
  it("gives a private copy of a view of shared memory", () => {
    const memory = new SharedArrayBuffer(4096);
    const view = new Uint8Array(memory, 17, 2500);
    view.set(randomBytes(2500, 4));
    const copy = copyOut(view);
    expect(copy.buffer).toBeInstanceOf(ArrayBuffer);
    expect(copy).toEqual(randomBytes(2500, 4));
    view.fill(0);
    expect(copy).toEqual(randomBytes(2500, 4));
  });
});
