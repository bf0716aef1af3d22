import { beforeAll, expect, it } from "vitest";
import { listAuditEvents } from "./audit";
import { getDataset, setColumnClassLabel, setDatasetTaskCategory } from "./datasets";
import { importSampleRows, listSampleRows } from "./sample-rows";
import { describeDb } from "./testing/harness";
import { makeUser } from "./testing/fixtures";

const S = { _type: "Value", dtype: "string" };
const I = { _type: "Value", dtype: "int64" };

describeDb("importing sample rows", (db) => {
  let userId: string;
  let datasetId: string;

  beforeAll(async () => {
    await db.fresh();
    userId = (await makeUser("contributor")).id;
  });

  it("creates a dataset with its rows, features and creator in one go; rows stay verbatim", async () => {
    const result = await importSampleRows({
      create: { name: "acme/reviews", description: "Reviews" },
      splits: [{ split: "train", rows: ['{"text": "a", "label": 1, "score": 3.0}', '{"text":"b","label":0,"score":2.5}'], replace: false }],
      features: { text: S, label: I, score: { _type: "Value", dtype: "float64" } },
      source: "upload",
      actorId: userId,
    });
    expect(result).toMatchObject({ created: true, splits: [{ split: "train", added: 2, replaced: 0 }] });
    datasetId = result.datasetId;
    const d = await getDataset(datasetId);
    expect(d).toMatchObject({ name: "acme/reviews", createdById: userId, source: "upload", splits: [{ name: "train", rowCount: 2 }] });
    expect((await listSampleRows(datasetId)).rows.map((r) => [r.index, r.dataJson])).toEqual([
      [0, '{"text": "a", "label": 1, "score": 3.0}'],
      [1, '{"text":"b","label":0,"score":2.5}'],
    ]);
    expect((await listAuditEvents({ subjectType: "dataset", subjectId: datasetId })).map((e) => e.action).sort()).toEqual(["dataset.create", "dataset.rows.import"]);
  });

  it("appends after the highest index, adds a split, merges new columns", async () => {
    await importSampleRows({
      datasetId,
      splits: [
        { split: "train", rows: ['{"text": "c", "label": 1, "extra": true}'], replace: false },
        { split: "test", rows: ['{"text": "t", "label": 0}'], replace: false },
      ],
      features: { text: S, label: I, extra: { _type: "Value", dtype: "bool" } },
      source: "upload",
      actorId: userId,
    });
    const d = await getDataset(datasetId);
    expect(d?.splits).toEqual([
      { name: "train", rowCount: 3 },
      { name: "test", rowCount: 1 },
    ]);
    expect(Object.keys(d?.features as object)).toEqual(["text", "label", "score", "extra"]);
    expect((await listSampleRows(datasetId, { split: "train" })).rows.map((r) => r.index)).toEqual([0, 1, 2]);
  });

  it("marks an integer column as ClassLabel, checking the stored rows, and keeps it on later imports", async () => {
    await expect(setColumnClassLabel(datasetId, "label", ["only-one"], userId)).rejects.toThrow(/train row 0: label is 1, not an index of the 1 class names/);
    await expect(setColumnClassLabel(datasetId, "text", ["a", "b"], userId)).rejects.toThrow(/Column "text" is string; only an integer column/);
    await setColumnClassLabel(datasetId, "label", ["neg", "pos"], userId);
    await importSampleRows({ datasetId, splits: [{ split: "test", rows: ['{"text": "u", "label": 1}'], replace: false }], features: { text: S, label: I }, source: "upload", actorId: userId });
    expect(((await getDataset(datasetId))?.features as Record<string, unknown>).label).toEqual({ _type: "ClassLabel", names: ["neg", "pos"] });
    await setColumnClassLabel(datasetId, "label", null, userId);
    expect(((await getDataset(datasetId))?.features as Record<string, unknown>).label).toEqual(I);
  });

  it("a failed import leaves the dataset as it was", async () => {
    const before = await getDataset(datasetId);
    const rowsBefore = (await listSampleRows(datasetId, { limit: 500 })).rows;
    // the test split is replaced first, then the train split's feature clash aborts everything
    await expect(
      importSampleRows({
        datasetId,
        splits: [
          { split: "test", rows: ['{"text": "new"}'], replace: true },
          { split: "train", rows: ['{"text": 5}'], replace: false },
        ],
        features: { text: I },
        source: "upload",
        actorId: userId,
      }),
    ).rejects.toThrow('Column "text" is string in the dataset but int64 in this file');
    expect(await getDataset(datasetId)).toEqual(before);
    expect((await listSampleRows(datasetId, { limit: 500 })).rows).toEqual(rowsBefore);
  });

  it("replaces a split's rows", async () => {
    const r = await importSampleRows({ datasetId, splits: [{ split: "test", rows: ['{"text": "only"}'], replace: true }], features: { text: S }, source: "hub:acme/reviews", actorId: userId });
    expect(r.splits).toEqual([{ split: "test", added: 1, replaced: 2 }]);
    expect((await listSampleRows(datasetId, { split: "test" })).rows.map((x) => [x.index, x.dataJson])).toEqual([[0, '{"text": "only"}']]);
  });

  it("refuses a new dataset whose name exists, creating nothing", async () => {
    await expect(
      importSampleRows({ create: { name: "acme/reviews" }, splits: [{ split: "train", rows: ["{}"], replace: false }], features: {}, source: "upload", actorId: userId }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it.each([
    [{ splits: [{ split: "bad split!", rows: ["{}"], replace: false }] }, /split/],
    [{ splits: [{ split: "train", rows: ["[1]"], replace: false }] }, /Split train row 0 is not a JSON object/],
    [{ splits: [{ split: "a", rows: ["{}"], replace: false }, { split: "a", rows: ["{}"], replace: false }] }, /A split appears twice/],
  ])("refuses bad input %#", async (patch, message) => {
    await expect(importSampleRows({ datasetId, features: {}, source: "upload", actorId: userId, ...patch })).rejects.toThrow(message);
  });

  it("sets and clears the task category", async () => {
    await setDatasetTaskCategory(datasetId, " Sentiment ", userId);
    expect((await getDataset(datasetId))?.taskCategory).toBe("Sentiment");
    await setDatasetTaskCategory(datasetId, "", userId);
    expect((await getDataset(datasetId))?.taskCategory).toBeNull();
  });
});
