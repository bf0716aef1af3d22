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
import { ByteArena, type ByteChunks } from "./byte-chunks";
import { copyBytes } from "./copy-bytes";
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
 *
 * A score-eval line is written in four copies: `{"idx": [i, ` (once per example), the choice's
 * number, the example's framed input (`scoreInput`: the same bytes on every line of the example),
 * and the choice's tail (`true` or `false`, the choice as target, the weight: the same bytes for
 * every example with this list). About 25 million lines in a full P3 export: the fewer pieces per
 * line, the less time outside memcpy.
 */
export class P3Lines {
  private choices: string[] | null = null;
  private choicesList: Uint8Array = EMPTY;
  private listEnd = 0;
  /** the tails of `choices` are encoded */
  private tailsReady = false;
  /** per choice, the end of a score-eval line when the choice is correct, and when it is not */
  private tailCorrect: Uint8Array[] = [];
  private tailIncorrect: Uint8Array[] = [];
  /** the encoded list and the tails (choices often differ from row to row) */
  private scratch = Buffer.allocUnsafe(1 << 12);
  private readonly marks: number[] = [];
  private readonly idx = Buffer.allocUnsafe(32);

  /** Room in the scratch buffer for `n` bytes at `pos`. */
  private room(pos: number, n: number): void {
    if (this.scratch.length - pos >= n) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.scratch.length, pos + n));
    grown.set(this.scratch.subarray(0, pos));
    this.scratch = grown;
  }

  private put(pos: number, data: Uint8Array): number {
    this.room(pos, data.length);
    this.scratch.set(data, pos);
    return pos + data.length;
  }

  /** The JSON text of a choice at `pos`; returns the end. */
  private putJson(pos: number, choice: string): number {
    const size = planJsonString(choice, this.marks);
    if (size < 0) return this.put(pos, Buffer.from(JSON.stringify(choice), "utf8"));
    this.room(pos, size);
    return writeJsonString(this.scratch, pos, choice, this.marks);
  }

  private encodeChoices(choices: string[]): void {
    if (sameList(this.choices, choices)) return;
    this.choices = choices;
    this.tailsReady = false;
    let pos = this.put(0, OPEN_LIST);
    for (let i = 0; i < choices.length; i++) pos = this.putJson(i > 0 ? this.put(pos, LIST_COMMA) : pos, choices[i]);
    this.listEnd = this.put(pos, CLOSE_LIST);
    this.choicesList = this.scratch.subarray(0, this.listEnd);
  }

  /** The score-eval tails of `choices`, after their list in the scratch buffer. */
  private encodeTails(choices: string[]): void {
    this.encodeChoices(choices);
    if (this.tailsReady) return;
    this.tailsReady = true;
    // offsets first: the scratch buffer may be replaced while it grows
    const ends: number[] = [];
    let pos = this.listEnd;
    for (let i = 0; i < choices.length; i++) {
      const json = this.put(pos, CORRECT);
      const jsonEnd = this.putJson(json, choices[i]);
      pos = this.put(this.put(jsonEnd, WEIGHT), INCORRECT);
      this.room(pos, jsonEnd - json);
      this.scratch.copyWithin(pos, json, jsonEnd);
      pos = this.put(pos + jsonEnd - json, WEIGHT);
      ends.push(jsonEnd + WEIGHT.length, pos);
    }
    let start = this.listEnd;
    this.tailCorrect = [];
    this.tailIncorrect = [];
    for (let i = 0; i < ends.length; i += 2) {
      this.tailCorrect.push(this.scratch.subarray(start, ends[i]));
      this.tailIncorrect.push(this.scratch.subarray(ends[i], ends[i + 1]));
      start = ends[i + 1];
    }
  }

  /** Choice c's tail (after `encodeTails`): `true` when `correct[from + c]` is 1, else `false`. */
  private tail(c: number, correct: Uint8Array, from: number): Uint8Array {
    return correct[from + c] === 1 ? this.tailCorrect[c] : this.tailIncorrect[c];
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
    out.jsonText(ex.targets);
    out.ascii("}\n");
    return input;
  }

  /**
   * The score-eval lines of the `exampleIndex`-th kept example; returns how many. `input` is the
   * example's input framed by `scoreInput`; `correct[from + c]` is 1 when choice c is correct
   * (`correctChoices(choices, targets)`).
   */
  scoreEval(out: ByteChunks, exampleIndex: number, input: Uint8Array, choices: string[] | null, correct: Uint8Array, from = 0): number {
    if (choices === null || choices.length === 0) return 0;
    this.encodeTails(choices);
    const idx = this.idx;
    let n = 0;
    for (; n < IDX.length; n++) idx[n] = IDX[n];
    n += idx.write(String(exampleIndex), n, "latin1");
    idx[n++] = 44; // ", "
    idx[n++] = 32;
    const count = choices.length;
    // one to ten choices (one digit) whose lines fit in a chunk: the first line's head (fixed text,
    // index, input) is copied for each other choice and its digit changed, one copy instead of three
    // writes per line, over 25 million lines in a bench export (corpus-sized lines: 1.9-2.0 GB/s
    // against 1.2-1.6; lib/export/README.md, eighth session)
    if (count <= 10) {
      const head = n + 1 + input.length;
      let need = count * head;
      for (let c = 0; c < count; c++) need += this.tail(c, correct, from).length;
      if (need <= COPIED_LINES_BYTES) {
        const buf = out.reserve(need);
        const shared = out.shared;
        const start = out.end;
        let p = start;
        for (let i = 0; i < n; i++) buf[p++] = idx[i];
        buf[p++] = 48;
        copyBytes(buf, p, input, shared);
        p += input.length;
        // the first line's head, copied for the other choices (not copyWithin: see copy-bytes.ts)
        const first = buf.subarray(start, start + head);
        for (let c = 0; c < count; c++) {
          if (c > 0) {
            copyBytes(buf, p, first, shared);
            buf[p + n] = 48 + c;
            p += head;
          }
          const tail = this.tail(c, correct, from);
          copyBytes(buf, p, tail, shared);
          p += tail.length;
        }
        out.wrote(p);
        return count;
      }
    }
    const prefix = idx.subarray(0, n);
    for (let c = 0; c < count; c++) {
      out.constant(prefix);
      out.int(c);
      out.bytes(input);
      out.bytes(this.tail(c, correct, from));
    }
    return count;
  }
}

