/**
 * The export engine over the whole PromptSource collection (../shared, see testing/shared.ts):
 * - PromptSource YAML round trip: all 279 files / 2,085 templates load back to the same data,
 *   byte for byte where the serializer is byte-exact (all but squad_v2's shared-metadata anchors),
 *   and PyYAML (with the two tags) loads every exported file to the data of the original.
 * - P3 over the parity rows (seed base 1000) equals what P3's rule makes of the expected records.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parsePromptSourceYaml } from "../templates/promptsource-yaml";
import { exportFiles, MANIFEST_PATH } from "./engine";
import { startWorkerPool } from "./worker-pool";
import { fileSource, loadTemplateFiles, scanRowsFolder } from "./file-source";
import { writeChunks, writeFolder } from "./folder-writer";
import { zipFiles } from "./zip-writer";
import { PARITY, TEMPLATES_ROOT } from "./testing/shared";
import type { ExportTemplate, Manifest } from "./types";

let templates: ExportTemplate[];

beforeAll(async () => {
  expect(existsSync(TEMPLATES_ROOT), `the PromptSource collection is missing at ${TEMPLATES_ROOT} (set PROMPTPOOL_SHARED)`).toBe(true);
  templates = await loadTemplateFiles(TEMPLATES_ROOT);
});

async function exportToMap(format: "promptsource" | "p3", rowsDir: string | null, seedBase = 0, workers = 1): Promise<Map<string, string>> {
  const source = fileSource(templates, rowsDir ? await scanRowsFolder(rowsDir) : null);
  const out = new Map<string, string>();
  for await (const f of exportFiles(source, { format, seedBase, workers, startWorkerPool })) {
    const chunks: Uint8Array[] = [];
    for await (const c of f.content) chunks.push(c);
    out.set(f.path, Buffer.concat(chunks).toString("utf8"));
  }
  return out;
}

const stripPlace = ({ dataset, subset, ...t }: ExportTemplate) => ({ key: `${dataset}/${subset}/${t.id}`, t });

describe("PromptSource YAML export of the collection", () => {
  it("loads back to the same data for all 2,085 templates, byte for byte in 278 of 279 files", async () => {
    expect(templates).toHaveLength(2085);
    const files = await exportToMap("promptsource", null);
    const yamlFiles = [...files.keys()].filter((p) => p !== MANIFEST_PATH);
    expect(yamlFiles).toHaveLength(279);
    const differentBytes: string[] = [];
    const reloaded: ExportTemplate[] = [];
    for (const p of yamlFiles) {
      const text = files.get(p)!;
      const original = readFileSync(path.join(TEMPLATES_ROOT, p.replace(/^templates\//, "")), "utf8");
      if (text !== original) differentBytes.push(p);
      const parsed = parsePromptSourceYaml(text, p);
      for (const t of parsed.templates) reloaded.push({ ...t, dataset: parsed.dataset, subset: parsed.subset });
    }
    expect(differentBytes).toEqual(["templates/squad_v2/templates.yaml"]);
    const byKey = (ts: ExportTemplate[]) => new Map(ts.map(stripPlace).map(({ key, t }) => [key, t]));
    const before = byKey(templates);
    const after = byKey(reloaded);
    expect(after.size).toBe(2085);
    for (const [key, t] of before) expect(after.get(key), key).toEqual(t);
  });

  const havePyYaml = spawnSync("python3", ["-c", "import yaml"]).status === 0;
  it.runIf(havePyYaml)("loads with PyYAML (a loader that knows !Template and !TemplateMetadata) to the data of the original files", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "promptpool-ps-export-"));
    const source = fileSource(templates, null);
    await writeFolder(exportFiles(source, { format: "promptsource" }), dir);
    const script = `
import os, sys, yaml
class Loader(yaml.SafeLoader):
    pass
for tag in ("!Template", "!TemplateMetadata"):
    Loader.add_constructor(tag, lambda loader, node: loader.construct_mapping(node, deep=True))
exported, original = sys.argv[1], sys.argv[2]
files = templates = 0
for d, _, names in os.walk(os.path.join(exported, "templates")):
    if "templates.yaml" not in names:
        continue
    rel = os.path.relpath(os.path.join(d, "templates.yaml"), os.path.join(exported, "templates"))
    a = yaml.load(open(os.path.join(exported, "templates", rel), encoding="utf-8"), Loader=Loader)
    b = yaml.load(open(os.path.join(original, rel), encoding="utf-8"), Loader=Loader)
    assert a == b, rel
    files += 1
    templates += len(a["templates"])
print(files, templates)
`;
    const run = spawnSync("python3", ["-c", script, dir, TEMPLATES_ROOT], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("279 2085");
  });
});

interface Expected {
  template_id: string;
  row_index: number;
  parts: string[] | null;
  answer_choices: string[] | null;
}

describe("P3 export over the parity rows", () => {
  it("equals P3's rule applied to the expected records (seed base 1000), for every template", async () => {
    const files = await exportToMap("p3", path.join(PARITY, "rows"), 1000);
    const manifest = JSON.parse(files.get(MANIFEST_PATH)!) as Manifest;
    const folderOf = new Map(manifest.templates.map((t) => [t.id + "@" + t.dataset + "/" + t.subset, t.folder!]));
    const index = JSON.parse(readFileSync(path.join(PARITY, "index.json"), "utf8")) as { expected_file: string }[];
    // What P3's apply_template keeps of each expected record, grouped by folder, in row order.
    const want = new Map<string, string[]>();
    const wantScore = new Map<string, number>();
    let compared = 0;
    for (const e of index) {
      for (const line of readFileSync(path.join(PARITY, e.expected_file), "utf8").split("\n")) {
        if (!line.trim()) continue;
        const r = JSON.parse(line) as Expected & { dataset: string; subset: string | null };
        const folder = folderOf.get(r.template_id + "@" + r.dataset + "/" + r.subset)!;
        expect(folder, r.template_id).toBeDefined();
        const list = want.get(folder) ?? [];
        want.set(folder, list);
        compared++;
        if (r.parts === null || r.parts.length !== 2 || r.parts[0] === "") continue;
        const record: Record<string, unknown> = {};
        if (r.answer_choices) record.answer_choices = r.answer_choices;
        record.inputs_pretokenized = r.parts[0];
        record.targets_pretokenized = r.parts[1] === "" ? "<NO LABEL>" : r.parts[1];
        list.push(JSON.stringify(record));
        if (r.answer_choices) wantScore.set(folder, (wantScore.get(folder) ?? 0) + r.answer_choices.length);
      }
    }
    expect(compared).toBe(8340);
    expect(want.size).toBe(2085);
    for (const [folder, records] of want) {
      const got = files.get(`${folder}/train.jsonl`);
      expect(got, folder).toBeDefined();
      expect(got!.split("\n").filter(Boolean).map((l) => JSON.stringify(JSON.parse(l))), folder).toEqual(records);
      if (wantScore.has(folder)) expect(manifest.folders[`${folder}_score_eval`].train.records, folder).toBe(wantScore.get(folder));
    }
    expect(manifest.totals.rendered).toBe(8340);
    expect(manifest.totals.errors).toBe(130);
  });

  it("writes the same zip with two worker threads reusing chunk memory", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "promptpool-p3-zip-"));
    const source = fileSource(templates, await scanRowsFolder(path.join(PARITY, "rows")));
    const one = path.join(dir, "one.zip");
    const two = path.join(dir, "two.zip");
    await writeChunks(zipFiles(exportFiles(source, { format: "p3", seedBase: 1000 }), { level: 0 }), one);
    await writeChunks(zipFiles(exportFiles(source, { format: "p3", seedBase: 1000, workers: 2, reuseChunks: true, startWorkerPool }), { level: 0 }), two);
    const sha = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");
    expect(sha(two)).toBe(sha(one));
  });

  it("gives the same files, byte for byte, with two worker threads", async () => {
    const one = await exportToMap("p3", path.join(PARITY, "rows"), 1000);
    const two = await exportToMap("p3", path.join(PARITY, "rows"), 1000, 2);
    expect([...two.keys()]).toEqual([...one.keys()]);
    for (const [p, text] of one) expect(two.get(p) === text, p).toBe(true);
  });
});
