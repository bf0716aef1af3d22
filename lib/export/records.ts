/**
 * From one render (PromptSource's apply) to the lines of each data format.
 *
 * P3's rule (promptsource seqio_tasks `apply_template`): a render of exactly two parts is kept,
 * with an empty target written as `<NO LABEL>`; anything else (the `[""]` of a gated template,
 * three or more parts) becomes an empty example, and empty inputs or targets are filtered out.
 * The training formats (xP3, FLAN, Alpaca, chat) use the same kept examples, minus those without
 * a label: an unlabeled example teaches nothing.
 */
import type { ApplyResult } from "../render/index";
import { pyJsonDumps, pyJsonIndented, pyJsonString } from "./json-text";
import type { ExportFormat } from "./types";

export const NO_LABEL = "<NO LABEL>";

export interface Example {
  inputs: string;
  targets: string;
  /** The rendered answer choices, when the template has an answer_choices expression. */
  answerChoices: string[] | null;
  /** The target was empty (P3 writes `<NO LABEL>`). */
  unlabeled: boolean;
}

/** The example P3 keeps from a render, or why it is dropped. */
export function toExample(result: ApplyResult): Example | "error" | "dropped" {
  if (result.error !== null || result.parts === null) return "error";
  if (result.parts.length !== 2) return "dropped";
  const [inputs, targets] = result.parts;
  if (inputs.length === 0) return "dropped";
  const unlabeled = targets.length === 0;
  return { inputs, targets: unlabeled ? NO_LABEL : targets, answerChoices: result.answerChoices, unlabeled };
}

/** Everything a format needs to know about the template beside the example. */
export interface LineContext {
  /** P3 folder name (FLAN's task_name). */
  folder: string;
  choicesInPrompt: boolean | null;
}

/**
 * One line of a JSONL format (with its "\n"), or null when the format leaves the example out.
 * P3: keys in P3's feature order (alphabetical), as `json.dumps(record, ensure_ascii=False)`.
 */
export function formatLine(format: Exclude<ExportFormat, "promptsource" | "alpaca" | "sni">, ex: Example, ctx: LineContext): string | null {
  switch (format) {
    case "p3":
      return (
        "{" +
        (ex.answerChoices !== null && ex.answerChoices.length > 0 ? '"answer_choices": ' + stringList(ex.answerChoices) + ", " : "") +
        '"inputs_pretokenized": ' +
        pyJsonString(ex.inputs) +
        ', "targets_pretokenized": ' +
        pyJsonString(ex.targets) +
        "}\n"
      );
    case "xp3":
      if (ex.unlabeled) return null;
      return '{"inputs": ' + pyJsonString(ex.inputs) + ', "targets": ' + pyJsonString(ex.targets) + "}\n";
    case "flan":
      if (ex.unlabeled) return null;
      return (
        pyJsonDumps({
          inputs: ex.inputs,
          targets: ex.targets,
          task_source: "P3",
          task_name: ctx.folder,
          template_type: ctx.choicesInPrompt ? "zs_opt" : "zs_noopt",
        }) + "\n"
      );
    case "chat":
      if (ex.unlabeled) return null;
      return (
        '{"messages": [{"role": "user", "content": ' +
        pyJsonString(ex.inputs) +
        '}, {"role": "assistant", "content": ' +
        pyJsonString(ex.targets) +
        "}]}\n"
      );
  }
}

/**
 * The `_score_eval` records of one kept example (t5's rank_classification as P3 used it), as UTF-8
 * bytes appended to `out`: one per answer choice, the input repeated (encoded once), the choice as
 * target, `is_correct` = choice == stripped target, `weight` 1.0. Returns the byte count.
 */
export function scoreEvalBytes(ex: Example, exampleIndex: number, out: Uint8Array[]): number {
  const choices = ex.answerChoices ?? [];
  if (choices.length === 0) return 0;
  const input = Buffer.from(pyJsonString(ex.inputs), "utf8");
  const target = ex.targets.trim() === ex.targets ? ex.targets : pyStripAscii(ex.targets);
  let n = 0;
  for (let c = 0; c < choices.length; c++) {
    const head = Buffer.from('{"idx": [' + exampleIndex + ", " + c + '], "inputs_pretokenized": ', "utf8");
    const tail = Buffer.from(
      ', "is_correct": ' + (choices[c] === target ? "true" : "false") + ', "targets_pretokenized": ' + pyJsonString(choices[c]) + ', "weight": 1.0}\n',
      "utf8",
    );
    out.push(head, input, tail);
    n += head.length + input.length + tail.length;
  }
  return n;
}

// tf.strings.strip removes ASCII whitespace only; apply's targets are already str.strip()ped,
// so this only matters for a target that is a protected `|||` edge case.
function pyStripAscii(s: string): string {
  return s.replace(/^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g, "");
}

function stringList(xs: string[]): string {
  let out = "[";
  for (let i = 0; i < xs.length; i++) out += (i ? ", " : "") + pyJsonString(xs[i]);
  return out + "]";
}

/** Alpaca's `jdump` (json.dump(list, f, indent=4), ASCII escapes): one element of the array. */
export function alpacaElement(ex: Example): string | null {
  if (ex.unlabeled) return null;
  return pyJsonIndented({ instruction: ex.inputs, input: "", output: ex.targets }, 4, 1, { ensureAscii: true });
}
