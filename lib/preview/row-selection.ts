/**
 * Which sample rows the studio's preview renders: the first N of a split, N at random, or rows
 * the author names by index ("0, 4, 10-12"). Pure, so the parsing and sampling are unit-tested.
 */

export const MAX_PREVIEW_ROWS = 50;
export const DEFAULT_PREVIEW_ROWS = 10;

/** Parses "0, 4, 10-12" into indexes below `rowCount`; anything else is reported, not guessed. */
export function parseRowIndexes(text: string, rowCount: number): { indexes: number[]; problems: string[] } {
  const indexes: number[] = [];
  const problems: string[] = [];
  for (const raw of text.split(/[,\s]+/)) {
    const part = raw.trim();
    if (part === "") continue;
    const range = /^(\d+)-(\d+)$/.exec(part);
    const single = /^\d+$/.test(part) ? Number(part) : null;
    const [from, to] = range ? [Number(range[1]), Number(range[2])] : single !== null ? [single, single] : [NaN, NaN];
    if (Number.isNaN(from) || to < from) {
      problems.push(`"${part}" is not a row index or a range such as 3-7`);
      continue;
    }
    for (let i = from; i <= to && indexes.length <= MAX_PREVIEW_ROWS; i++) {
      if (i >= rowCount) {
        problems.push(`row ${i} does not exist (the split has ${rowCount} rows)`);
        break;
      }
      if (!indexes.includes(i)) indexes.push(i);
    }
  }
  if (indexes.length > MAX_PREVIEW_ROWS) {
    problems.push(`at most ${MAX_PREVIEW_ROWS} rows at once`);
    indexes.length = MAX_PREVIEW_ROWS;
  }
  return { indexes, problems };
}

/** `count` distinct indexes below `total`, in increasing order, drawn with `random` (0 <= r < 1). */
export function sampleIndexes(count: number, total: number, random: () => number): number[] {
  const n = Math.max(0, Math.min(count, total));
  // Partial Fisher–Yates over a sparse map: O(n) even for a large split.
  const swapped = new Map<number, number>();
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (total - i));
    const vi = swapped.get(i) ?? i;
    const vj = swapped.get(j) ?? j;
    swapped.set(j, vi);
    out.push(vj);
  }
  return out.sort((a, b) => a - b);
}

/** The row count the author typed, kept between 1 and the maximum. */
export function clampRowCount(n: number): number {
  return Number.isFinite(n) ? Math.min(MAX_PREVIEW_ROWS, Math.max(1, Math.trunc(n))) : DEFAULT_PREVIEW_ROWS;
}
