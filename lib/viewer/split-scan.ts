/**
 * The prompted dataset viewer's pass over a whole split: loads the split's rows in chunks, has each
 * chunk rendered (by the sandboxed worker: the host's `render`), and keeps every row's rendered
 * output and the running totals (rendered, empty, errors), so that the counts cover the whole split,
 * the empty/error rows can be listed, and the download is the whole split as rendered. One chunk is
 * rendered at a time (the worker is single-threaded; the page thread only waits); the next chunk is
 * loaded while one renders; rows the user is looking at and that are not rendered yet jump the
 * queue (`prioritize`). Pure: the host supplies loading and rendering, so it is unit-tested without
 * a browser.
 */
import type { PromptedRow } from "./prompted-rows";

export interface SampleRow {
  index: number;
  dataJson: string;
}

export interface ScanHost {
  /** rows at positions [offset, offset + limit) of the split, in order */
  load(offset: number, limit: number): Promise<SampleRow[]>;
  /** the rows rendered, in the same order (errors of the renderer itself become row errors) */
  render(rows: SampleRow[]): Promise<PromptedRow[]>;
}

export interface ScanTally {
  total: number;
  /** rows rendered so far, whichever way they came out */
  done: number;
  ok: number;
  empty: number;
  errors: number;
  /** idle: not started yet */
  state: "idle" | "running" | "stopped" | "done" | "failed";
  /** why loading failed (state "failed") */
  failure: string | null;
}

export type RowFilter = "all" | "problems" | "empty" | "errors";

export function matchesFilter(row: PromptedRow, filter: RowFilter): boolean {
  if (filter === "all") return true;
  if (filter === "empty") return row.empty;
  if (filter === "errors") return row.error !== null;
  return row.empty || row.error !== null;
}

export class SplitScan {
  /** by position in the split (0 .. total - 1) */
  readonly results: (PromptedRow | undefined)[];
  private tally: Omit<ScanTally, "state" | "failure"> & { failure: string | null };
  private state: ScanTally["state"] = "idle";
  private next = 0;
  private generation = 0;
  private urgent: { offset: number; rows: SampleRow[] }[] = [];

  constructor(
    readonly total: number,
    private readonly host: ScanHost,
    private readonly onChange: () => void,
    readonly chunkSize = 100,
  ) {
    this.results = new Array<PromptedRow | undefined>(total);
    this.tally = { total, done: 0, ok: 0, empty: 0, errors: 0, failure: null };
  }

  get totals(): ScanTally {
    return { ...this.tally, state: this.state };
  }

  /** Starts, or resumes after `stop()`, from the first chunk not yet rendered. */
  start(): void {
    if (this.state === "running" || this.state === "done") return;
    this.state = "running";
    this.tally.failure = null;
    const generation = ++this.generation;
    void this.loop(generation);
    this.onChange();
  }

  /** Stops after the chunk in flight (its results are kept). */
  stop(): void {
    if (this.state !== "running") return;
    this.state = "stopped";
    this.generation++;
    this.onChange();
  }

  /** Rows on screen: rendered before the next chunk unless they already are. */
  prioritize(offset: number, rows: SampleRow[]): void {
    const missing = rows.some((_, i) => this.results[offset + i] === undefined);
    if (!missing) return;
    this.urgent.push({ offset, rows });
    if (this.state !== "running") void this.renderUrgent();
  }

  /** Positions of the rows that pass `filter`, among those rendered so far, in split order. */
  positions(filter: RowFilter): number[] {
    const out: number[] = [];
    for (let p = 0; p < this.total; p++) {
      const r = this.results[p];
      if (r && matchesFilter(r, filter)) out.push(p);
    }
    return out;
  }

  private record(offset: number, rendered: PromptedRow[]): void {
    rendered.forEach((row, i) => {
      const p = offset + i;
      if (p >= this.total) return;
      const before = this.results[p];
      if (before) this.count(before, -1);
      this.results[p] = row;
      this.count(row, +1);
    });
  }

  private count(row: PromptedRow, sign: 1 | -1): void {
    this.tally.done += sign;
    if (row.error !== null) this.tally.errors += sign;
    else if (row.empty) this.tally.empty += sign;
    else this.tally.ok += sign;
  }

  /** Outside a running scan, urgent rows are rendered on their own. */
  private async renderUrgent(): Promise<void> {
    while (this.urgent.length && this.state !== "running") {
      const job = this.urgent.shift()!;
      this.record(job.offset, await this.host.render(job.rows));
      this.onChange();
    }
  }

  private async loop(generation: number): Promise<void> {
    const live = () => generation === this.generation;
    let prefetch: { offset: number; rows: Promise<SampleRow[]> } | null = null;
    const loadAt = (offset: number) => {
      const rows = this.host.load(offset, Math.min(this.chunkSize, this.total - offset));
      rows.catch(() => {}); // a prefetch that fails is reported when it is awaited
      return { offset, rows };
    };
    const skipRendered = () => {
      while (this.next < this.total && this.results[this.next] !== undefined) this.next++;
    };
    const drainUrgent = async () => {
      while (this.urgent.length && live()) {
        const job = this.urgent.shift()!;
        this.record(job.offset, await this.host.render(job.rows));
        this.onChange();
      }
    };
    try {
      for (;;) {
        await drainUrgent();
        if (!live()) return;
        skipRendered();
        if (this.next >= this.total) break;
        // A chunk starts at the first row not yet rendered; rows rendered since (the page on
        // screen) are rendered again with it, which costs little and keeps chunks simple.
        const current: { offset: number; rows: Promise<SampleRow[]> } = prefetch && prefetch.offset === this.next ? prefetch : loadAt(this.next);
        const rows = await current.rows;
        // rows that came on screen while this chunk loaded go first
        await drainUrgent();
        if (!live()) return;
        if (rows.length === 0) throw new Error(`The split has fewer rows than counted (none at ${current.offset})`);
        const after = current.offset + rows.length;
        prefetch = after < this.total ? loadAt(after) : null;
        const rendered = await this.host.render(rows);
        this.record(current.offset, rendered);
        this.next = after;
        this.onChange();
        if (!live()) return;
      }
      this.state = "done";
    } catch (e) {
      if (!live()) return;
      this.state = "failed";
      this.tally.failure = e instanceof Error ? e.message : String(e);
    }
    this.onChange();
  }
}
