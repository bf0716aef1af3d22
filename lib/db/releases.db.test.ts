import { beforeAll, expect, it } from "vitest";
import { describeDb } from "./testing/harness";
import { makeDataset, makeUser, sampleVersion } from "./testing/fixtures";
import { createTemplate, setTemplateStatus } from "./templates";
import { createVersion } from "./versions";
import { getRelease, listReleases, publishRelease } from "./releases";
import { listPoolDatasets, listReleaseDatasets } from "./pool";
import { listAuditEvents } from "./audit";

describeDb("releases", () => {
  let adminId: string;
  let templateId: string;
  beforeAll(async () => {
    adminId = (await makeUser("admin")).id;
  });

  it("refuses a release of an empty pool", async () => {
    await expect(publishRelease({ name: "2026.11.25" }, adminId)).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("freezes the approved versions; later approvals change the pool, not the release", async () => {
    const ds = await makeDataset();
    const a = await createTemplate({ datasetId: ds.id, name: "a", createdById: adminId, version: sampleVersion("{{text}} ||| one"), status: "approved" });
    await setTemplateStatus({ templateId: a.id, status: "approved", actorId: adminId, poolVersion: 1 });
    await createTemplate({ datasetId: ds.id, name: "draft", createdById: adminId, version: sampleVersion() });
    templateId = a.id;

    const release = await publishRelease({ name: "2026.11.26", notes: "first", seedBase: 7 }, adminId);
    expect(release).toMatchObject({ name: "2026.11.26", notes: "first", seedBase: 7, templateCount: 1, datasetCount: 1 });
    expect(release.templates).toEqual([expect.objectContaining({ templateId: a.id, versionNumber: 1, name: "a", dataset: ds.name })]);
    expect(await listAuditEvents({ subjectId: release.id })).toEqual([expect.objectContaining({ action: "release.publish", actorId: adminId })]);

    await createVersion({ templateId: a.id, baseVersion: 1, authorId: adminId, version: sampleVersion("{{text}} ||| two") });
    await setTemplateStatus({ templateId: a.id, status: "approved", actorId: adminId, poolVersion: 2 });

    const pool = await listPoolDatasets();
    expect(pool.flatMap((d) => d.templates.map((t) => [t.templateId, t.versionNumber, t.template.jinja]))).toEqual([[a.id, 2, "{{text}} ||| two"]]);
    const frozen = await listReleaseDatasets(release.id);
    expect(frozen.flatMap((d) => d.templates.map((t) => [t.templateId, t.versionNumber, t.template.jinja]))).toEqual([[a.id, 1, "{{text}} ||| one"]]);
    // Unknown fields come back as PromptSource models them.
    expect(frozen[0].templates[0].template.extra).toEqual({ unknown_field: { kept: [1, 2.5] } });
    expect((await getRelease("2026.11.26"))?.templates.map((t) => t.versionNumber)).toEqual([1]);
  });

  it("refuses a second release with the same name and lists releases newest first", async () => {
    await expect(publishRelease({ name: "2026.11.26" }, adminId)).rejects.toMatchObject({ code: "CONFLICT" });
    await publishRelease({ name: "2026.11.27" }, adminId);
    const releases = await listReleases();
    expect(releases.map((r) => [r.name, r.templateCount])).toEqual([
      ["2026.11.27", 1],
      ["2026.11.26", 1],
    ]);
    expect((await getRelease("2026.11.27"))?.templates[0]).toMatchObject({ templateId, versionNumber: 2 });
  });

  it.each(["", "../x", "a b", "x".repeat(65)])("refuses the release name %j", async (name) => {
    await expect(publishRelease({ name }, adminId)).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
