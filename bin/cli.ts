import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { isInputError, runApply, type Output } from "./apply-command";
import { isExportFormat, OutputError, runExport } from "./export-command";
import { runMixCommand } from "./mix-command";
import { runDbCommand } from "./db-commands";

const APPLY_USAGE = `usage: promptpool apply --templates <templates.yaml> --rows <rows.jsonl> [--seed-base N]

  Applies every template of a PromptSource templates.yaml to every row of a JSONL file, as
  PromptSource's Template.apply does, and writes one JSON record per (template, row) to stdout,
  in template order then row order:
    {"template_id", "template_name", "row_index", "parts", "answer_choices", "error"}
  Before template t is applied to row i, Python's RNG state is seeded with seed-base + i
  (default seed-base 0; the PromptSource parity corpus uses --seed-base 1000).
  Exit status: 0 when the inputs were processed (records may hold errors), 1 for an unreadable
  or malformed input file, 2 for bad arguments.`;

const EXPORT_USAGE = `usage: promptpool export --format promptsource|p3|xp3|flan|alpaca|chat|sni
                         --templates <templates dir or templates.yaml> [--rows <dir>]
                         --out <dir or file.zip> [--seed-base N] [--workers N]

  Exports templates (a PromptSource templates.yaml, or a tree of templates/<dataset>[/<subset>]/)
  offline, with the same engine as the web app's downloads:
    promptsource  templates/<dataset>[/<subset>]/templates.yaml, as PromptSource writes them
    p3            <P3 name>/<split>.jsonl {answer_choices?, inputs_pretokenized, targets_pretokenized},
                  plus <P3 name>_score_eval/<split>.jsonl for templates with answer choices
    xp3           <P3 name>/<split>.jsonl {inputs, targets}
    flan          <P3 name>/<split>.jsonl {inputs, targets, task_source, task_name, template_type}
    alpaca        <P3 name>/<split>.json, a JSON array of {instruction, input, output}
    chat          <P3 name>/<split>.jsonl {messages: [{role: user}, {role: assistant}]}
    sni           tasks/task<N>_<P3 name>.json, a Super-NaturalInstructions task per instruction
                  template (one whose templates.yaml entry has an 'instruction' field:
                  definition, positive_examples, negative_examples), instances from every
                  split; splits/default/*.txt list the tasks
  and manifest.json (counts per folder and split, seed base, engine version, SHA-256 per file).
  --rows (all formats but promptsource) is a folder of <dataset>[__<subset>].jsonl (split train)
  or <dataset>[__<subset>]/<split>.jsonl, one JSON object per line; '/' in a dataset name is
  '__' too (Zaid__coqa_expanded.jsonl). Row i of a split is rendered with Python's RNG seeded
  seed-base + i (default 0), so the same input gives the same bytes.
  --out: a folder (created; must be empty if it exists) or a .zip (must not exist).
  --workers: threads that render (default: one per CPU; 1 renders in the main thread). The
  output is the same bytes whatever the number; rows files of 8 MB or more are shared between
  the threads in blocks, smaller ones go whole to one.
  Exit status: 0 when done (renders that fail are dropped and counted in the manifest), 1 for
  an unreadable or malformed input file (nothing is written), 2 for bad arguments.`;

const USAGE = `usage: promptpool <command> [options]

commands:
  mix      build an instruction-tuning mixture (promptpool mix --help)
  apply    apply a templates.yaml to rows, one JSON record per (template, row) on stdout
  export   export templates (and rows) as PromptSource YAML, P3, xP3, FLAN, Alpaca, chat data or SNI tasks

'promptpool <command> --help' describes a command.

${APPLY_USAGE}

${EXPORT_USAGE}`;

export const EXIT_OK = 0;
export const EXIT_INPUT = 1;
export const EXIT_USAGE = 2;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE + "\n");
    return EXIT_OK;
  }
  if (command === "mix") return rest.includes("--release") ? runDbCommand(argv) : runMixCommand(rest);
  if (command === "apply") return apply(rest);
  if (command === "import" || command === "user" || (command === "export" && rest.includes("--release"))) return runDbCommand(argv);
  if (command === "export") return exportCommand(rest);
  return usageError(command === undefined ? "missing command" : `unknown command '${command}'`);
}

