/**
 * A worker's output memory, shared with the export's thread: `count` chunks ("slots") of
 * CHUNK_BYTES in one SharedArrayBuffer. The worker writes its bytes into a slot and sends where
 * they are (slot, offset, length); the export takes them from there and counts them as consumed.
 * A slot is free again once every byte sent from it is consumed and the worker writes elsewhere.
 *
 * Why not transferred ArrayBuffers (as before): each transferred chunk is an external allocation
 * of the export thread's V8 heap until a collection sweeps its detached buffer, and chunks that
 * wait in the reader's queues (blocks read in file order) were promoted and swept only by full
 * collections: with files shared in blocks the export thread ran one full collection every
 * 64 MB received, 100-170 in a bench export, 4-7 s of CPU. Shared slots allocate nothing per
 * chunk, and the worker writes on after a block's end in the same slot instead of copying the
 * block's last bytes out.
 *
 * The slots are also the back-pressure: a worker that finds no free slot waits, so at most
 * `count` chunks of its output wait to be read.
 */
import { CHUNK_BYTES, freshChunk } from "./byte-chunks";

/** The shared memory of one worker's slots (created by the pool, passed to the worker). */
export interface SlotMemory {
  data: SharedArrayBuffer;
  /** Int32 [releases (a counter the worker waits on), consumed bytes of slot 0, 1, ...] */
  counters: SharedArrayBuffer;
}

export function slotMemory(count: number): SlotMemory {
  if (count < 2) throw new Error("output slots: at least two (one written, one read)");
  return { data: new SharedArrayBuffer(count * CHUNK_BYTES), counters: new SharedArrayBuffer(4 * (count + 1)) };
}

/** Where a sent chunk is: a slot's bytes, or memory of its own (transferred). */
export type ChunkPlace = { slot: number; offset: number } | null;

/** The worker's side: hands out slots to its ByteChunks and accounts for what it sends. */
export class SlotWriter {
  private readonly counters: Int32Array;
  private readonly count: number;
  /** bytes written in each slot the writer has left (consumed in full: free again) */
  private readonly written: number[];
  /** the slot being written (-1: fresh memory) */
  private current = -1;

  constructor(private readonly memory: SlotMemory) {
    this.counters = new Int32Array(memory.counters);
    this.count = memory.data.byteLength / CHUNK_BYTES;
    this.written = new Array<number>(this.count).fill(0);
  }

  private isFree(slot: number): boolean {
    return slot !== this.current && Atomics.load(this.counters, 1 + slot) === this.written[slot];
  }

  /**
   * Memory for the writer's next chunk (ByteChunks' `alloc`), called when it leaves its current
   * chunk after writing `used` bytes in it: a free slot, or fresh memory when none is (or for more
   * than a chunk), which is sent by transfer.
   */
  readonly alloc = (minBytes: number, used: number): Buffer => {
    if (this.current >= 0) this.written[this.current] = used;
    if (minBytes <= CHUNK_BYTES) {
      for (let s = 0; s < this.count; s++) {
        if (!this.isFree(s)) continue;
        Atomics.store(this.counters, 1 + s, 0);
        this.current = s;
        return Buffer.from(this.memory.data, s * CHUNK_BYTES, CHUNK_BYTES);
      }
    }
    this.current = -1;
    return freshChunk(minBytes);
  };

  /** Where a chunk about to be sent is (null: not in a slot). */
  place(chunk: Uint8Array): ChunkPlace {
    if (chunk.buffer !== this.memory.data) return null;
    const slot = Math.floor(chunk.byteOffset / CHUNK_BYTES);
    return { slot, offset: chunk.byteOffset - slot * CHUNK_BYTES };
  }

  /** Slots free now (not the one being written). */
  freeSlots(): number {
    let n = 0;
    for (let s = 0; s < this.count; s++) if (this.isFree(s)) n++;
    return n;
  }

  /** Waits until a slot other than the one being written is free (the reader consumes in order). */
  waitForRoom(): void {
    for (;;) {
      const seen = Atomics.load(this.counters, 0);
      for (let s = 0; s < this.count; s++) if (this.isFree(s)) return;
      Atomics.wait(this.counters, 0, seen, 1000);
    }
  }
}

/** The export thread's side: views of the slots, and their release once read. */
export class SlotReader {
  private readonly counters: Int32Array;

  constructor(private readonly memory: SlotMemory) {
    this.counters = new Int32Array(memory.counters);
  }

  view(slot: number, offset: number, length: number): Uint8Array {
    return new Uint8Array(this.memory.data, slot * CHUNK_BYTES + offset, length);
  }

  /** `chunk` is a view of these slots. */
  holds(chunk: Uint8Array): boolean {
    return chunk.buffer === this.memory.data;
  }

  /** The reader is done with `chunk`: its bytes count as consumed when it is a view of a slot. */
  release(chunk: Uint8Array): void {
    if (!this.holds(chunk)) return;
    Atomics.add(this.counters, 1 + Math.floor(chunk.byteOffset / CHUNK_BYTES), chunk.length);
    Atomics.add(this.counters, 0, 1);
    Atomics.notify(this.counters, 0);
  }
}
