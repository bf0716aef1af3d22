/**
 * The mixture plan (pure): which templates take part and how many examples each dataset,
 * template and category gets, before any row is read or rendered.
 *
 * Rates follow T0's and FLAN's mixing rules. Each dataset config d with n_d rows in the split
 * and a per-dataset cap C gets a rate r_d:
 *   proportional  r_d = min(n_d, C)            (examples-proportional mixing with a cap)
 *   equal         r_d = 1
 *   temperature   r_d = min(n_d, C)^(1/T)      (T = 1 is proportional; large T tends to equal)
 * The total (default: the proportional size, sum of min(n_d, C)) is shared in proportion to the
 * rates; no dataset gets more than C nor more than n_d × templates (each row at most once per
 * template), and what a full dataset cannot take goes to the others (water-filling). A dataset's
 * examples are split evenly over its templates, as T0 did (rate / number of templates).
 */
import { validationError } from "../errors";
import type { MixParams } from "./params";
import { hashKey } from "./prng";
import { configKey, isKnownCategory } from "./taxonomy";

/** A template version as the mixture sees it (from a release, a templates folder or a file). */
export interface MixTemplate {
  dataset: string;
  subset: string | null;
  id: string;
  /** The template version (a release's version number); null for templates read from files. */
  version: number | null;
  name: string;
  jinja: string;
  answerChoices: string | null;
  originalTask: boolean | null;
  choicesInPrompt: boolean | null;
  /** Task category (a T0 cluster id by default). */
  category: string;
}

export interface PlannedTemplate {
  id: string;
  name: string;
  version: number | null;
  category: string;
  planned: number;
  /** How many of the planned examples are few-shot. */
  fewShot: number;
}

export interface PlannedDataset {
  key: string;
  dataset: string;
  subset: string | null;
  category: string;
  rows: number;
  rate: number;
  planned: number;
  templates: PlannedTemplate[];
}

export interface MixPlan {
  split: string;
  total: number;
  fewShot: number;
  datasets: PlannedDataset[];
  byCategory: Record<string, number>;
  /** What was left out and why, for the preview and the manifest. */
  excluded: { templates: number; datasetsWithoutRows: string[]; heldOutCategories: string[] };
  notes: string[];
}

function matchesDataset(names: Set<string>, t: MixTemplate): boolean {
  return names.has(t.dataset) || names.has(configKey(t.dataset, t.subset));
}

function matchesTemplate(names: Set<string>, t: MixTemplate): boolean {
  return names.has(t.id) || names.has(`${configKey(t.dataset, t.subset)}:${t.name}`);
}

/** Every name in a list must select something: a typo must not silently change a mixture. */
function checkNames(list: string[], label: string, known: (name: string) => boolean, hint: string): void {
  const unknown = list.filter((n) => !known(n));
  if (unknown.length > 0) throw validationError(`Unknown ${label}: ${unknown.join(", ")} (${hint})`);
}

/**
 * Plans a mixture. `rowCounts` maps a config key (`dataset` or `dataset/subset`) to the number of
 * rows of the chosen split; configs without an entry have no rows file and are left out (noted).
 * Refuses (AppError VALIDATION) impossible requests before any work: unknown names in the
 * include/hold-out lists, nothing left to mix, k larger than a split allows.
 */
