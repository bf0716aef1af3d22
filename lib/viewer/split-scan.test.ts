import { describe, expect, it } from "vitest";
import type { PromptedRow } from "./prompted-rows";
import { SplitScan, type SampleRow, type ScanHost } from "./split-scan";

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setTimeout(r, 0));
};

/** A split of `total` rows whose row i renders empty when i % 5 === 1 and fails when i % 7 === 2. */
function fakeHost(total: number, options: { failLoadAt?: number } = {}) {
  const calls: string[] = [];
  let rendering = 0;
  let overlapped = false;
  const host: ScanHost = {
    async load(offset, limit) {
      calls.push(`load ${offset}+${limit}`);
      if (offset === options.failLoadAt) throw new Error("the server went away");
      return Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => ({ index: offset + i, dataJson: `{"i": ${offset + i}}` }));
    },
    async render(rows: SampleRow[]): Promise<PromptedRow[]> {
      if (rendering++) overlapped = true;
      calls.push(`render ${rows[0]?.index}..${rows.at(-1)?.index}`);
      await new Promise<void>((r) => setTimeout(r, 0));
      rendering--;
      return rows.map((r) => ({
        index: r.index,
        input: r.index % 5 === 1 ? "" : `row ${r.index}`,
        target: "t",
        answerChoices: null,
        error: r.index % 7 === 2 ? "boom" : null,
        empty: r.index % 5 === 1 && r.index % 7 !== 2,
      }));
    },
  };
  return { host, calls, overlapped: () => overlapped };
}

describe("SplitScan", () => {
  it("renders the whole split chunk by chunk and counts empty and failing rows over all of it", async () => {
    const { host, calls, overlapped } = fakeHost(23);
    let changes = 0;
    const scan = new SplitScan(23, host, () => changes++, 10);
    scan.start();
    await settle();
    expect(scan.totals).toMatchObject({ total: 23, done: 23, state: "done" });
    const expected = { empty: 0, errors: 0 };
    for (let i = 0; i < 23; i++) {
      if (i % 7 === 2) expected.errors++;
      else if (i % 5 === 1) expected.empty++;
    }
    expect(scan.totals).toMatchObject({ ...expected, ok: 23 - expected.empty - expected.errors });
    expect(calls.filter((c) => c.startsWith("render"))).toEqual(["render 0..9", "render 10..19", "render 20..22"]);
    expect(overlapped()).toBe(false);
    // the totals were reported as they grew, not only at the end
    expect(changes).toBeGreaterThanOrEqual(4);
    expect(scan.positions("errors")).toEqual([2, 9, 16]);
    expect(scan.positions("empty")).toEqual([1, 6, 11, 21]);
    expect(scan.positions("problems")).toEqual([1, 2, 6, 9, 11, 16, 21]);
  });

  it("renders rows on screen before the next chunk, and does not render them twice in the totals", async () => {
    const { host, calls } = fakeHost(40);
    const scan = new SplitScan(40, host, () => {}, 10);
    scan.start();
    scan.prioritize(30, Array.from({ length: 5 }, (_, i) => ({ index: 30 + i, dataJson: "{}" })));
    await settle();
    const renders = calls.filter((c) => c.startsWith("render"));
    expect(renders[0]).toBe("render 30..34");
    expect(scan.totals).toMatchObject({ done: 40, state: "done" });
    expect(scan.results.every((r) => r !== undefined)).toBe(true);
  });

  it("stops after the chunk in flight and resumes where it stopped", async () => {
    const { host } = fakeHost(50);
    const scan = new SplitScan(50, host, () => {}, 10);
    scan.start();
    await new Promise<void>((r) => setTimeout(r, 0));
    scan.stop();
    await settle();
    const stoppedAt = scan.totals.done;
    expect(scan.totals.state).toBe("stopped");
    expect(stoppedAt).toBeLessThan(50);
    scan.start();
    await settle();
    expect(scan.totals).toMatchObject({ done: 50, state: "done" });
  });

  it("says why when the rows cannot be loaded, keeping what was rendered", async () => {
    const { host } = fakeHost(30, { failLoadAt: 20 });
    const scan = new SplitScan(30, host, () => {}, 10);
    scan.start();
    await settle();
    expect(scan.totals).toMatchObject({ done: 20, state: "failed", failure: "the server went away" });
  });

  it("renders prioritized rows even when no scan runs", async () => {
    const { host } = fakeHost(30);
    const scan = new SplitScan(30, host, () => {}, 10);
    scan.prioritize(0, [{ index: 0, dataJson: "{}" }]);
    await settle();
    expect(scan.totals).toMatchObject({ done: 1, state: "idle" });
  });
});
