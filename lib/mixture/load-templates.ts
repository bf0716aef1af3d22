/**
 * Templates for a mixture from PromptSource files (a `templates.yaml` or a folder of them, read
 * by lib/export's loader, in sorted path order). The category of each template is its dataset's
 * T0 cluster (taxonomy.ts) unless another function is given.
 */
import { loadTemplateFiles } from "../export/file-source";
import type { MixTemplate } from "./plan";
import { t0ClusterOf } from "./taxonomy";

export async function loadMixTemplates(fileOrDir: string, categoryOf = t0ClusterOf): Promise<MixTemplate[]> {
  return (await loadTemplateFiles(fileOrDir)).map((t) => ({
    dataset: t.dataset,
    subset: t.subset,
    id: t.id,
    version: null,
    name: t.name,
    jinja: t.jinja,
    answerChoices: t.answerChoices,
    originalTask: t.metadata.originalTask,
    choicesInPrompt: t.metadata.choicesInPrompt,
    category: categoryOf(t.dataset, t.subset),
  }));
}
