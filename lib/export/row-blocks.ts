/**
 * A rows file shared between export workers without parsing it twice: the file's bytes are cut
 * into blocks of equal size, a row belongs to the block where its line starts, and block j is
 * worker j mod N's. Each worker reads the whole file for its line breaks (row indexes are global:
 * the seed of row i is seed base + i) but decodes and parses only its own blocks' lines, and keeps
 * only those for the next template. A template's file is then its blocks in order, whichever
 * worker made each (worker-pool.ts), so the bytes do not depend on N or on the block size.
 */
import type { PreparedRow } from "../render/index";
import type { PyDict } from "../render/values";
import { parsePreparedRowBytes, parseRowBytes } from "./rows-file";
import { isBlankLine, readLineBytes } from "./read-lines";
import { preparedRowChars } from "./row-cache";

/** Blocks per worker for a file (more: better balance; fewer: fewer messages). */
const BLOCKS_PER_WORKER = 4;
const MIN_BLOCK_BYTES = 64 << 10;
const MAX_BLOCK_BYTES = 4 << 20;

/** How a shared file is cut: the block size, and the number of blocks (at least one). */
export interface FileBlocks {
  bytes: number;
  count: number;
}

/**
 * Rows files from this size on are shared between `workers` in blocks: at the smallest block
 * size, each worker gets its four. A smaller file would leave workers idle; it goes whole to one
 * (parsed again by each worker that takes one of its templates, which costs little at that size).
 */
export function sharedRowsFile(workers: number): number {
  return workers * BLOCKS_PER_WORKER * MIN_BLOCK_BYTES;
}

/** The blocks of a file of `fileSize` bytes among `workers` (`blockBytes` > 0: that size, for tests). */
export function fileBlocks(fileSize: number, workers: number, blockBytes = 0): FileBlocks {
  const bytes = blockBytes > 0 ? blockBytes : Math.min(MAX_BLOCK_BYTES, Math.max(MIN_BLOCK_BYTES, Math.ceil(fileSize / (workers * BLOCKS_PER_WORKER))));
  return { bytes, count: Math.max(1, Math.ceil(fileSize / bytes)) };
}

/** A whole file as one block. */
export const WHOLE_FILE: FileBlocks = { bytes: Number.MAX_SAFE_INTEGER, count: 1 };

export interface RowBlock<Row> {
  /** the block's number in the file (0, 1, ...) */
  block: number;
  /** the index of its first row in the file (blank lines do not count) */
  first: number;
  rows: Row[];
}

/**
 * Worker `worker`'s blocks of a rows file, in order, every one of them (empty ones too). The cut
 * comes from the pool, the same for every worker, measured once on the file's size.
 */
export function ownBlocks(fileName: string, worker: number, workers: number, blocks: FileBlocks): AsyncGenerator<RowBlock<PyDict>>;
export function ownBlocks<Row>(fileName: string, worker: number, workers: number, blocks: FileBlocks, parse: (bytes: Buffer, lineNumber: number, fileName: string) => Row): AsyncGenerator<RowBlock<Row>>;
export async function* ownBlocks<Row>(
  fileName: string,
  worker: number,
  workers: number,
  blocks: FileBlocks,
  parse: (bytes: Buffer, lineNumber: number, fileName: string) => Row = parseRowBytes as never,
): AsyncGenerator<RowBlock<Row>> {
  let next = worker;
  let current: RowBlock<Row> | null = null;
  let rowIndex = 0;
  const take = (): RowBlock<Row> => {
    const b = current !== null && current.block === next ? current : { block: next, first: rowIndex, rows: [] };
    current = null;
    next += workers;
    return b;
  };
  for await (const { bytes, lineNumber, offset } of readLineBytes(fileName)) {
    if (isBlankLine(bytes)) continue;
    const block = Math.min(Math.floor(offset / blocks.bytes), blocks.count - 1);
    while (next < block) yield take();
    if (block === next) {
      current ??= { block, first: rowIndex, rows: [] };
      current.rows.push(parse(bytes, lineNumber, fileName));
    }
    rowIndex++;
  }
  while (next < blocks.count) yield take();
}

/**
 * A worker's blocks of one rows file, prepared for the renderer, kept for the next template while
 * their estimated size stays under the budget (as row-cache.ts does for a whole split).
 */
export class OwnRows {
  private complete: RowBlock<PreparedRow>[] | null = null;
  private tooBig = false;

  constructor(
    readonly fileName: string,
    private readonly worker: number,
    private readonly workers: number,
    /** how the file is cut (the same in every worker) */
    readonly cut: FileBlocks,
    private readonly budgetChars: number,
  ) {}

  async *blocks(): AsyncGenerator<RowBlock<PreparedRow>> {
    if (this.complete !== null) {
      yield* this.complete;
      return;
    }
    let keep: RowBlock<PreparedRow>[] | null = this.budgetChars > 0 && !this.tooBig ? [] : null;
    let size = 0;
    // each row prepared as it is parsed: no PyDict per row, and nothing of it left over
    for await (const prepared of ownBlocks(this.fileName, this.worker, this.workers, this.cut, parsePreparedRowBytes)) {
      if (keep !== null) {
        for (const row of prepared.rows) size += preparedRowChars(row);
        if (size > this.budgetChars) {
          keep = null;
          this.tooBig = true;
        } else keep.push(prepared);
      }
      yield prepared;
    }
    this.complete = keep;
  }
}