function parse<T extends Record<string, { type: "string" | "boolean"; short?: string }>>(args: string[], options: T) {
  return parseArgs({ args, options: { ...options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false }).values as {
    [K in keyof T]?: T[K]["type"] extends "string" ? string : boolean;
  } & { help?: boolean };
}

function seedBaseOf(text: string | undefined): number | string {
  const seedText = text ?? "0";
  if (!/^-?\d+$/.test(seedText) || !Number.isSafeInteger(Number(seedText))) return `--seed-base must be an integer, got '${seedText}'`;
  return Number(seedText);
}

async function apply(rest: string[]): Promise<number> {
  let values;
  try {
    values = parse(rest, { templates: { type: "string" }, rows: { type: "string" }, "seed-base": { type: "string" } });
  } catch (e) {
    return usageError((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(APPLY_USAGE + "\n");
    return EXIT_OK;
  }
  if (!values.templates) return usageError("missing --templates <templates.yaml>");
  if (!values.rows) return usageError("missing --rows <rows.jsonl>");
  const seedBase = seedBaseOf(values["seed-base"]);
  if (typeof seedBase === "string") return usageError(seedBase);

  try {
    await runApply({ templatesFile: values.templates, rowsFile: values.rows, seedBase }, stdoutOutput());
    return EXIT_OK;
  } catch (e) {
    if (e instanceof StdoutClosed) return EXIT_OK;
    if (isInputError(e)) {
      process.stderr.write(`promptpool: ${oneLine(e.message)}\n`);
      return EXIT_INPUT;
    }
    throw e;
  }
}

async function exportCommand(rest: string[]): Promise<number> {
  let values;
  try {
    values = parse(rest, {
      format: { type: "string" },
      templates: { type: "string" },
      rows: { type: "string" },
      out: { type: "string" },
      "seed-base": { type: "string" },
      workers: { type: "string" },
    });
  } catch (e) {
    return usageError((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(EXPORT_USAGE + "\n");
    return EXIT_OK;
  }
  const format = values.format;
  if (!format) return usageError("missing --format promptsource|p3|xp3|flan|alpaca|chat|sni");
  if (!isExportFormat(format)) return usageError(`unknown --format '${format}' (promptsource, p3, xp3, flan, alpaca, chat or sni)`);
  if (!values.templates) return usageError("missing --templates <templates dir or templates.yaml>");
  if (!values.out) return usageError("missing --out <dir or file.zip>");
  if (format !== "promptsource" && !values.rows) return usageError(`--format ${format} needs --rows <dir>`);
  const seedBase = seedBaseOf(values["seed-base"]);
  if (typeof seedBase === "string") return usageError(seedBase);
  const workersText = values.workers ?? String(availableParallelism());
  if (!/^\d+$/.test(workersText) || Number(workersText) < 1 || Number(workersText) > 64) return usageError(`--workers must be an integer from 1 to 64, got '${workersText}'`);
  const workers = Number(workersText);

  try {
    const result = await runExport(
      { format, templates: values.templates, rows: values.rows ?? null, out: values.out, seedBase, workers },
      { warn: (m) => process.stderr.write(`promptpool: warning: ${oneLine(m)}\n`) },
    );
    process.stderr.write(`promptpool: ${format} export: ${result.records} renders, ${result.files} files, ${result.bytes} bytes -> ${values.out}\n`);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof OutputError) return usageError(e.message);
    if (isInputError(e)) {
      process.stderr.write(`promptpool: ${oneLine(e.message)}\n`);
      return EXIT_INPUT;
    }
    throw e;
  }
}

function usageError(message: string): number {
  process.stderr.write(`promptpool: ${oneLine(message)} (see 'promptpool --help')\n`);
  return EXIT_USAGE;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, " ");
}

/** The reader went away (e.g. `| head`): stop quietly, as Unix tools do. */
class StdoutClosed extends Error {}

function stdoutOutput(): Output {
  let closed = false;
  let wake: (() => void) | null = null;
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    closed = true;
    wake?.();
  });
  process.stdout.on("drain", () => wake?.());
  return {
    async write(text) {
      if (closed) throw new StdoutClosed();
      if (!process.stdout.write(text)) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        if (closed) throw new StdoutClosed();
      }
    },
  };
}
