/**
 * Record shapes of a mixture file: one JSON object per line in every format, so that shards
 * concatenate into the whole (Alpaca is therefore JSONL of {instruction, input, output}, not one
 * JSON array as lib/export's Alpaca file is).
 */
import { pyJsonDumps, pyJsonString } from "../export/json-text";
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

/**
 * One line (without "\n"), written as Python's json.dumps(ensure_ascii=False) writes it, like
 * lib/export's JSONL formats; chat is exactly lib/export's chat line.
 */
export function formatExample(e: MixExample, format: "jsonl" | "chat" | "alpaca"): string {
  if (format === "chat") {
    return '{"messages": [{"role": "user", "content": ' + pyJsonString(e.inputs) + '}, {"role": "assistant", "content": ' + pyJsonString(e.targets) + "}]}";
  }
  if (format === "alpaca") return pyJsonDumps({ instruction: e.inputs, input: "", output: e.targets });
  return pyJsonDumps(e);
}
