import { beforeAll, expect, it } from "vitest";
import { listAuditEvents } from "./audit";
import { createDataset, findDatasetByName, getDataset, listDatasets } from "./datasets";
import { addSampleRows, listSampleRows } from "./sample-rows";
import { getPoolStats } from "./stats";
import { createTemplate, setTemplateStatus } from "./templates";
import { createVersion } from "./versions";
import { describeDb } from "./testing/harness";
import { makeUser, sampleVersion } from "./testing/fixtures";

const features = {
  text: { dtype: "string", _type: "Value" },
  label: { names: ["world", "sports"], _type: "ClassLabel" },
  score: { dtype: "float32", _type: "Value" },
};

describeDb("datasets, sample rows and stats", (db) => {
  let adminId: string;

  beforeAll(async () => {
    await db.fresh();
    adminId = (await makeUser("admin")).id;
  });

  it("starts with empty stats", async () => {
    expect(await getPoolStats()).toEqual({ datasets: 0, templates: 0, approvedTemplates: 0, sampleRows: 0, contributors: 0 });
  });

  it("creates datasets with features and refuses duplicates of (name, subset), including a null subset", async () => {
    const news = await createDataset({ name: "newsroom_topics", description: "News", citation: "@misc{x}", license: "cc-by-4.0", features }, adminId);
    expect(news).toMatchObject({ name: "newsroom_topics", subset: null, description: "News", citation: "@misc{x}", license: "cc-by-4.0", rowCount: 0, templateCount: 0, approvedTemplateCount: 0, splits: [] });
    expect(news.features).toEqual(features);
    await expect(createDataset({ name: "newsroom_topics", features }, adminId)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(createDataset({ name: "newsroom_topics", subset: "", features }, adminId)).rejects.toMatchObject({ code: "CONFLICT" });
    const subset = await createDataset({ name: "newsroom_topics", subset: "long", features }, adminId);
    await expect(createDataset({ name: "newsroom_topics", subset: "long" }, adminId)).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await findDatasetByName("newsroom_topics", "long"))?.id).toBe(subset.id);
    expect((await findDatasetByName("newsroom_topics", null))?.id).toBe(news.id);
    expect(await findDatasetByName("nope", null)).toBeNull();
    await expect(createDataset({ name: "bad name!" }, adminId)).rejects.toMatchObject({ code: "VALIDATION" });
    expect((await listAuditEvents({ subjectType: "dataset", subjectId: news.id }))[0]).toMatchObject({ action: "dataset.create", actorId: adminId });
  });

  it("stores each row's JSON text verbatim (3.0 stays 3.0) and pages through splits in order", async () => {
    const ds = (await findDatasetByName("newsroom_topics", null))!;
    const rows = [
      '{"text": "Rain in Oslo", "label": 0, "score": 3.0}',
      '{"text":"Cup final","label":1,"score":1e-7,"nested":{"a":[1.50,"x"]}}',
      '{"text": "Ünïcödé ✓", "label": 1, "score": -0.0}',
    ];
    await addSampleRows(ds.id, "train", rows.map((dataJson, index) => ({ index, dataJson })), adminId);
    await addSampleRows(ds.id, "test", [{ index: 0, dataJson: '{"text": "t", "label": -1, "score": 2.50}' }], adminId);
    await addSampleRows(ds.id, "validation", [{ index: 0, dataJson: '{"text": "v", "label": 0, "score": 0.1}' }], adminId);

    const page = await listSampleRows(ds.id, { split: "train", offset: 0, limit: 10 });
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => r.dataJson)).toEqual(rows);
    expect(page.rows.map((r) => [r.split, r.index])).toEqual([["train", 0], ["train", 1], ["train", 2]]);
    const second = await listSampleRows(ds.id, { split: "train", offset: 1, limit: 1 });
    expect(second).toEqual({ total: 3, rows: [{ split: "train", index: 1, dataJson: rows[1] }] });
    expect((await listSampleRows(ds.id)).total).toBe(5);

    const detail = (await getDataset(ds.id))!;
    expect(detail.rowCount).toBe(5);
    expect(detail.splits).toEqual([
      { name: "train", rowCount: 3 },
      { name: "validation", rowCount: 1 },
      { name: "test", rowCount: 1 },
    ]);
  });

  it("rejects bad rows and duplicate indexes without writing any", async () => {
    const ds = (await findDatasetByName("newsroom_topics", null))!;
    await expect(addSampleRows(ds.id, "train", [{ index: 9, dataJson: "{not json" }], adminId)).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(addSampleRows(ds.id, "train", [{ index: 9, dataJson: "[1, 2]" }], adminId)).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(addSampleRows(ds.id, "train", [{ index: 8, dataJson: "{}" }, { index: 8, dataJson: "{}" }], adminId)).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(addSampleRows(ds.id, "bad split!", [{ index: 9, dataJson: "{}" }], adminId)).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(
      addSampleRows(ds.id, "train", [{ index: 7, dataJson: '{"text": "new"}' }, { index: 0, dataJson: '{"text": "dup"}' }], adminId),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(addSampleRows("missing", "train", [{ index: 0, dataJson: "{}" }], adminId)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await listSampleRows(ds.id, { split: "train" })).total).toBe(3);
  });

  it("counts templates per dataset and in the pool stats", async () => {
    const ds = (await findDatasetByName("newsroom_topics", null))!;
    const alice = await makeUser();
    const bob = await makeUser();
    const a = await createTemplate({ datasetId: ds.id, name: "a", createdById: alice.id, version: sampleVersion() });
    await createVersion({ templateId: a.id, baseVersion: 1, authorId: bob.id, version: sampleVersion("b |||") });
    await setTemplateStatus({ templateId: a.id, status: "approved", poolVersion: 2, actorId: adminId });
    await createTemplate({ datasetId: ds.id, name: "b", createdById: alice.id, version: sampleVersion() });
    const archived = await createTemplate({ datasetId: ds.id, name: "c", createdById: alice.id, version: sampleVersion() });
    await setTemplateStatus({ templateId: archived.id, status: "archived", actorId: adminId });

    const summary = (await listDatasets()).find((d) => d.id === ds.id)!;
    expect(summary).toMatchObject({ rowCount: 5, templateCount: 2, approvedTemplateCount: 1 });
    expect(Object.keys(summary).sort()).toEqual(["approvedTemplateCount", "description", "id", "name", "rowCount", "subset", "templateCount"]);
    expect(await getPoolStats()).toEqual({ datasets: 2, templates: 2, approvedTemplates: 1, sampleRows: 5, contributors: 2 });
  });
});
