import { describe, expect, it } from "vitest";
import { ByteChunks } from "./byte-chunks";

const text = (chunks: Uint8Array[]) => Buffer.concat(chunks).toString("latin1");
/** chunks of 64 bytes (more when asked), each its own memory */
const alloc = (minBytes: number) => Buffer.alloc(Math.max(64, minBytes));

describe("ByteChunks recycling its chunks", () => {
  it("writes a chunk's memory again only once it was drained and the consumer said it is done", () => {
    const out = new ByteChunks(alloc, 64, true);
    out.ascii("a".repeat(60));
    const first = out.drain(true);
    out.ascii("b".repeat(60));
    const second = out.drain(true);
    // drained, not consumed: fresh memory each time, the bytes handed out untouched
    expect(second[0].buffer).not.toBe(first[0].buffer);
    expect(text(first)).toBe("a".repeat(60));
    out.consumed();
    out.ascii("c".repeat(60));
    const third = out.drain(true); // written in the chunk taken after the second: fresh
    expect([first[0].buffer, second[0].buffer]).not.toContain(third[0].buffer);
    out.ascii("d".repeat(60));
    const fourth = out.drain(true); // written in a consumed chunk's memory
    expect([first[0].buffer, second[0].buffer]).toContain(fourth[0].buffer);
    expect(text(fourth)).toBe("d".repeat(60));
    expect(text(third)).toBe("c".repeat(60));
  });

  it("keeps chunks whose bytes are not drained yet, and without recycling never writes a chunk again", () => {
    const out = new ByteChunks(alloc, 64, true);
    out.ascii("a".repeat(60));
    out.ascii("b".repeat(60)); // "a"s queued, not drained
    out.consumed();
    out.ascii("c".repeat(60));
    expect(text(out.drain(true))).toBe("a".repeat(60) + "b".repeat(60) + "c".repeat(60));

    const plain = new ByteChunks(alloc, 64);
    const seen = new Set<ArrayBufferLike>();
    for (let i = 0; i < 5; i++) {
      plain.ascii(String(i).repeat(60));
      for (const c of plain.drain(true)) seen.add(c.buffer);
      plain.consumed();
    }
    expect(seen.size).toBe(5);
  });
});
