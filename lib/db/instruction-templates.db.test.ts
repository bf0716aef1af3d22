// Instruction templates (Super-NaturalInstructions tasks): kind fixed at creation, the definition and
// examples stored with each immutable version, carried over by saves that do not send them, and
// exported as SNI task files from the approved pool and from a release.
import { beforeAll, expect, it } from "vitest";
import { exportFiles, MANIFEST_PATH } from "../export";
import type { Instruction } from "../templates/instruction";
import { describeDb } from "./testing/harness";
import { makeDataset, makeUser, sampleVersion } from "./testing/fixtures";
import { createDataset, setDatasetTaskCategory } from "./datasets";
import { addSampleRows } from "./sample-rows";
import { createTemplate, getTemplate, listTemplates, setTemplateStatus } from "./templates";
import { createVersion, getVersion, listVersions } from "./versions";
import { openDbExport } from "./export-source";
import { publishRelease } from "./releases";
import { getDb } from "./client";

const INSTRUCTION: Instruction = {
  definition: "Decide whether the review is positive. Answer yes or no.",
  positiveExamples: [
    { input: "Review: great food", output: "yes", explanation: "It praises the food." },
    { input: "Review: cold soup", output: "no", explanation: "A complaint." },
  ],
  negativeExamples: [{ input: "Review: fine", output: "maybe", explanation: "Only yes or no." }],
};

/** "omit": no instruction field at all (a client that does not send it). */
const instructionVersion = (instruction: Instruction | null | "omit" = INSTRUCTION, jinja = "Review: {{text}} ||| {{answer_choices[label]}}") => ({
  ...sampleVersion(jinja),
  extra: {},
  ...(instruction !== "omit" ? { instruction } : {}),
});

async function readExport(release: string | null): Promise<Map<string, string>> {
  const e = await openDbExport(release);
  const out = new Map<string, string>();
  for await (const f of exportFiles(e.source, { format: "sni", seedBase: e.seedBase, release: e.release })) {
    const chunks: Uint8Array[] = [];
    for await (const c of f.content) chunks.push(c);
    out.set(f.path, Buffer.concat(chunks).toString("utf8"));
  }
  return out;
}

