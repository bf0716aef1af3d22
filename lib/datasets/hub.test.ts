import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HubClient } from "./hub-client";
import { fetchHubRows, type HubProgress } from "./hub-import";
import { checkExistingClassLabels } from "./prepare-import";
import { FAKE_HUB_TOKEN, startFakeHub, type FakeHub } from "./testing/fake-hub";

let hub: FakeHub;
beforeAll(async () => {
  hub = await startFakeHub({ slowMs: 400 });
});
afterAll(() => hub.close());

const client = (extra: Partial<ConstructorParameters<typeof HubClient>[0]> = {}) =>
  new HubClient({ baseUrl: hub.url, backoffMs: 1, ...extra });

describe("HubClient against the fake Hub", () => {
  it("lists configs and splits", async () => {
    expect(await client().splits("acme/multi")).toEqual([
      { config: "en", split: "train" },
      { config: "fr", split: "train" },
    ]);
  });

  it("reads features with ClassLabel names and split sizes from /info", async () => {
    const info = await client().info("acme/reviews", "default");
    expect(info.features.label).toEqual({ _type: "ClassLabel", names: ["negative", "positive"] });
    expect(info.splits).toEqual([
      { name: "train", numExamples: 230 },
      { name: "test", numExamples: 12 },
    ]);
  });

  it("fetches up to N rows per split across /rows pages, floats kept, with progress", async () => {
    const progress: HubProgress[] = [];
    const result = await fetchHubRows(client(), { dataset: "acme/reviews", config: "default", maxRowsPerSplit: 150 }, (p) => progress.push(p));
    expect(result.splits.map((s) => [s.split, s.rows.length, s.total])).toEqual([
      ["train", 150, 230],
      ["test", 12, 12],
    ]);
    expect(result.splits[0].rows[2].dataJson).toBe('{"text":"train review 2: not for me","label":0,"score":2.0,"tags":["fake","train"],"meta":{"source":"fake-hub","votes":6}}');
    expect(result.features.label).toEqual({ _type: "ClassLabel", names: ["negative", "positive"] });
    expect(progress.filter((p) => p.phase === "rows").map((p) => p.phase === "rows" && `${p.split} ${p.fetched}/${p.target}`)).toEqual([
      "train 0/150",
      "train 100/150",
      "train 150/150",
      "test 0/12",
      "test 12/12",
    ]);
  });

  it("checks fetched integers against a dataset's ClassLabel, naming the Hub row", async () => {
    const result = await fetchHubRows(client(), { dataset: "acme/multi", config: "en", maxRowsPerSplit: 5 });
    const merged = { ...result.features, idx: { _type: "ClassLabel" as const, names: ["a", "b", "c"] } };
    expect(() => checkExistingClassLabels(merged, result.features, result)).toThrow('acme/multi train row 3: idx is 3, not an index of the 3 class names of "idx"');
  });

  it("reads a split's first rows with their features (/first-rows)", async () => {
    const first = await client().firstRows("acme/reviews", "default", "train");
    expect(first.rows.length).toBe(100);
    expect(first.rows[1]).toMatchObject({ rowIdx: 1, truncated: false });
    expect(first.features.label).toEqual({ _type: "ClassLabel", names: ["negative", "positive"] });
  });

  it("retries a busy answer with backoff, then succeeds", async () => {
    const waits: number[] = [];
    const c = client({ backoffMs: 10, sleep: async (ms) => void waits.push(ms) });
    expect((await c.splits("acme/busy")).length).toBe(2);
    expect(waits).toEqual([10, 20]);
  });

  it("gives up on a busy Hub after the retries", async () => {
    const busy = await startFakeHub({ busyAnswers: 100 });
    try {
      const c = new HubClient({ baseUrl: busy.url, retries: 2, backoffMs: 1 });
      await expect(c.splits("acme/busy")).rejects.toThrow(/The Hub is busy and did not answer \/splits for acme\/busy after 3 tries \(The response is not ready yet/);
    } finally {
      await busy.close();
    }
  });

  it("treats a slow answer past the timeout as busy, and waits for one within it", async () => {
    await expect(client({ timeoutMs: 100, retries: 1 }).splits("acme/slow")).rejects.toThrow(/after 2 tries \(no answer in time\)/);
    expect((await client({ timeoutMs: 5000 }).splits("acme/slow")).length).toBe(2);
  });

  it.each([
    ["acme/nope", null, /^The Hub has no dataset "acme\/nope" \(or it is private or gated: give a token\)/],
    ["acme/gated", null, /^The Hub refused access to "acme\/gated": it needs a token/],
    ["acme/gated", "hf_wrong", /^The Hub refused access to "acme\/gated": the token does not give access/],
  ])("%s with token %s is refused: %s", async (dataset, token, message) => {
    await expect(client({ token }).splits(dataset)).rejects.toThrow(message);
  });

  it("sends the token as a Bearer header", async () => {
    expect((await client({ token: FAKE_HUB_TOKEN }).splits("acme/gated")).length).toBe(2);
  });

  it("names a missing config or split", async () => {
    await expect(fetchHubRows(client(), { dataset: "acme/multi", config: "de", maxRowsPerSplit: 5 })).rejects.toThrow('has no config "de"');
    await expect(fetchHubRows(client(), { dataset: "acme/multi", config: "en", splits: ["test"], maxRowsPerSplit: 5 })).rejects.toThrow('has no split "test"');
  });

  it("reports an unreachable Hub", async () => {
    await expect(new HubClient({ baseUrl: "http://127.0.0.1:9", retries: 0 }).splits("x")).rejects.toThrow(/cannot be reached/);
  });
});