/** An example's score-eval lines are written by copying the first one's head when they take at most this many bytes in all. */
const COPIED_LINES_BYTES = 64 << 10;

/**
 * The part of an example's score-eval lines that is the same on each of them: its input's JSON
 * between the keys around it, as `P3Lines.scoreEval` takes it. `input` is the JSON text of the
 * input (as `P3Lines.line` returns it).
 */
export function scoreInput(input: Uint8Array): Uint8Array {
  // framed as RenderTask frames the inputs it keeps (ByteArena.add)
  const arena = new ByteArena(SCORE_INPUT_HEAD.length + input.length + SCORE_INPUT_TAIL.length);
  const at = arena.add(input, SCORE_INPUT_HEAD, SCORE_INPUT_TAIL);
  return arena.view(at, arena.length - at);
}

/**
 * Score-eval's `is_correct` of each answer choice, 1 or 0: the choice equals the stripped target.
 * Computed when the example is kept, so that the target (a slice of the whole render) is not kept
 * with it until the score-eval file is written.
 */
export function correctChoices(choices: readonly string[] | null, targets: string): Uint8Array {
  if (choices === null) return new Uint8Array(0);
  const flags = new Uint8Array(choices.length);
  writeCorrectChoices(choices, targets, flags, 0);
  return flags;
}

/** `correctChoices` written into `flags` from `at` (room for every choice is there). */
export function writeCorrectChoices(choices: readonly string[], targets: string, flags: Uint8Array, at: number): void {
  const target = targets.trim() === targets ? targets : pyStripAscii(targets);
  for (let c = 0; c < choices.length; c++) flags[at + c] = choices[c] === target ? 1 : 0;
}

/** Two lists of the same strings in the same order. */
export function sameList(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === b) return true;
  if (a === null || b === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const EMPTY = new Uint8Array(0);
const OPEN_LIST = Buffer.from("[");
const LIST_COMMA = Buffer.from(", ");
const CLOSE_LIST = Buffer.from("]");
// the fixed text of a score-eval line, encoded once (written about 25 million times in a full P3 export)
const IDX = Buffer.from('{"idx": [');
/** before and after an example's input on each of its score-eval lines (see scoreInput) */
export const SCORE_INPUT_HEAD = Buffer.from('], "inputs_pretokenized": ');
export const SCORE_INPUT_TAIL = Buffer.from(', "is_correct": ');
const CORRECT = Buffer.from('true, "targets_pretokenized": ');
const INCORRECT = Buffer.from('false, "targets_pretokenized": ');
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