describeDb("instruction templates", () => {
  let authorId: string;
  let authorName: string;
  let datasetId: string;

  beforeAll(async () => {
    const author = await makeUser("contributor");
    authorId = author.id;
    authorName = author.name!;
    datasetId = (await makeDataset()).id;
  });

  it("saves an instruction version and reads it back; templates are prompts unless created otherwise", async () => {
    const t = await createTemplate({ datasetId, name: "SNI task", createdById: authorId, kind: "instruction", version: instructionVersion() });
    expect(t.kind).toBe("instruction");
    expect(t.current.instruction).toEqual(INSTRUCTION);
    expect((await getTemplate(t.id))!.current.instruction).toEqual(INSTRUCTION);
    expect((await listTemplates({ datasetId })).find((x) => x.id === t.id)!.kind).toBe("instruction");

    const p = await createTemplate({ datasetId, name: "plain", createdById: authorId, version: sampleVersion() });
    expect(p.kind).toBe("prompt");
    expect(p.current.instruction).toBeNull();
    const row = await getDb().templateVersion.findUnique({ where: { templateId_number: { templateId: p.id, number: 1 } }, select: { instructionJson: true } });
    expect(row!.instructionJson).toBeNull();
  });

  it("keeps versions immutable: a new instruction is a new version, an omitted one carries over, history keeps each", async () => {
    const t = await createTemplate({ datasetId, name: "versions", createdById: authorId, kind: "instruction", version: instructionVersion() });
    const changed = { ...INSTRUCTION, definition: "A better definition.", negativeExamples: [] };
    const v2 = await createVersion({ templateId: t.id, baseVersion: 1, authorId, version: instructionVersion(changed) });
    expect(v2.instruction).toEqual(changed);
    // a client that edits only the jinja (the public API) keeps the instruction of the version it edited
    const v3 = await createVersion({ templateId: t.id, baseVersion: 2, authorId, version: instructionVersion("omit", "Review: {{text}} ||| ok") });
    expect(v3.instruction).toEqual(changed);
    expect(v3.jinja).toBe("Review: {{text}} ||| ok");
    expect((await listVersions(t.id)).map((v) => v.instruction?.definition)).toEqual([INSTRUCTION.definition, "A better definition.", "A better definition."]);
    expect((await getVersion(t.id, 1))!.instruction).toEqual(INSTRUCTION);
  });

  it("refuses an instruction template without a definition, and an instruction on a prompt template", async () => {
    await expect(createTemplate({ datasetId, name: "no definition", createdById: authorId, kind: "instruction", version: instructionVersion(null) })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(createTemplate({ datasetId, name: "no definition", createdById: authorId, kind: "instruction", version: instructionVersion("omit") })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(
      createTemplate({ datasetId, name: "bad definition", createdById: authorId, kind: "instruction", version: instructionVersion({ ...INSTRUCTION, definition: " " }) }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(createTemplate({ datasetId, name: "prompt with one", createdById: authorId, version: instructionVersion() })).rejects.toMatchObject({ code: "VALIDATION" });
    const p = await createTemplate({ datasetId, name: "prompt later", createdById: authorId, version: sampleVersion() });
    await expect(createVersion({ templateId: p.id, baseVersion: 1, authorId, version: instructionVersion() })).rejects.toMatchObject({ code: "VALIDATION" });
    const i = await createTemplate({ datasetId, name: "instruction later", createdById: authorId, kind: "instruction", version: instructionVersion() });
    await expect(createVersion({ templateId: i.id, baseVersion: 1, authorId, version: instructionVersion(null) })).rejects.toMatchObject({ code: "VALIDATION" });
    expect((await listVersions(i.id)).length).toBe(1);
  });

  it("exports approved instruction templates as SNI tasks: contributors, the dataset's SNI category and license, instances from the rows", async () => {
    const admin = await makeUser("admin");
    const reviser = await makeUser("contributor");
    const ds = await createDataset(
      {
        name: "sni_reviews",
        description: "reviews",
        license: "cc-by-4.0",
        features: { text: { dtype: "string", _type: "Value" }, label: { names: ["no", "yes"], _type: "ClassLabel" } },
      },
      null,
    );
    await setDatasetTaskCategory(ds.id, "Sentiment", null);
    await addSampleRows(ds.id, "train", [
      { index: 0, dataJson: '{"text": "nice place", "label": 1}' },
      { index: 1, dataJson: '{"text": "great food", "label": 1}' },
      { index: 2, dataJson: '{"text": "rude waiter", "label": 0}' },
    ], null);
    await addSampleRows(ds.id, "test", [{ index: 0, dataJson: '{"text": "slow", "label": 0}' }], null);
    const t = await createTemplate({ datasetId: ds.id, name: "Is it positive", createdById: authorId, kind: "instruction", version: instructionVersion() });
    await createVersion({ templateId: t.id, baseVersion: 1, authorId: reviser.id, version: instructionVersion() });
    const plain = await createTemplate({ datasetId: ds.id, name: "plain one", createdById: authorId, version: sampleVersion() });
    await setTemplateStatus({ templateId: t.id, status: "approved", poolVersion: 2, actorId: admin.id });
    await setTemplateStatus({ templateId: plain.id, status: "approved", poolVersion: 1, actorId: admin.id });

    const files = await readExport(null);
    const manifest = JSON.parse(files.get(MANIFEST_PATH)!);
    const entry = manifest.templates.find((x: { id: string }) => x.id === t.id);
    expect(entry.folder).toMatch(/^task\d{3}_sni_reviews_is_it_positive$/);
    expect(manifest.templates.some((x: { id: string }) => x.id === plain.id)).toBe(false);
    const task = JSON.parse(files.get(`tasks/${entry.folder}.json`)!);
    expect(Object.keys(task)).toEqual([
      "Contributors", "Source", "URL", "Categories", "Reasoning", "Definition", "Input_language", "Output_language",
      "Instruction_language", "Domains", "Positive Examples", "Negative Examples", "Instances", "Instance License",
    ]);
    expect(task.Contributors).toEqual([authorName, reviser.name]);
    expect(task.Categories).toEqual(["Sentiment Analysis"]);
    expect(task["Instance License"]).toEqual(["cc-by-4.0"]);
    expect(task.Definition).toEqual([INSTRUCTION.definition]);
    expect(task.Input_language).toEqual(["English"]);
    // "Review: great food" is a positive example's input: left out of the instances
    expect(task.Instances.map((i: { input: string; output: string[] }) => [i.input, i.output])).toEqual([
      ["Review: nice place", ["yes"]],
      ["Review: rude waiter", ["no"]],
      ["Review: slow", ["no"]],
    ]);

    // A release freezes the version: later edits do not reach its SNI export, which is the same every time.
    await publishRelease({ name: "sni-1", notes: "" }, admin.id);
    await createVersion({ templateId: t.id, baseVersion: 2, authorId, version: instructionVersion({ ...INSTRUCTION, definition: "Changed later." }) });
    const a = await readExport("sni-1");
    const b = await readExport("sni-1");
    expect([...a.entries()]).toEqual([...b.entries()]);
    const frozen = JSON.parse(a.get(`tasks/${entry.folder}.json`)!);
    expect(frozen.Definition).toEqual([INSTRUCTION.definition]);
  });
});
