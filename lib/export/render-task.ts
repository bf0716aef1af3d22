/**
 * One template over one split: the data file's bytes, then (P3, templates with answer choices)
 * the score-eval file's bytes. The unit of work of an export, in this thread or in a worker
 * (worker-pool.ts): the same code gives the same bytes either way.
 *
 * Rows are rendered with the seeding contract (seed base + row index) and written straight into
 * byte chunks (byte-chunks.ts). For score-eval, the encoded inputs of the kept examples are kept
 * (up to `scoreBufferBytes`), framed as their score-eval lines repeat them (records.ts
 * `scoreInput`), so that the second file copies them; past that the rows are rendered again,
 * which gives the same results.
 */
import { applyTemplate, type PreparedRow, type PreparedTemplate } from "../render/index";
import { ByteArena, ByteChunks } from "./byte-chunks";
import { KeptExamples } from "./kept-examples";
import { alpacaElement, correctChoices, formatLine, P3Lines, SCORE_INPUT_HEAD, SCORE_INPUT_TAIL, scoreInput, toExample, type Example } from "./records";
import type { ExportFormat, SplitCounts } from "./types";

export type DataFormat = Exclude<ExportFormat, "promptsource" | "sni">;

/** A score-eval line's fixed text beside its input and choice (`{"idx": [i, c], ...}`), at most. */
const SCORE_LINE_BYTES = 128;

export interface RenderTaskOptions {
  format: DataFormat;
  /** P3 folder name (FLAN's task_name) */
  folder: string;
  choicesInPrompt: boolean | null;
  /** write the score-eval file after the data file (P3, template with answer choices) */
  scoreEval: boolean;
  seedBase: number;
  scoreBufferBytes: number;
  /**
   * Memory for the kept inputs and what is kept of their examples, reused from task to task by a
   * thread that runs one task at a time (a worker): emptied here. Without it the task has its own.
   */
  scoreArena?: ByteArena;
  keptExamples?: KeptExamples;
}

/** The rows of a split: all of them in memory, or a fresh stream of them on each call. */
export interface RowsOfSplit {
  cached(): readonly PreparedRow[] | null;
  stream(): AsyncIterable<PreparedRow>;
}

export class RenderTask {
  private readonly out: ByteChunks;
  private readonly p3 = new P3Lines();
  private arena: ByteArena | null;
  private kept: KeptExamples | null;
  /** worker blocks: the block being rendered, and the next kept example to write in scoreBlock */
  private block = 0;
  private nextKept = 0;

  constructor(
    private readonly template: PreparedTemplate,
    /** null for a worker, which gives its rows block by block (mainBlock, scoreBlock) */
    private readonly rows: RowsOfSplit | null,
    private readonly options: RenderTaskOptions,
    /** called after every render (progress, cancellation) */
    private readonly rendered: () => void,
    readonly counts: SplitCounts = { records: 0, dropped: 0, errors: 0 },
    readonly scoreCounts: SplitCounts = { records: 0, dropped: 0, errors: 0 },
    /**
     * where the bytes are written, kept from task to task: a worker's (drained at every block's
     * end), or an export's that recycles its chunks (ExportOptions.reuseChunks); else the task's own
     */
    out?: ByteChunks,
  ) {
    this.out = out ?? new ByteChunks();
    const keep = options.format === "p3" && options.scoreEval && options.scoreBufferBytes > 0;
    this.arena = !keep ? null : options.scoreArena !== undefined ? options.scoreArena.reset(options.scoreBufferBytes) : new ByteArena(options.scoreBufferBytes);
    this.kept = !keep ? null : options.keptExamples !== undefined ? options.keptExamples.reset() : new KeptExamples();
  }

  private allRows(): RowsOfSplit {
    if (this.rows === null) throw new Error("RenderTask: no rows given; use mainBlock and scoreBlock");
    return this.rows;
  }

  private render(row: PreparedRow, rowIndex: number, count: boolean): Example | "error" | "dropped" {
    const ex = toExample(applyTemplate(this.template, row, { seed: this.options.seedBase + rowIndex }));
    if (count) this.rendered();
    return ex;
  }

  /** The bytes written so far (`all`: the partly filled chunk too), handed to the consumer, who is then done with them. */
  private *drained(all = false): Generator<Uint8Array> {
    yield* this.out.drain(all);
    // the consumer asked for the next chunk: a recycling ByteChunks may write their memory again
    this.out.consumed();
  }

  /** The data file, as chunks. */
  async *main(): AsyncGenerator<Uint8Array> {
    const alpaca = this.options.format === "alpaca";
    if (alpaca) this.out.ascii("[");
    const cached = this.allRows().cached();
    if (cached !== null) {
      for (let i = 0; i < cached.length; i++) {
        this.mainRow(cached[i], i);
        if (this.out.ready > 0) yield* this.drained();
      }
    } else {
      let i = 0;
      for await (const row of this.allRows().stream()) {
        this.mainRow(row, i++);
        if (this.out.ready > 0) yield* this.drained();
      }
    }
    if (alpaca) this.out.ascii(this.counts.records > 0 ? "\n]" : "]");
    yield* this.drained(true);
  }

