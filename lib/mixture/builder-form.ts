/**
 * The builder page's form state and its translation into a mixture request (lib/mixture/request.ts).
 * Pure, so it is unit-tested. Numbers are kept as the text typed: an empty cap or total means "none"
 * (the natural size), any other empty number means the schema's default; text that is no number
 * is sent as it is, so the plan's own validation says what is wrong with it.
 */
import type { MixtureRequestInput } from "./request";
import type { MixPreset } from "./presets";
import type { MixtureOptions } from "./views";
import type { Taxonomy } from "./taxonomy";

export type MixRule = "proportional" | "equal" | "temperature";
export type MixFormat = "jsonl" | "chat" | "alpaca";

export interface MixForm {
  release: string;
  taxonomy: Taxonomy;
  heldOutCategories: string[];
  heldOutDatasets: string[];
  heldOutTemplates: string[];
  originalTaskOnly: boolean;
  split: string;
  rule: MixRule;
  temperature: string;
  cap: string;
  total: string;
  fewShotRatio: string;
  k: string;
  /** as typed, with \n and \t escapes */
  separator: string;
  maxInputChars: string;
  options: "auto" | "never";
  format: MixFormat;
  seed: string;
}

export function initialForm(release: string): MixForm {
  return {
    release,
    taxonomy: "t0",
    heldOutCategories: [],
    heldOutDatasets: [],
    heldOutTemplates: [],
    originalTaskOnly: false,
    split: "train",
    rule: "proportional",
    temperature: "1",
    cap: "",
    total: "",
    fewShotRatio: "0",
    k: "3",
    separator: "\\n\\n",
    maxInputChars: "8192",
    options: "auto",
    format: "jsonl",
    seed: "0",
  };
}

/** The preset's fields over the current release; selections of datasets and templates start over. */
export function applyPreset(form: MixForm, preset: MixPreset): MixForm {
  const p = preset.params;
  const base = initialForm(form.release);
  return {
    ...base,
    split: form.split,
    taxonomy: preset.taxonomy,
    heldOutCategories: [...(p.holdOutCategories ?? [])],
    rule: p.rule ?? base.rule,
    cap: p.cap === undefined || p.cap === null ? "" : String(p.cap),
    fewShotRatio: String(p.fewShotRatio ?? 0),
    k: String(p.k ?? 3),
    options: p.options ?? base.options,
    format: p.format ?? base.format,
  };
}

export function escapeSeparator(s: string): string {
  return s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\t/g, "\\t");
}

export function unescapeSeparator(s: string): string {
  return s.replace(/\\(n|t|\\)/g, (_m, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : "\\"));
}

function number(text: string): number | string | undefined {
  const t = text.trim();
  if (t === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/**
 * The request for the plan and the build. Hold-out lists name only what this release has (a preset's
 * categories that the release lacks change nothing), and a dataset or template under a held-out
 * category is not listed again.
 */
export function toRequest(form: MixForm, options: MixtureOptions | null): MixtureRequestInput {
  const categories = new Set(options?.categories.map((c) => c.id) ?? form.heldOutCategories);
  const heldCats = form.heldOutCategories.filter((c) => categories.has(c));
  const held = new Set(heldCats);
  const datasets = options?.datasets ?? [];
  const live = datasets.filter((d) => !held.has(d.category));
  const liveKeys = new Set(live.map((d) => d.key));
  const heldDatasets = form.heldOutDatasets.filter((k) => liveKeys.has(k));
  const heldDs = new Set(heldDatasets);
  const liveTemplates = new Set(live.filter((d) => !heldDs.has(d.key)).flatMap((d) => d.templates.map((t) => t.id)));
  const params: Record<string, unknown> = {
    split: form.split,
    rule: form.rule,
    cap: form.cap.trim() === "" ? null : number(form.cap),
    total: form.total.trim() === "" ? null : number(form.total),
    temperature: form.rule === "temperature" ? number(form.temperature) : undefined,
    fewShotRatio: number(form.fewShotRatio),
    k: number(form.k),
    separator: unescapeSeparator(form.separator),
    maxInputChars: number(form.maxInputChars),
    options: form.options,
    format: form.format,
    seed: number(form.seed),
    originalTaskOnly: form.originalTaskOnly,
    holdOutCategories: heldCats,
    holdOutDatasets: heldDatasets,
    holdOutTemplates: form.heldOutTemplates.filter((t) => liveTemplates.has(t)),
  };
  for (const k of Object.keys(params)) if (params[k] === undefined) delete params[k];
  return { release: form.release, taxonomy: form.taxonomy, params: params as MixtureRequestInput["params"] };
}
