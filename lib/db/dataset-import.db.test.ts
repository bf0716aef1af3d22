import { beforeAll, expect, it } from "vitest";
import { listAuditEvents } from "./audit";
import { getDataset, setColumnClassLabel, setDatasetTaskCategory, summarizeColumn } from "./datasets";
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
    await expect(setColumnClassLabel(datasetId, "label", { names: ["only-one"] }, userId)).rejects.toThrow(/train row 0: label is 1, not an index of the 1 class names/);
    await expect(setColumnClassLabel(datasetId, "score", { names: ["a", "b"] }, userId)).rejects.toThrow(/Column "score" is float64; only an integer or text column/);
    expect(await setColumnClassLabel(datasetId, "label", { names: ["neg", "pos"] }, userId)).toEqual({ rewritten: 0 });
    await importSampleRows({ datasetId, splits: [{ split: "test", rows: ['{"text": "u", "label": 1}'], replace: false }], features: { text: S, label: I }, source: "upload", actorId: userId });
    expect(((await getDataset(datasetId))?.features as Record<string, unknown>).label).toEqual({ _type: "ClassLabel", names: ["neg", "pos"] });
    await setColumnClassLabel(datasetId, "label", { clear: "integers" }, userId);
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

describeDb("a text column becomes a ClassLabel after import", (db) => {
  let userId: string;
  let datasetId: string;
  const rowsOf = async () => (await listSampleRows(datasetId, { limit: 500 })).rows.map((r) => [r.split, r.index, r.dataJson]);
  const featuresOf = async () => (await getDataset(datasetId))?.features as Record<string, unknown>;

  beforeAll(async () => {
    await db.fresh();
    userId = (await makeUser("admin")).id;
    datasetId = (
      await importSampleRows({
        create: { name: "acme/labels" },
        splits: [
          { split: "train", rows: ['{"text": "a", "label": "pos"}', '{"text": "b", "label": " neg "}', '{"text": "c", "label": null}', '{"text": "d"}'], replace: false },
          { split: "test", rows: ['{"text": "e", "label": "maybe"}'], replace: false },
        ],
        features: { text: S, label: S },
        source: "upload",
        actorId: userId,
      })
    ).datasetId;
  });

  it("proposes the distinct texts, sorted, as names", async () => {
    expect(await summarizeColumn(datasetId, "label")).toEqual({ column: "label", kind: "string", filled: 3, texts: ["maybe", "neg", "pos"], integers: null });
  });

  it("refuses names that miss a stored text, naming its split and row, and changes nothing", async () => {
    const before = { rows: await rowsOf(), features: await featuresOf(), audit: await listAuditEvents({ subjectType: "dataset", subjectId: datasetId }) };
    // rows are checked in split order, then index order: test row 0 comes first
    await expect(setColumnClassLabel(datasetId, "label", { names: ["neg", "pos"] }, userId)).rejects.toThrow('test row 0: label "maybe" is not one of the class names');
    await expect(setColumnClassLabel(datasetId, "label", { names: ["neg", "pos", "pos"] }, userId)).rejects.toThrow('class name "pos" appears twice');
    expect({ rows: await rowsOf(), features: await featuresOf(), audit: await listAuditEvents({ subjectType: "dataset", subjectId: datasetId }) }).toEqual(before);
  });

  it("converts every stored text to the index of its name, in the order given, and logs it", async () => {
    expect(await setColumnClassLabel(datasetId, "label", { names: ["pos", "neg", "maybe"] }, userId)).toEqual({ rewritten: 3 });
    expect((await featuresOf()).label).toEqual({ _type: "ClassLabel", names: ["pos", "neg", "maybe"] });
    expect(await rowsOf()).toEqual([
      ["test", 0, '{"text":"e","label":2}'],
      ["train", 0, '{"text":"a","label":0}'],
      ["train", 1, '{"text":"b","label":1}'],
      ["train", 2, '{"text": "c", "label": null}'],
      ["train", 3, '{"text": "d"}'],
    ]);
    const [event] = await listAuditEvents({ subjectType: "dataset", subjectId: datasetId, action: "dataset.features" });
    expect(event).toMatchObject({ actorId: userId, details: { column: "label", from: "string", to: "ClassLabel", classNames: ["pos", "neg", "maybe"], rowsRewritten: 3 } });
    expect(await summarizeColumn(datasetId, "label")).toMatchObject({ kind: "ClassLabel", texts: null, integers: { values: [0, 1, 2], outside: false } });
  });

  it("renames classes of a ClassLabel, checked against the indexes", async () => {
    await expect(setColumnClassLabel(datasetId, "label", { names: ["p", "n"] }, userId)).rejects.toThrow(/test row 0: label is 2, not an index of the 2 class names/);
    await setColumnClassLabel(datasetId, "label", { names: ["positive", "negative", "unsure"] }, userId);
    expect((await featuresOf()).label).toEqual({ _type: "ClassLabel", names: ["positive", "negative", "unsure"] });
  });

  it("turns a ClassLabel back into texts", async () => {
    expect(await setColumnClassLabel(datasetId, "label", { clear: "texts" }, userId)).toEqual({ rewritten: 3 });
    expect((await featuresOf()).label).toEqual(S);
    expect((await rowsOf()).slice(0, 3).map((r) => r[2])).toEqual(['{"text":"e","label":"unsure"}', '{"text":"a","label":"positive"}', '{"text":"b","label":"negative"}']);
    await expect(setColumnClassLabel(datasetId, "label", { clear: "integers" }, userId)).rejects.toThrow('Column "label" is not a ClassLabel');
  });

  it("rewrites many rows in chunks", async () => {
    const many = await importSampleRows({
      create: { name: "acme/many" },
      splits: [{ split: "train", rows: Array.from({ length: 1234 }, (_, i) => `{"label": "${i % 3 === 0 ? "x" : "y"}", "i": ${i}}`), replace: false }],
      features: { label: S, i: I },
      source: "upload",
      actorId: userId,
    });
    expect(await setColumnClassLabel(many.datasetId, "label", { names: ["x", "y"] }, userId)).toEqual({ rewritten: 1234 });
    const rows = (await listSampleRows(many.datasetId, { limit: 500, offset: 1000 })).rows;
    expect(rows.length).toBe(234);
    expect(rows.every((r) => (JSON.parse(r.dataJson) as { label: number; i: number }).label === (r.index % 3 === 0 ? 0 : 1))).toBe(true);
  });
});
