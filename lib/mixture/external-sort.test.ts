import { describe, expect, it } from "vitest";
import { ExternalSorter } from "./external-sort";
import { SeededRandom } from "./prng";

async function collect(s: ExternalSorter): Promise<string[]> {
  const out: string[] = [];
  for await (const l of s.sorted()) out.push(l);
  return out;
}

describe("external sort", () => {
  it.each([
    ["in memory", 1 << 30],
    ["through many temporary runs", 2_000],
  ])("%s gives the lines in key order", async (_n, budget) => {
    const rng = new SeededRandom(5, "sort");
    const pairs = Array.from({ length: 3_000 }, (_, i) => ({ key: rng.nextUint32().toString(16).padStart(8, "0") + i, line: `{"i":${i},"t":"é\\t"}` }));
    const s = new ExternalSorter(budget);
    for (const p of pairs) await s.add(p.key, p.line);
    const got = await collect(s);
    if (budget < 10_000) expect(s.runCount).toBe(0); // runs are removed once merged
    expect(got).toEqual([...pairs].sort((a, b) => (a.key < b.key ? -1 : 1)).map((p) => p.line));
  });

  it("spills to disk under a small budget", async () => {
    const s = new ExternalSorter(100);
    for (let i = 0; i < 50; i++) await s.add(String(50 - i).padStart(3, "0"), String(i));
    expect(s.runCount).toBeGreaterThan(5);
    expect((await collect(s))[0]).toBe("49");
  });
});
