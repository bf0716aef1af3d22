/**
 * Record shapes of a mixture file: one JSON object per line in every format, so that shards
 * concatenate into the whole (Alpaca is therefore JSONL of {instruction, input, output}, not one
 * JSON array).
 */
import type { FlanTemplateType } from "./few-shot";

export interface MixExample {
  inputs: string;
  targets: string;
  /** P3's task name: dataset_subset_template, non-word runs as "_". */
  task: string;
  template_id: string;
  template_version: number | null;
  /** `dataset` or `dataset/subset`. */
  dataset: string;
  split: string;
  shots: number;
  template_type: FlanTemplateType;
}

/** P3's subset name rule: re.sub(r"[^\w\d\._]+", "_", dataset + ("_" + subset + "_" if subset else "_") + name). */
export function p3TaskName(dataset: string, subset: string | null, templateName: string): string {
  return (dataset + (subset ? `_${subset}_` : "_") + templateName).replace(/[^\p{L}\p{N}\p{Mn}\p{Mc}_.]+/gu, "_");
}

export function formatExample(e: MixExample, format: "jsonl" | "chat" | "alpaca"): string {
  if (format === "chat") {
    return JSON.stringify({
      messages: [
        { role: "user", content: e.inputs },
        { role: "assistant", content: e.targets },
      ],
    });
  }
  if (format === "alpaca") return JSON.stringify({ instruction: e.inputs, input: "", output: e.targets });
  return JSON.stringify(e);
}
