/**
 * P3's subset (folder) name for a template, from promptsource's seqio_tasks `get_task_name`:
 *   re.sub(r"[^\w\d\._]+", "_", dataset + ("_" + subset + "_" if subset else "_") + template_name)
 * Python's `\w` on str is Unicode-aware: letters and numbers of any script and `_` (combining
 * marks are not word characters, as in Python).
 */
const NOT_WORD = /[^\p{L}\p{N}_.]+/gu;

export function p3SubsetName(dataset: string, subset: string | null, templateName: string): string {
  return (dataset + (subset ? "_" + subset + "_" : "_") + templateName).replace(NOT_WORD, "_");
}

/** The rank-classification companion folder P3 publishes for templates with answer choices. */
export function scoreEvalName(folder: string): string {
  return folder + "_score_eval";
}

/** `templates/<dataset>[/<subset>]/templates.yaml`, PromptSource's layout. */
export function promptSourcePath(dataset: string, subset: string | null): string {
  return `templates/${dataset}${subset ? "/" + subset : ""}/templates.yaml`;
}

/**
 * The file stem that names a config's rows: the templates folder path with `/` as `__`
 * (`super_glue__rte`, `Zaid__coqa_expanded`), as ../shared/parity names its rows files.
 */
export function rowsStem(dataset: string, subset: string | null): string {
  return (dataset + (subset ? "/" + subset : "")).split("/").join("__");
}