  private mainRow(row: PreparedRow, rowIndex: number): void {
    const ex = this.render(row, rowIndex, true);
    const counts = this.counts;
    if (ex === "error") counts.errors++;
    else if (ex === "dropped") counts.dropped++;
    else if (this.options.format === "p3") {
      const input = this.p3.line(this.out, ex);
      counts.records++;
      if (this.arena !== null) {
        const at = this.arena.add(input, SCORE_INPUT_HEAD, SCORE_INPUT_TAIL, this.out.shared);
        if (at < 0) {
          // over the budget: the score-eval pass renders again
          this.arena = null;
          this.kept = null;
        } else this.kept!.add(this.block, at, this.arena.length - at, ex.answerChoices, ex.targets);
      }
    } else if (this.options.format === "alpaca") {
      const element = alpacaElement(ex);
      if (element === null) counts.dropped++;
      else {
        this.out.utf8((counts.records > 0 ? ",\n    " : "\n    ") + element);
        counts.records++;
      }
    } else {
      const line = formatLine(this.options.format, ex, this.options);
      if (line === null) counts.dropped++;
      else {
        this.out.utf8(line);
        counts.records++;
      }
    }
  }

  /** The score-eval lines of an example rendered again (its input was not kept); returns how many. */
  private scoreEvalAgain(exampleIndex: number, ex: Example): number {
    return this.p3.scoreEval(this.out, exampleIndex, scoreInput(Buffer.from(JSON.stringify(ex.inputs), "utf8")), ex.answerChoices, correctChoices(ex.answerChoices, ex.targets));
  }

  /** The score-eval lines of the `i`-th kept example, numbered `exampleIndex`; returns how many. */
  private keptScoreEval(out: ByteChunks, exampleIndex: number, i: number): number {
    const kept = this.kept!;
    return this.p3.scoreEval(out, exampleIndex, this.arena!.view(kept.inputAt(i), kept.inputBytes(i)), kept.choicesOf(i), kept.flags, kept.flagsOf(i));
  }

  /** The output written so far, for a worker at the end of a block (see ByteChunks.drainBlock). */
  takeBlockOutput(): Uint8Array[] {
    return this.out.drainBlock();
  }

  /**
   * A worker's block of the data file (row-blocks.ts): the lines of `rows`, row indexes from
   * `first`. Returns the examples kept, from which the reader numbers the score-eval lines.
   */
  mainBlock(block: number, rows: readonly PreparedRow[], first: number, flush: (chunks: Uint8Array[]) => void): number {
    this.block = block;
    const before = this.counts.records;
    for (let i = 0; i < rows.length; i++) {
      this.mainRow(rows[i], first + i);
      if (this.out.ready > 0) flush(this.out.drain());
    }
    return this.counts.records - before;
  }

  /** True when the score-eval blocks need their rows again (the kept inputs went over the buffer). */
  get scoreNeedsRows(): boolean {
    return this.kept === null;
  }

  /**
   * About the bytes the score-eval blocks will write from the kept inputs (Infinity when they need
   * the rows again): each kept input once per choice, with the fixed text and the choice.
   */
  scoreEvalBytes(): number {
    const kept = this.kept;
    if (kept === null) return Infinity;
    let n = 0;
    for (let i = 0; i < kept.length; i++) {
      const choices = kept.choicesOf(i);
      if (choices === null) continue;
      for (const c of choices) n += kept.inputBytes(i) + SCORE_LINE_BYTES + 3 * c.length;
    }
    return n;
  }

  /**
   * A worker's block of the score-eval file, after every mainBlock: its kept examples numbered
   * from `base` (the examples kept before this block, in every worker). `rows` and `first` are the
   * block's rows when `scoreNeedsRows`.
   */
  scoreBlock(block: number, base: number, rows: readonly PreparedRow[] | null, first: number, flush: (chunks: Uint8Array[]) => void): void {
    const out = this.out;
    const sc = this.scoreCounts;
    let index = base;
    if (this.kept !== null && this.arena !== null) {
      const kept = this.kept;
      for (; this.nextKept < kept.length && kept.blockOf(this.nextKept) === block; this.nextKept++) {
        sc.records += this.keptScoreEval(out, index++, this.nextKept);
        if (out.ready > 0) flush(out.drain());
      }
    } else if (rows !== null) {
      for (let i = 0; i < rows.length; i++) {
        const ex = this.render(rows[i], first + i, false);
        if (typeof ex === "string") continue;
        sc.records += this.scoreEvalAgain(index++, ex);
        if (out.ready > 0) flush(out.drain());
      }
    }
    sc.dropped = this.counts.dropped;
    sc.errors = this.counts.errors;
  }

  /** The score-eval file, as chunks (after `main()` was read to the end). */
  async *scoreEval(): AsyncGenerator<Uint8Array> {
    const out = this.out;
    const sc = this.scoreCounts;
    let index = 0;
    if (this.kept !== null && this.arena !== null) {
      for (let i = 0; i < this.kept.length; i++) {
        sc.records += this.keptScoreEval(out, index++, i);
        if (out.ready > 0) yield* this.drained();
      }
      this.kept = null;
      this.arena = null;
    } else {
      const again = (row: PreparedRow, rowIndex: number) => {
        const ex = this.render(row, rowIndex, false);
        if (typeof ex === "string") return;
        sc.records += this.scoreEvalAgain(index++, ex);
      };
      const cached = this.allRows().cached();
      if (cached !== null) {
        for (let i = 0; i < cached.length; i++) {
          again(cached[i], i);
          if (out.ready > 0) yield* this.drained();
        }
      } else {
        let i = 0;
        for await (const row of this.allRows().stream()) {
          again(row, i++);
          if (out.ready > 0) yield* this.drained();
        }
      }
    }
    sc.dropped = this.counts.dropped;
    sc.errors = this.counts.errors;
    yield* this.drained(true);
  }
}
