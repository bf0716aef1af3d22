/**
 * Super-NaturalInstructions (SNI) task files, one per instruction template: the format of
 * allenai/natural-instructions `tasks/<task>.json` (Wang et al. 2022), keys in the order of its
 * task files (task001_quoref_question_generation.json):
 *
 *   Contributors, Source, URL, Categories, Reasoning, Definition, Input_language, Output_language,
 *   Instruction_language, Domains, Positive Examples, Negative Examples, Instances, Instance License
 *
 * written as that repository writes them (`json.dumps(task, indent=4, ensure_ascii=False)`, no
 * final newline). Every field that is a list there is a list here (Definition included).
 *
 * What SNI's own checks (`src/test_all.py`) ask of a task, and what this writer does about it:
 * - instance ids unique, `task<N>-<32 hex>` as its `add_instance_id.py` makes them: here the hex is
 *   a hash of (template id, split, row index), so the same input gives the same bytes;
 * - no two instances with the same input ("merge outputs before removing duplicates"): the outputs
 *   of rows that render the same input are merged into one instance, in row order;
 * - no instance whose input is a positive example's input: such rows are left out;
 * - non-empty inputs and outputs: renders without two parts, an empty input or an empty target are
 *   left out, as are render errors (all counted in the manifest);
 * - at most 6,500 instances: rows past the cap are not rendered (counted);
 * - file names lowercase, `task<N>_<name>`: N numbers the instruction templates of the export in
 *   its order (1, 2, ...), the name is the template's P3 folder name in lowercase.
 * Checks about the repository as a whole (categories from its task hierarchy, README lines, class
 * balance, at least 25 instances and 2/1 examples) are the contributor's to meet; the studio
 * advises on the examples (lib/templates/instruction.ts `instructionAdvice`).
 */
import { createHash } from "node:crypto";
import { languageName } from "../templates/languages";
import type { Instruction, InstructionExample } from "../templates/instruction";
import { pyJsonIndented, pyJsonString } from "./json-text";

/** SNI's own upper bound on the instances of a task (src/test_all.py). */
export const SNI_MAX_INSTANCES = 6500;

/** What an SNI task says about itself besides the instruction; filled in by the export's source. */
export interface SniTaskInfo {
  /** SNI "Contributors": the template's authors. */
  contributors: string[];
  /** SNI task categories (the dataset's task category in SNI's taxonomy). */
  categories: string[];
  /** The dataset's license ("" or null: unknown). */
  license: string | null;
}

/** `task001`, the prefix of a task's file name and of its instance ids. */
export function sniTaskId(n: number): string {
  return `task${String(n).padStart(3, "0")}`;
}

/** `task001_super_glue_rte_gpt_3_style`: SNI names are lowercase. */
export function sniTaskName(n: number, folder: string): string {
  return `${sniTaskId(n)}_${folder.toLowerCase()}`;
}

export function sniInstanceId(taskId: string, templateId: string, split: string, rowIndex: number): string {
  return `${taskId}-${createHash("sha256").update(`${templateId}\u0000${split}\u0000${rowIndex}`).digest("hex").slice(0, 32)}`;
}

/** ISO 639-1 codes (a template's languages) as the language names SNI uses ("English"); unknown codes as they are. */
export function sniLanguages(codes: readonly string[]): string[] {
  return codes.map((c) => languageName(c) ?? c);
}

export interface SniInstance {
  id: string;
  input: string;
  output: string[];
}

/** Collects a task's instances: duplicates merged, positive-example inputs left out, a cap. */
export class SniInstances {
  readonly list: SniInstance[] = [];
  private readonly byInput = new Map<string, SniInstance>();
  private readonly positiveInputs: Set<string>;
  merged = 0;
  positiveOverlap = 0;

  constructor(
    instruction: Instruction,
    readonly max: number = SNI_MAX_INSTANCES,
  ) {
    this.positiveInputs = new Set(instruction.positiveExamples.map((e) => e.input));
  }

  get full(): boolean {
    return this.list.length >= this.max;
  }

  /** Adds one rendered row: "added", "merged" into an earlier instance, "overlap" (a positive example's input) or "full". */
  add(id: string, input: string, output: string): "added" | "merged" | "overlap" | "full" {
    if (this.positiveInputs.has(input)) {
      this.positiveOverlap++;
      return "overlap";
    }
    const same = this.byInput.get(input);
    if (same) {
      if (!same.output.includes(output)) same.output.push(output);
      this.merged++;
      return "merged";
    }
    if (this.full) return "full";
    const instance = { id, input, output: [output] };
    this.list.push(instance);
    this.byInput.set(input, instance);
    return "added";
  }
}

export interface SniTaskContent {
  info: SniTaskInfo;
  dataset: string;
  subset: string | null;
  instruction: Instruction;
  /** The template's languages (ISO 639-1); SNI's Input_, Output_ and Instruction_language. */
  languages: readonly string[];
  instances: readonly SniInstance[];
}

const INDENT = 4;

/** The task file's text in pieces (instances one by one), as `json.dumps(task, indent=4, ensure_ascii=False)`. */
export function* sniTaskText(t: SniTaskContent): Generator<string> {
  const source = t.subset ? `${t.dataset}/${t.subset}` : t.dataset;
  const languages = sniLanguages(t.languages);
  const example = (e: InstructionExample) => ({ input: e.input, output: e.output, explanation: e.explanation });
  const head: [string, unknown][] = [
    ["Contributors", t.info.contributors],
    ["Source", [source]],
    ["URL", [`https://huggingface.co/datasets/${t.dataset}`]],
    ["Categories", t.info.categories],
    ["Reasoning", []],
    ["Definition", [t.instruction.definition]],
    ["Input_language", languages],
    ["Output_language", languages],
    ["Instruction_language", languages],
    ["Domains", []],
    ["Positive Examples", t.instruction.positiveExamples.map(example)],
    ["Negative Examples", t.instruction.negativeExamples.map(example)],
  ];
  const pad = "\n" + " ".repeat(INDENT);
  let out = "{";
  for (const [key, value] of head) out += pad + pyJsonString(key) + ": " + pyJsonIndented(value, INDENT, 1) + ",";
  out += pad + pyJsonString("Instances") + ": ";
  if (t.instances.length === 0) out += "[]";
  else {
    out += "[";
    for (let i = 0; i < t.instances.length; i++) {
      out += (i > 0 ? "," : "") + "\n" + " ".repeat(2 * INDENT) + pyJsonIndented(t.instances[i], INDENT, 2);
      if (out.length >= 1 << 14) {
        yield out;
        out = "";
      }
    }
    out += pad + "]";
  }
  out += "," + pad + pyJsonString("Instance License") + ": " + pyJsonIndented([t.info.license?.trim() || "Unknown"], INDENT, 1) + "\n}";
  yield out;
}

/** The whole task as one value (tests; the writer streams). */
export function sniTaskValue(t: SniTaskContent): unknown {
  return JSON.parse([...sniTaskText(t)].join(""));
}

/** `splits/default/*.txt` of SNI's layout: every task is a training task here (the test split is the user's choice). */
export function sniSplitFiles(taskNames: readonly string[]): { path: string; text: string }[] {
  const list = taskNames.map((n) => n + "\n").join("");
  return [
    { path: "splits/default/train_tasks.txt", text: list },
    { path: "splits/default/test_tasks.txt", text: "" },
    { path: "splits/default/excluded_tasks.txt", text: "" },
  ];
}