export function planMixture(templates: readonly MixTemplate[], rowCounts: Readonly<Record<string, number>>, params: MixParams): MixPlan {
  const categories = new Set(templates.map((t) => t.category));
  const { chosen, remainingCategories } = selectTemplates(templates, params);

  // Group by dataset config, in a fixed order (config key), templates in their given order.
  const groups = new Map<string, MixTemplate[]>();
  for (const t of chosen) {
    const key = configKey(t.dataset, t.subset);
    const list = groups.get(key);
    if (list) list.push(t);
    else groups.set(key, [t]);
  }
  const keys = [...groups.keys()].sort();
  const notes: string[] = [];
  const withoutRows = keys.filter((k) => !(rowCounts[k] > 0));
  if (withoutRows.length > 0) {
    notes.push(`${withoutRows.length} dataset(s) have no rows in split '${params.split}' and are left out: ${withoutRows.join(", ")}`);
  }
  const usable = keys.filter((k) => rowCounts[k] > 0);
  if (usable.length === 0) throw validationError(`None of the ${keys.length} selected dataset(s) has rows in split '${params.split}': nothing to mix`);

  if (params.fewShotRatio > 0) {
    const tooSmall = usable.filter((k) => rowCounts[k] < params.k + 1);
    if (tooSmall.length > 0) {
      throw validationError(
        `k = ${params.k} exemplars need at least ${params.k + 1} rows in split '${params.split}' (the example itself is never its own exemplar); ` +
          `too small: ${tooSmall.map((k) => `${k} (${rowCounts[k]})`).join(", ")}. Lower k, hold these datasets out, or set the few-shot ratio to 0`,
      );
    }
    if (params.exemplarPool < params.k + 1) {
      throw validationError(`k = ${params.k} exemplars need an exemplar pool of at least ${params.k + 1} rows (it is ${params.exemplarPool})`);
    }
  }

  const cap = params.cap ?? Infinity;
  const capped = usable.map((k) => Math.min(rowCounts[k], cap));
  const rates = capped.map((c) => (params.rule === "proportional" ? c : params.rule === "equal" ? 1 : Math.pow(c, 1 / params.temperature)));
  const limits = usable.map((k) => Math.min(cap, rowCounts[k] * groups.get(k)!.length));
  const natural = capped.reduce((a, b) => a + b, 0);
  const wanted = params.total ?? natural;
  const allotted = waterFill(wanted, rates, limits, usable.map((k) => hashKey(params.seed, "tie", k).hi));
  const total = allotted.reduce((a, b) => a + b, 0);
  if (total < wanted) notes.push(`Only ${total} examples are available under the cap and the rows (asked for ${wanted})`);

  const datasets: PlannedDataset[] = usable.map((key, i) => {
    const list = groups.get(key)!;
    const counts = splitEvenly(allotted[i], list, params.seed, key);
    return {
      key,
      dataset: list[0].dataset,
      subset: list[0].subset,
      category: list[0].category,
      rows: rowCounts[key],
      rate: rates[i],
      planned: allotted[i],
      templates: list.map((t, j) => ({ id: t.id, name: t.name, version: t.version, category: t.category, planned: counts[j], fewShot: 0 })),
    };
  });

  // Few-shot examples: the ratio of the whole, shared over templates in proportion to their
  // examples (rounding each template on its own would turn 1 × 0.5 into 1 everywhere).
  if (params.fewShotRatio > 0) {
    const all = datasets.flatMap((d) => d.templates.map((t) => ({ d, t })));
    const planned = all.map(({ t }) => t.planned);
    const few = waterFill(Math.round(total * params.fewShotRatio), planned, planned, all.map(({ d, t }) => hashKey(params.seed, "few-tie", d.key, t.id).hi));
    all.forEach(({ t }, i) => (t.fewShot = few[i]));
  }

  const byCategory: Record<string, number> = {};
  for (const d of datasets) for (const t of d.templates) byCategory[t.category] = (byCategory[t.category] ?? 0) + t.planned;
  return {
    split: params.split,
    total,
    fewShot: datasets.reduce((a, d) => a + d.templates.reduce((b, t) => b + t.fewShot, 0), 0),
    datasets,
    byCategory: Object.fromEntries(Object.entries(byCategory).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    excluded: { templates: templates.length - chosen.length, datasetsWithoutRows: withoutRows, heldOutCategories: [...categories].filter((c) => !remainingCategories.includes(c)).sort() },
    notes,
  };
}

/**
 * Shares `total` in proportion to `rates`, no share above its limit; what a full share cannot take
 * goes to the others. Integer result by largest remainder (ties: lower tieOrder, then lower index); the sum is
 * min(total, sum of limits).
 */
export function waterFill(total: number, rates: readonly number[], limits: readonly number[], tieOrder?: readonly number[]): number[] {
  const n = rates.length;
  const share = new Array<number>(n).fill(0);
  const open = new Set<number>();
  for (let i = 0; i < n; i++) if (limits[i] > 0 && rates[i] > 0) open.add(i);
  let left = Math.min(total, limits.reduce((a, b) => a + b, 0));
  const target = left;
  while (open.size > 0 && left > 1e-9) {
    const sum = [...open].reduce((a, i) => a + rates[i], 0);
    let froze = false;
    for (const i of open) {
      if (share[i] + (left * rates[i]) / sum >= limits[i]) {
        left -= limits[i] - share[i];
        share[i] = limits[i];
        open.delete(i);
        froze = true;
      }
    }
    if (!froze) {
      for (const i of open) share[i] += (left * rates[i]) / sum;
      left = 0;
    }
  }
  const ints = share.map((s) => Math.floor(s + 1e-9));
  let missing = target - ints.reduce((a, b) => a + b, 0);
  const order = share
    .map((s, i) => ({ i, frac: s - ints[i] }))
    .filter(({ i }) => ints[i] < limits[i])
    .sort((a, b) => b.frac - a.frac || (tieOrder ? tieOrder[a.i] - tieOrder[b.i] : 0) || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    ints[i]++;
    missing--;
  }
  return ints;
}

/** `count` examples over the templates: equal parts, the remainder to templates in a seeded order. */
function splitEvenly(count: number, list: readonly MixTemplate[], seed: number, key: string): number[] {
  const base = Math.floor(count / list.length);
  const counts = list.map(() => base);
  let rest = count - base * list.length;
  const order = list.map((t, j) => ({ j, k: hashKey(seed, "remainder", key, t.id) })).sort((a, b) => a.k.hi - b.k.hi || a.k.lo - b.k.lo || a.j - b.j);
  for (const { j } of order) {
    if (rest <= 0) break;
    counts[j]++;
    rest--;
  }
  return counts;
}

/** The templates a mixture uses: the include and hold-out lists and originalTaskOnly applied. */
export function selectTemplates(templates: readonly MixTemplate[], params: MixParams): { chosen: MixTemplate[]; remainingCategories: string[] } {
  const categories = new Set(templates.map((t) => t.category));
  const datasetNames = new Set(templates.flatMap((t) => [t.dataset, configKey(t.dataset, t.subset)]));
  // A category of either taxonomy may be named even when no template of this pool is in it.
  const knownCategory = (c: string) => categories.has(c) || isKnownCategory(c);
  const categoryHint = `categories here: ${[...categories].sort().join(", ")}`;
  checkNames(params.includeCategories, "categories to include", knownCategory, categoryHint);
  checkNames(params.holdOutCategories, "categories to hold out", knownCategory, categoryHint);
  checkNames(params.includeDatasets, "datasets to include", (d) => datasetNames.has(d), "use a dataset name or dataset/subset");
  checkNames(params.holdOutDatasets, "datasets to hold out", (d) => datasetNames.has(d), "use a dataset name or dataset/subset");
  const templateNames = new Set(templates.flatMap((t) => [t.id, `${configKey(t.dataset, t.subset)}:${t.name}`]));
  checkNames(params.includeTemplates, "templates to include", (n) => templateNames.has(n), "use a template id or dataset[/subset]:name");
  checkNames(params.holdOutTemplates, "templates to hold out", (n) => templateNames.has(n), "use a template id or dataset[/subset]:name");

  const inclCat = new Set(params.includeCategories);
  const holdCat = new Set(params.holdOutCategories);
  const inclDs = new Set(params.includeDatasets);
  const holdDs = new Set(params.holdOutDatasets);
  const inclT = new Set(params.includeTemplates);
  const holdT = new Set(params.holdOutTemplates);

  const remainingCategories = [...categories].filter((c) => !holdCat.has(c) && (inclCat.size === 0 || inclCat.has(c)));
  if (remainingCategories.length === 0) {
    throw validationError(`Every task category is held out or not included (${[...categories].sort().join(", ")}): nothing would be left to train on`);
  }

  const chosen = templates.filter(
    (t) =>
      !holdCat.has(t.category) &&
      (inclCat.size === 0 || inclCat.has(t.category)) &&
      !matchesDataset(holdDs, t) &&
      (inclDs.size === 0 || matchesDataset(inclDs, t)) &&
      !matchesTemplate(holdT, t) &&
      (inclT.size === 0 || matchesTemplate(inclT, t)) &&
      !(params.originalTaskOnly && t.originalTask === false),
  );
  if (chosen.length === 0) throw validationError("No template is left after the include and hold-out lists: nothing to mix");

  return { chosen, remainingCategories };
}
