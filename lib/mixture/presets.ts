/**
 * Named starting points for a mixture, as the papers describe their recipes (the builder page's
 * preset buttons, the API's documentation and the tests use the same values):
 *
 * - T0-style (Sanh et al. 2022): examples-proportional mixing with a per-dataset cap of 500,000,
 *   zero-shot only, and the four task families T0 kept for evaluation held out (natural language
 *   inference, coreference resolution, sentence completion, word sense disambiguation).
 * - FLAN-style (Chung et al. 2022, the Flan Collection): examples-proportional mixing with a cap of
 *   30,000 per dataset, zero-shot and few-shot examples mixed (half each here, k = 3 exemplars),
 *   answer options listed after the input (FLAN's *_opt template types).
 *
 * A preset only sets the fields it names; everything else keeps the schema's default.
 */
import type { MixParamsInput } from "./params";
import { T0_HELD_OUT_CATEGORIES, type Taxonomy } from "./taxonomy";

export interface MixPreset {
  id: "t0" | "flan";
  label: string;
  description: string;
  taxonomy: Taxonomy;
  params: MixParamsInput;
}

export const MIX_PRESETS: readonly MixPreset[] = [
  {
    id: "t0",
    label: "T0-style",
    description: "Proportional mixing, cap 500,000 per dataset, zero-shot; NLI, coreference, sentence completion and word sense disambiguation held out.",
    taxonomy: "t0",
    params: {
      rule: "proportional",
      cap: 500_000,
      fewShotRatio: 0,
      holdOutCategories: [...T0_HELD_OUT_CATEGORIES],
      options: "never",
      format: "jsonl",
    },
  },
  {
    id: "flan",
    label: "FLAN-style",
    description: "Proportional mixing, cap 30,000 per dataset, half zero-shot and half few-shot (k = 3), answer options listed.",
    taxonomy: "t0",
    params: {
      rule: "proportional",
      cap: 30_000,
      fewShotRatio: 0.5,
      k: 3,
      options: "auto",
      format: "jsonl",
    },
  },
];

export function mixPreset(id: MixPreset["id"]): MixPreset {
  return MIX_PRESETS.find((p) => p.id === id)!;
}
