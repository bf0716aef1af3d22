/**
 * The diversity report (pure): is the pool diverse enough to train on? FLAN aimed at about 10
 * templates per dataset plus a few that turn the task around (PromptSource's original_task:
 * false); T0 found that more prompts per dataset raised median accuracy. The report gives, per
 * dataset config, the number of templates against a target, the share that reformulate the task,
 * and near-duplicate templates: pairs whose rendered output is the same on most sample rows.
 */
import { applyTemplate, prepareTemplate } from "../render/promptsource";
import type { PyDict } from "../render/values";
import { configKey } from "./taxonomy";

export interface DiversityTemplate {
  dataset: string;
  subset: string | null;
  id: string;
  name: string;
  originalTask: boolean | null;
}

/** Rendered text per sample row (null: error or empty render), same rows for every template of a config. */
export type SampleRenders = ReadonlyMap<string, readonly (string | null)[]>;

export interface DiversityOptions {
  /** Templates wanted per dataset (FLAN: about 10). */
  target?: number;
  /** Share of comparable rows on which two templates must render the same text to be near-duplicates. */
  duplicateShare?: number;
  /** Fewest rows both templates must render for a comparison to count. */
  minComparableRows?: number;
  /** Dataset configs to report even without a template (the most below target of all). */
  datasets?: readonly { dataset: string; subset: string | null }[];
}

export interface NearDuplicate {
  a: { id: string; name: string };
  b: { id: string; name: string };
  /** Rows rendered the same / rows both rendered. */
  same: number;
  compared: number;
}

export interface DatasetDiversity {
  key: string;
  dataset: string;
  subset: string | null;
  templates: number;
  /** Templates marked original_task: false. */
  reformulations: number;
  belowTarget: boolean;
  /** Templates still wanted to reach the target (0 when at or above it). */
  missing: number;
  nearDuplicates: NearDuplicate[];
}

export interface DiversityReport {
  target: number;
  datasets: DatasetDiversity[];
  totals: { datasets: number; templates: number; reformulationShare: number; belowTarget: number; nearDuplicatePairs: number };
}

/** Whitespace runs collapsed and ends trimmed, so spacing alone does not make templates differ. */
export function normalizeRender(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export function diversityReport(templates: readonly DiversityTemplate[], renders: SampleRenders, options: DiversityOptions = {}): DiversityReport {
  const target = options.target ?? 10;
  const share = options.duplicateShare ?? 0.8;
  const minRows = options.minComparableRows ?? 2;
  const groups = new Map<string, DiversityTemplate[]>();
  const bare = new Map<string, { dataset: string; subset: string | null }>();
  for (const d of options.datasets ?? []) bare.set(configKey(d.dataset, d.subset), d);
  for (const t of templates) {
    const key = configKey(t.dataset, t.subset);
    const list = groups.get(key);
    if (list) list.push(t);
    else groups.set(key, [t]);
  }
  const keys = [...new Set([...groups.keys(), ...bare.keys()])].sort();
  const datasets: DatasetDiversity[] = keys.map((key) => {
    const list = groups.get(key) ?? [];
    const config = list[0] ?? bare.get(key)!;
    const nearDuplicates: NearDuplicate[] = [];
    for (let i = 0; i < list.length; i++) {
      const ra = renders.get(list[i].id);
      if (!ra) continue;
      for (let j = i + 1; j < list.length; j++) {
        const rb = renders.get(list[j].id);
        if (!rb) continue;
        let same = 0;
        let compared = 0;
        for (let r = 0; r < Math.min(ra.length, rb.length); r++) {
          const x = ra[r];
          const y = rb[r];
          if (x === null || y === null) continue;
          compared++;
          if (normalizeRender(x) === normalizeRender(y)) same++;
        }
        if (compared >= minRows && same / compared >= share) {
          nearDuplicates.push({ a: { id: list[i].id, name: list[i].name }, b: { id: list[j].id, name: list[j].name }, same, compared });
        }
      }
    }
    return {
      key,
      dataset: config.dataset,
      subset: config.subset,
      templates: list.length,
      reformulations: list.filter((t) => t.originalTask === false).length,
      belowTarget: list.length < target,
      missing: Math.max(0, target - list.length),
      nearDuplicates,
    };
  });
  const total = templates.length;
  return {
    target,
    datasets,
    totals: {
      datasets: datasets.length,
      templates: total,
      reformulationShare: total === 0 ? 0 : templates.filter((t) => t.originalTask === false).length / total,
      belowTarget: datasets.filter((d) => d.belowTarget).length,
      nearDuplicatePairs: datasets.reduce((a, d) => a + d.nearDuplicates.length, 0),
    },
  };
}

/**
 * Sample renders for the report: each template of a config applied to the same rows with the
 * renderer's seeding contract; the text is the input and target joined by " ||| ".
 */
export function renderSamples(
  templates: readonly (DiversityTemplate & { jinja: string; answerChoices: string | null })[],
  rowsOf: (dataset: string, subset: string | null) => readonly PyDict[],
  seedBase = 0,
): Map<string, (string | null)[]> {
  const out = new Map<string, (string | null)[]>();
  for (const t of templates) {
    const prepared = prepareTemplate({ id: t.id, name: t.name, jinja: t.jinja, answerChoices: t.answerChoices });
    out.set(
      t.id,
      rowsOf(t.dataset, t.subset).map((row, i) => {
        const r = applyTemplate(prepared, row, { seed: seedBase + i });
        if (r.error !== null || r.parts === null || r.parts.join("") === "") return null;
        return r.parts.join(" ||| ");
      }),
    );
  }
  return out;
}
