import { beforeAll, expect, it } from "vitest";
import { AppError } from "../errors";
import { listAuditEvents } from "./audit";
import { describeDb } from "./testing/harness";
import { makeDataset, makeUser, sampleVersion } from "./testing/fixtures";
import { createTemplate, getTemplate, listTemplates, renameTemplate, setTemplateStatus } from "./templates";
import { createVersion, getVersion, listVersions } from "./versions";

describeDb("templates and versions", () => {
  let authorId: string;
  let otherId: string;
  let datasetId: string;

  beforeAll(async () => {
    authorId = (await makeUser()).id;
    otherId = (await makeUser()).id;
    datasetId = (await makeDataset()).id;
  });

  it("creates a template with version 1 and keeps every field", async () => {
    const id = "8C2D1F0A-1234-4ABC-9DEF-0123456789AB";
    const t = await createTemplate({ id, datasetId, name: "  yes_no  ", createdById: authorId, version: sampleVersion(), message: "first" });
    expect(t).toMatchObject({
      id: id.toLowerCase(),
      datasetId,
      name: "yes_no",
      status: "draft",
      latestVersion: 1,
      poolVersion: null,
      createdBy: { id: authorId },
    });
    expect(t.current).toMatchObject({
      number: 1,
      parentNumber: null,
      message: "first",
      jinja: "{{text}} ||| {{answer_choices[label]}}",
      answerChoices: "no ||| yes",
      reference: "written for tests",
      metadata: { originalTask: true, choicesInPrompt: false, metrics: ["Accuracy"], languages: ["en"] },
      extra: { unknown_field: { kept: [1, 2.5] } },
      author: { id: authorId },
    });
    const events = await listAuditEvents({ subjectType: "template", subjectId: t.id });
    expect(events.map((e) => e.action)).toEqual(["template.create"]);
  });

  it("saves versions on top of the latest one, with parents and audit events", async () => {
    const t = await createTemplate({ datasetId, name: "chain", createdById: authorId, version: sampleVersion("v1 |||") });
    const v2 = await createVersion({ templateId: t.id, baseVersion: 1, authorId: otherId, version: sampleVersion("v2 |||"), message: "second" });
    const v3 = await createVersion({ templateId: t.id, baseVersion: 2, authorId, version: { jinja: "v3 |||" } });
    expect([v2.number, v2.parentNumber, v2.author.id, v2.message]).toEqual([2, 1, otherId, "second"]);
    expect(v3).toMatchObject({ number: 3, parentNumber: 2, answerChoices: null, reference: "", extra: {} });
    expect(v3.metadata).toEqual({ originalTask: null, choicesInPrompt: null, metrics: [], languages: [] });
    expect((await listVersions(t.id)).map((v) => [v.number, v.jinja])).toEqual([[1, "v1 |||"], [2, "v2 |||"], [3, "v3 |||"]]);
    expect((await getVersion(t.id, 2))?.jinja).toBe("v2 |||");
    expect(await getVersion(t.id, 9)).toBeNull();
    const detail = await getTemplate(t.id);
    expect(detail?.latestVersion).toBe(3);
    expect(detail?.current.jinja).toBe("v3 |||");
    const actions = (await listAuditEvents({ subjectType: "template", subjectId: t.id })).map((e) => e.action);
    expect(actions.filter((a) => a === "version.create")).toHaveLength(2);
  });

  it("refuses a save on a stale base with VERSION_CONFLICT and writes nothing", async () => {
    const t = await createTemplate({ datasetId, name: "stale", createdById: authorId, version: sampleVersion() });
    await createVersion({ templateId: t.id, baseVersion: 1, authorId, version: sampleVersion("mine |||") });
    const error = await createVersion({ templateId: t.id, baseVersion: 1, authorId: otherId, version: sampleVersion("theirs |||") }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "VERSION_CONFLICT", status: 409, details: { latestVersion: 2 } });
    expect((await listVersions(t.id)).map((v) => v.jinja)).toEqual([sampleVersion().jinja, "mine |||"]);
    await expect(createVersion({ templateId: t.id, baseVersion: 5, authorId, version: sampleVersion() })).rejects.toMatchObject({ code: "VERSION_CONFLICT" });
    await expect(createVersion({ templateId: "nope", baseVersion: 1, authorId, version: sampleVersion() })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lets exactly one of two concurrent saves on one base version win", async () => {
    const t = await createTemplate({ datasetId, name: "race", createdById: authorId, version: sampleVersion() });
    for (let round = 1; round <= 3; round++) {
      const results = await Promise.allSettled([
        createVersion({ templateId: t.id, baseVersion: round, authorId, version: sampleVersion(`a${round} |||`) }),
        createVersion({ templateId: t.id, baseVersion: round, authorId: otherId, version: sampleVersion(`b${round} |||`) }),
      ]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].reason).toMatchObject({ code: "VERSION_CONFLICT" });
    }
    const versions = await listVersions(t.id);
    expect(versions.map((v) => v.number)).toEqual([1, 2, 3, 4]);
    expect((await getTemplate(t.id))?.latestVersion).toBe(4);
  });

  it("keeps template names unique within a dataset among non-archived templates", async () => {
    const first = await createTemplate({ datasetId, name: "unique_name", createdById: authorId, version: sampleVersion() });
    const clash = await createTemplate({ datasetId, name: "unique_name", createdById: otherId, version: sampleVersion() }).catch((e) => e);
    expect(clash).toMatchObject({ code: "CONFLICT" });
    // another dataset may use the name
    const other = await makeDataset();
    await expect(createTemplate({ datasetId: other.id, name: "unique_name", createdById: authorId, version: sampleVersion() })).resolves.toMatchObject({ name: "unique_name" });
    // once archived, the name is free again; unarchiving the old one then clashes
    await setTemplateStatus({ templateId: first.id, status: "archived", actorId: authorId });
    const second = await createTemplate({ datasetId, name: "unique_name", createdById: otherId, version: sampleVersion() });
    expect(second.name).toBe("unique_name");
    await expect(setTemplateStatus({ templateId: first.id, status: "draft", actorId: authorId })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(renameTemplate(second.id, "chain", otherId)).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await renameTemplate(second.id, "renamed", otherId)).name).toBe("renamed");
  });

  it("closes the name race with the partial unique index: two concurrent creates, one wins", async () => {
    const results = await Promise.allSettled([
      createTemplate({ datasetId, name: "same_time", createdById: authorId, version: sampleVersion() }),
      createTemplate({ datasetId, name: "same_time", createdById: otherId, version: sampleVersion() }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(lost?.reason).toMatchObject({ code: "CONFLICT" });
  });

  it("validates input and references", async () => {
    await expect(createTemplate({ datasetId: "missing", name: "x", createdById: authorId, version: sampleVersion() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(createTemplate({ datasetId, name: "", createdById: authorId, version: sampleVersion() })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(createTemplate({ datasetId, name: "empty", createdById: authorId, version: { jinja: "" } })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(createTemplate({ id: "not-a-uuid", datasetId, name: "bad id", createdById: authorId, version: sampleVersion() })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(createTemplate({ datasetId, name: "bad status", createdById: authorId, version: sampleVersion(), status: "published" as never })).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("moves status with compare-and-set and records the pool version", async () => {
    const t = await createTemplate({ datasetId, name: "review_me", createdById: authorId, version: sampleVersion() });
    await setTemplateStatus({ templateId: t.id, status: "in_review", expectedStatus: "draft", actorId: authorId });
    const approved = await setTemplateStatus({ templateId: t.id, status: "approved", expectedStatus: "in_review", poolVersion: 1, actorId: otherId });
    expect(approved).toMatchObject({ status: "approved", poolVersion: 1 });
    await expect(setTemplateStatus({ templateId: t.id, status: "rejected", expectedStatus: "in_review", actorId: otherId })).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(setTemplateStatus({ templateId: t.id, status: "approved", poolVersion: 7, actorId: otherId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const statuses = (await listAuditEvents({ subjectType: "template", subjectId: t.id })).filter((e) => e.action === "template.status");
    expect(statuses.map((e) => e.details.to).sort()).toEqual(["approved", "in_review"]);
  });

  it("lists templates by dataset, status and author, newest first", async () => {
    const ds = await makeDataset();
    const a = await createTemplate({ datasetId: ds.id, name: "a", createdById: authorId, version: sampleVersion(), status: "approved" });
    const b = await createTemplate({ datasetId: ds.id, name: "b", createdById: otherId, version: sampleVersion() });
    const all = await listTemplates({ datasetId: ds.id });
    expect(all.map((t) => t.name)).toEqual(["b", "a"]);
    expect(all[0]).toMatchObject({ datasetId: ds.id, datasetName: ds.name, datasetSubset: null, status: "draft", latestVersion: 1, createdBy: { id: otherId } });
    expect((await listTemplates({ datasetId: ds.id, status: ["approved"] })).map((t) => t.id)).toEqual([a.id]);
    expect((await listTemplates({ datasetId: ds.id, createdById: otherId })).map((t) => t.id)).toEqual([b.id]);
    expect(await getTemplate("00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});
