// Exports from the database: the demo pool as P3 data, and a release's zip made twice byte for byte.
import { createHash } from "node:crypto";
import { unzipSync } from "fflate";
import { beforeAll, expect, it } from "vitest";
import { describeDb } from "./testing/harness";
import { makeUser } from "./testing/fixtures";
import { seedDatabase } from "../../prisma/seed";
import { exportFiles, zipFiles, type ExportFormat } from "../export";
import { openDbExport } from "./export-source";
import { publishRelease } from "./releases";
import { createVersion } from "./versions";
import { setTemplateStatus } from "./templates";
import { getDb } from "./client";

async function exportZip(release: string | null, format: ExportFormat): Promise<Uint8Array> {
  const e = await openDbExport(release);
  const chunks: Uint8Array[] = [];
  for await (const chunk of zipFiles(exportFiles(e.source, { format, seedBase: e.seedBase, release: e.release }))) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describeDb("exports from the database", () => {
  let adminId: string;
  beforeAll(async () => {
    await seedDatabase({ demo: false });
    adminId = (await makeUser("admin")).id;
  });

  it("a P3 export of the demo pool loads as JSONL with P3's fields", async () => {
    const files = unzipSync(await exportZip(null, "p3"));
    const names = Object.keys(files);
    const manifest = JSON.parse(new TextDecoder().decode(files["manifest.json"]));
    expect(manifest).toMatchObject({ format: "p3", release: null });
    expect(manifest.templates.length).toBeGreaterThan(0);
    const jsonl = names.filter((n) => n.endsWith(".jsonl"));
    expect(jsonl.length).toBeGreaterThan(0);
    let records = 0;
    let scoreEval = 0;
    for (const name of jsonl) {
      const lines = new TextDecoder("utf-8", { fatal: true }).decode(files[name]).split("\n").filter((l) => l !== "");
      for (const line of lines) {
        const record = JSON.parse(line);
        expect(typeof record.inputs_pretokenized).toBe("string");
        expect(typeof record.targets_pretokenized).toBe("string");
        if ("answer_choices" in record) expect(record.answer_choices.every((c: unknown) => typeof c === "string")).toBe(true);
        if (name.split("/")[0].endsWith("_score_eval")) {
          scoreEval++;
          expect(record).toEqual(expect.objectContaining({ idx: [expect.any(Number), expect.any(Number)], is_correct: expect.any(Boolean), weight: 1.0 }));
        }
        records++;
      }
    }
    expect(records).toBeGreaterThan(0);
    expect(scoreEval).toBeGreaterThan(0);
    // Every file is in the manifest with its SHA-256.
    for (const f of manifest.files) expect(sha256(files[f.path])).toBe(f.sha256);
  });

  it("a release's exports are byte-identical every time, and stay so when the pool moves on", async () => {
    await publishRelease({ name: "2026.11.26", notes: "test", seedBase: 42 }, adminId);
    const formats: ExportFormat[] = ["p3", "promptsource", "xp3"];
    const first = await Promise.all(formats.map((f) => exportZip("2026.11.26", f)));

    // The pool changes after the release: a new approved version of one template.
    const t = await getDb().template.findFirstOrThrow({ where: { status: "approved" }, orderBy: { id: "asc" }, select: { id: true, latestVersion: true } });
    await createVersion({ templateId: t.id, baseVersion: t.latestVersion, authorId: adminId, version: { jinja: "{{ 1 }} ||| changed", metadata: { originalTask: null, choicesInPrompt: null, metrics: [], languages: [] } } });
    await setTemplateStatus({ templateId: t.id, status: "approved", actorId: adminId, poolVersion: t.latestVersion + 1 });

    const second = await Promise.all(formats.map((f) => exportZip("2026.11.26", f)));
    expect(second.map(sha256)).toEqual(first.map(sha256));
    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(first[0])["manifest.json"]));
    expect(manifest).toMatchObject({ release: "2026.11.26", seed_base: 42 });
    // The pool itself did move.
    expect(sha256(await exportZip(null, "p3"))).not.toBe(sha256(first[0]));
  });

  it("an unknown release is NOT_FOUND", async () => {
    await expect(openDbExport("no-such-release")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
