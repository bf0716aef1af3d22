import { beforeAll, expect, it } from "vitest";
import { addSampleRows, listSampleRowsByIndex } from "./sample-rows";
import { createTemplate, listTemplateSources, setTemplateStatus } from "./templates";
import { createVersion } from "./versions";
import { describeDb } from "./testing/harness";
import { makeDataset, makeUser, sampleVersion } from "./testing/fixtures";

describeDb("studio reads: rows by index, the dataset's other templates", () => {
  let userId = "";
  beforeAll(async () => {
    userId = (await makeUser()).id;
  });

  it("returns rows by index in the order asked, leaving out missing ones", async () => {
    const ds = await makeDataset();
    await addSampleRows(ds.id, "train", [0, 1, 2, 3].map((index) => ({ index, dataJson: `{"text": "row ${index}", "score": 3.0}` })), null);
    const rows = await listSampleRowsByIndex(ds.id, "train", [3, 9, 0, 3]);
    expect(rows.map((r) => [r.index, r.dataJson])).toEqual([
      [3, '{"text": "row 3", "score": 3.0}'],
      [0, '{"text": "row 0", "score": 3.0}'],
      [3, '{"text": "row 3", "score": 3.0}'],
    ]);
    expect(await listSampleRowsByIndex(ds.id, "validation", [0])).toEqual([]);
    expect(await listSampleRowsByIndex(ds.id, "train", [])).toEqual([]);
    await expect(listSampleRowsByIndex(ds.id, "train", [-1])).rejects.toThrow();
  });

  it("lists the dataset's templates that are not archived with their latest jinja", async () => {
    const ds = await makeDataset();
    const a = await createTemplate({ datasetId: ds.id, name: "A", createdById: userId, version: sampleVersion("{{text}} ||| a1") });
    await createVersion({ templateId: a.id, baseVersion: 1, authorId: userId, version: sampleVersion("{{text}} ||| a2") });
    const b = await createTemplate({ datasetId: ds.id, name: "B", createdById: userId, version: sampleVersion("{{text}} ||| b") });
    await setTemplateStatus({ templateId: b.id, status: "archived", actorId: userId });
    const sources = await listTemplateSources(ds.id);
    expect(sources).toEqual([{ id: a.id, name: "A", status: "draft", createdById: userId, poolVersion: null, jinja: "{{text}} ||| a2" }]);
  });
});
