/**
 * Templates for a mixture from PromptSource files: a `templates.yaml` or a folder holding
 * `<dataset>[/<subset>]/templates.yaml` files (any depth), read in sorted path order. The
 * category of each template is its dataset's T0 cluster (taxonomy.ts).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parsePromptSourceYaml } from "../templates/promptsource-yaml";
import type { MixTemplate } from "./plan";
import { t0ClusterOf } from "./taxonomy";

async function findTemplateFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (d: string) => {
    const entries = (await readdir(d, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.name === "templates.yaml") found.push(p);
    }
  };
  await walk(dir);
  return found;
}

export async function loadMixTemplates(fileOrDir: string, categoryOf = t0ClusterOf): Promise<MixTemplate[]> {
  const files = (await stat(fileOrDir)).isDirectory() ? await findTemplateFiles(fileOrDir) : [fileOrDir];
  const out: MixTemplate[] = [];
  for (const f of files) {
    const file = parsePromptSourceYaml(await readFile(f, "utf8"), f);
    for (const t of file.templates) {
      out.push({
        dataset: file.dataset,
        subset: file.subset,
        id: t.id,
        version: null,
        name: t.name,
        jinja: t.jinja,
        answerChoices: t.answerChoices,
        originalTask: t.metadata.originalTask,
        choicesInPrompt: t.metadata.choicesInPrompt,
        category: categoryOf(file.dataset, file.subset),
      });
    }
  }
  return out;
}
