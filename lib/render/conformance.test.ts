/**
 * Conformance with PromptSource (Python Jinja2): every template of ../shared/promptsource/templates
 * over the rows of ../shared/parity, seed = 1000 + row index, compared with the expected records.
 * A difference must be listed in known-differences.json (with its reason), and a listed entry
 * that no longer differs fails too, so the list stays true.
 */
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePromptSourceYaml } from "../templates/promptsource-yaml";
import { applyTemplate, prepareTemplate } from "./index";
import { parsePyJson } from "./py-json";
import { PyDict } from "./values";
import knownDifferences from "./known-differences.json";

const repoRoot = path.resolve(__dirname, "../..");
const shared = path.resolve(repoRoot, "../shared");
const parity = path.join(shared, "parity");
const templatesRoot = path.join(shared, "promptsource/templates");

interface IndexEntry {
  templates_file: string;
  rows_file: string;
  expected_file: string;
}
interface Expected {
  template_id: string;
  row_index: number;
  parts: string[] | null;
  answer_choices: string[] | null;
  error: string | null;
}
interface KnownDifference {
  template_id: string;
  row_index: number;
  reason: string;
}

function keyOf(templateId: string, row: number): string {
  return `${templateId}#${row}`;
}

function runConformance(): { total: number; same: number; differences: Map<string, string> } {
  const index = JSON.parse(readFileSync(path.join(parity, "index.json"), "utf8")) as IndexEntry[];
  const differences = new Map<string, string>();
  let total = 0;
  let same = 0;
  for (const entry of index) {
    const file = parsePromptSourceYaml(readFileSync(path.join(templatesRoot, entry.templates_file), "utf8"), entry.templates_file);
    const rows = readFileSync(path.join(parity, entry.rows_file), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => parsePyJson(l) as PyDict);
    const expected = readFileSync(path.join(parity, entry.expected_file), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Expected);
    let k = 0;
    for (const t of file.templates) {
      const prepared = prepareTemplate({ id: t.id, name: t.name, jinja: t.jinja, answerChoices: t.answerChoices });
      rows.forEach((row, i) => {
        const exp = expected[k++];
        total++;
        const got = applyTemplate(prepared, row, { seed: 1000 + i });
        const problems: string[] = [];
        if (exp.template_id !== t.id || exp.row_index !== i) problems.push(`record order: expected ${exp.template_id}#${exp.row_index}`);
        if ((exp.error === null) !== (got.error === null)) problems.push(`error: expected ${JSON.stringify(exp.error)}, got ${JSON.stringify(got.error)}`);
        if (JSON.stringify(exp.parts) !== JSON.stringify(got.parts))
          problems.push(`parts: expected ${JSON.stringify(exp.parts)?.slice(0, 400)}, got ${JSON.stringify(got.parts)?.slice(0, 400)}`);
        if (JSON.stringify(exp.answer_choices) !== JSON.stringify(got.answerChoices))
          problems.push(`answer_choices: expected ${JSON.stringify(exp.answer_choices)}, got ${JSON.stringify(got.answerChoices)}`);
        if (problems.length) differences.set(keyOf(t.id, i), `${entry.templates_file} "${t.name}" row ${i}: ${problems.join("; ")}`);
        else same++;
      });
    }
    if (k !== expected.length) differences.set(`${entry.expected_file}#count`, `expected ${expected.length} records, made ${k}`);
  }
  return { total, same, differences };
}

const haveCorpus = existsSync(path.join(parity, "index.json")) && existsSync(templatesRoot);

describe("conformance with PromptSource (Python Jinja2 3.1.6)", () => {
  it("finds the shared parity corpus", () => {
    expect(haveCorpus, `the parity corpus is missing: expected ${parity} and ${templatesRoot} (../shared beside the repository)`).toBe(true);
  });

  it.runIf(haveCorpus)("renders every record as Python does, except the listed known differences", () => {
    const { total, same, differences } = runConformance();
    const known = new Map((knownDifferences as KnownDifference[]).map((d) => [keyOf(d.template_id, d.row_index), d.reason]));
    const unlisted = [...differences].filter(([k]) => !known.has(k)).map(([, v]) => v);
    const fixed = [...known.keys()].filter((k) => !differences.has(k));
    console.log(`conformance: ${same}/${total} records identical (${((100 * same) / total).toFixed(2)}%), ${known.size} known differences`);
    expect(total).toBe(8340);
    expect(unlisted.slice(0, 20), `${unlisted.length} unlisted differences`).toEqual([]);
    expect(fixed, "known differences that no longer differ (remove them from known-differences.json)").toEqual([]);
  });
});
