import { describe, expect, it } from "vitest";
import { ByteChunks, CHUNK_BYTES } from "./byte-chunks";
import { SlotReader, slotMemory, SlotWriter } from "./output-slots";

const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString("latin1");

describe("output slots", () => {
  it("hands out each slot once until the reader has consumed every byte written in it", () => {
    const memory = slotMemory(3);
    const writer = new SlotWriter(memory);
    const reader = new SlotReader(memory);
    const a = writer.alloc(CHUNK_BYTES, 0);
    const b = writer.alloc(CHUNK_BYTES, 100); // leaves a after 100 bytes
    const c = writer.alloc(CHUNK_BYTES, 10); // leaves b after 10 bytes
    expect(new Set([a.byteOffset, b.byteOffset, c.byteOffset]).size).toBe(3);
    expect(writer.freeSlots()).toBe(0);
    // no slot free: fresh memory, sent by transfer
    const fresh = writer.alloc(CHUNK_BYTES, 20); // leaves c after 20 bytes
    expect(fresh.buffer).not.toBe(memory.data);
    expect(writer.place(fresh.subarray(0, 5))).toBeNull();

    // a's 100 bytes, read in two pieces
    const placeA = writer.place(a.subarray(0, 60))!;
    reader.release(reader.view(placeA.slot, placeA.offset, 60));
    expect(writer.freeSlots()).toBe(0);
    reader.release(reader.view(placeA.slot, 60, 40));
    expect(writer.freeSlots()).toBe(1);
    expect(writer.alloc(CHUNK_BYTES, 0).byteOffset).toBe(a.byteOffset);
  });

  it("does not free the slot being written, however much of it was read", () => {
    const memory = slotMemory(2);
    const writer = new SlotWriter(memory);
    const reader = new SlotReader(memory);
    const a = writer.alloc(CHUNK_BYTES, 0);
    const place = writer.place(a.subarray(0, 10))!;
    reader.release(reader.view(place.slot, 0, 10));
    expect(writer.freeSlots()).toBe(1); // the other slot, never used
    writer.alloc(CHUNK_BYTES, 10); // leaves a: now the other slot is written
    expect(writer.freeSlots()).toBe(1); // a, read in full
  });

  it("gives fresh memory for more than a slot, and waitForRoom returns at once when a slot is free", () => {
    const writer = new SlotWriter(slotMemory(2));
    writer.alloc(CHUNK_BYTES, 0);
    const big = writer.alloc(CHUNK_BYTES + 1, 0);
    expect(big.length).toBeGreaterThan(CHUNK_BYTES);
    expect(big.buffer).toBeInstanceOf(ArrayBuffer);
    writer.waitForRoom();
  });

  it("ignores chunks that are not views of the slots, and needs two slots", () => {
    const memory = slotMemory(2);
    new SlotReader(memory).release(new Uint8Array(10));
    expect(new Int32Array(memory.counters)[0]).toBe(0);
    expect(() => slotMemory(1)).toThrow(/two/);
  });
});

describe("ByteChunks in shared memory", () => {
  it("writes on after the bytes it handed out, without copying a block's end", () => {
    const memory = slotMemory(4);
    const writer = new SlotWriter(memory);
    const out = new ByteChunks(writer.alloc, 64);
    out.ascii("first block");
    const [first] = out.drainBlock();
    out.ascii("second");
    const [second] = out.drain(true);
    expect(first.buffer).toBe(memory.data);
    expect(second.buffer).toBe(memory.data);
    expect(second.byteOffset).toBe(first.byteOffset + first.length);
    expect(text([first])).toBe("first block");
    expect(text([second])).toBe("second");
  });

  it("moves to a new slot when the current one is full, reporting what it wrote in the old", () => {
    const memory = slotMemory(4);
    const writer = new SlotWriter(memory);
    const reader = new SlotReader(memory);
    const out = new ByteChunks(writer.alloc, CHUNK_BYTES);
    const line = "x".repeat(1000) + "\n";
    const lines = Math.ceil((CHUNK_BYTES * 2.5) / line.length);
    const sent: Uint8Array[] = [];
    for (let i = 0; i < lines; i++) {
      out.ascii(line);
      if (out.ready > 0) sent.push(...out.drain());
    }
    sent.push(...out.drain(true));
    expect(sent.reduce((n, c) => n + c.length, 0)).toBe(lines * line.length);
    expect(sent.every((c) => c.buffer === memory.data)).toBe(true);
    expect(text(sent)).toBe(line.repeat(lines));
    // two slots were left, one is being written: reading everything frees the two left
    expect(writer.freeSlots()).toBe(1);
    for (const c of sent) reader.release(c);
    expect(writer.freeSlots()).toBe(3);
  });

  it("keeps memory of its own apart: a block's end under half a chunk is copied, the chunk handed out is not written again", () => {
    const out = new ByteChunks(undefined, 64);
    out.ascii("abc");
    const [block] = out.drainBlock();
    expect(block.buffer.byteLength).toBe(3);
    out.ascii("0123456789".repeat(4));
    const [handed] = out.drain(true);
    out.ascii("zz");
    expect(text([handed])).toBe("0123456789".repeat(4));
    expect(text(out.drain(true))).toBe("zz");
  });
});
