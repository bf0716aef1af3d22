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
import type { ByteChunks } from "./byte-chunks";
import { planJsonString, writeJsonString } from "./json-bytes";
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
 * P3 lines written as bytes (see byte-chunks.ts): the data line of an example, which encodes the
 * input once and returns those bytes, and the `_score_eval` lines (t5's rank_classification as P3
 * used it): one per answer choice, the input repeated (copied, not encoded again), the choice as
 * target, `is_correct` = choice == stripped target, `weight` 1.0. The same text as `formatLine`
 * and `json.dumps(record, ensure_ascii=False)`. Answer choices are usually the same list for every
 * row of a template, so their encodings are kept from one example to the next.
 */
export class P3Lines {
  private choices: string[] | null = null;
  private choicesList: Uint8Array = EMPTY;
  private choiceJson: Uint8Array[] = [];
  /** the encoded list and each choice's text in it (choices often differ from row to row) */
  private scratch = Buffer.allocUnsafe(1 << 12);
  private readonly marks: number[] = [];

  /** Room in the scratch buffer for `n` bytes at `pos`. */
  private room(pos: number, n: number): void {
    if (this.scratch.length - pos >= n) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.scratch.length, pos + n));
    grown.set(this.scratch.subarray(0, pos));
    this.scratch = grown;
  }

  private encodeChoices(choices: string[]): void {
    if (sameList(this.choices, choices)) return;
    this.choices = choices;
    const ends: number[] = [];
    let pos = 0;
    this.room(pos, 1);
    this.scratch[pos++] = 91; // [
    for (let i = 0; i < choices.length; i++) {
      if (i > 0) {
        this.room(pos, 2);
        this.scratch[pos++] = 44; // ", "
        this.scratch[pos++] = 32;
      }
      const size = planJsonString(choices[i], this.marks);
      if (size < 0) {
        const text = Buffer.from(JSON.stringify(choices[i]), "utf8");
        this.room(pos, text.length);
        this.scratch.set(text, pos);
        pos += text.length;
      } else {
        this.room(pos, size);
        pos = writeJsonString(this.scratch, pos, choices[i], this.marks);
      }
      ends.push(pos);
    }
    this.room(pos, 1);
    this.scratch[pos++] = 93; // ]
    this.choicesList = this.scratch.subarray(0, pos);
    this.choiceJson = ends.map((end, i) => this.scratch.subarray(i === 0 ? 1 : ends[i - 1] + 2, end));
  }

  /** The data line; returns the input's JSON bytes (valid until `out` is drained). */
  line(out: ByteChunks, ex: Example): Uint8Array {
    const choices = ex.answerChoices;
    if (choices !== null && choices.length > 0) {
      this.encodeChoices(choices);
      out.ascii('{"answer_choices": ');
      out.bytes(this.choicesList);
      out.ascii(', "inputs_pretokenized": ');
    } else out.ascii('{"inputs_pretokenized": ');
    const input = out.json(ex.inputs);
    out.ascii(', "targets_pretokenized": ');
    out.json(ex.targets);
    out.ascii("}\n");
    return input;
  }

  /**
   * The score-eval lines of the `exampleIndex`-th kept example; returns how many. `correct` is
   * `correctChoices(choices, targets)`.
   */
  scoreEval(out: ByteChunks, exampleIndex: number, input: Uint8Array, choices: string[] | null, correct: readonly boolean[]): number {
    if (choices === null || choices.length === 0) return 0;
    this.encodeChoices(choices);
    for (let c = 0; c < choices.length; c++) {
      out.constant(IDX);
      out.int(exampleIndex);
      out.constant(COMMA);
      out.int(c);
      out.constant(INPUTS);
      out.bytes(input);
      out.constant(correct[c] ? CORRECT : INCORRECT);
      out.bytes(this.choiceJson[c]);
      out.constant(WEIGHT);
    }
    return choices.length;
  }
}

/**
 * Score-eval's `is_correct` of each answer choice: the choice equals the stripped target. Computed
 * when the example is kept, so that the target (a slice of the whole render) is not kept with it
 * until the score-eval file is written.
 */
export function correctChoices(choices: readonly string[] | null, targets: string): boolean[] {
  if (choices === null) return [];
  const target = targets.trim() === targets ? targets : pyStripAscii(targets);
  return choices.map((c) => c === target);
}

/** Two lists of the same strings in the same order. */
export function sameList(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const EMPTY = new Uint8Array(0);
// the fixed text of a score-eval line, encoded once (written about 25 million times in a full P3 export)
const IDX = Buffer.from('{"idx": [');
const COMMA = Buffer.from(", ");
const INPUTS = Buffer.from('], "inputs_pretokenized": ');
const CORRECT = Buffer.from(', "is_correct": true, "targets_pretokenized": ');
const INCORRECT = Buffer.from(', "is_correct": false, "targets_pretokenized": ');
const WEIGHT = Buffer.from(', "weight": 1.0}\n');

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
