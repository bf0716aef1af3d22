import { parseArgs } from "node:util";
import { isInputError, runApply, type Output } from "./apply-command";
import { runMixCommand } from "./mix-command";

const USAGE = `usage: promptpool apply --templates <templates.yaml> --rows <rows.jsonl> [--seed-base N]
       promptpool mix --templates <dir|file> --rows <dir> --out <file.jsonl> [...]  (promptpool mix --help)

  Applies every template of a PromptSource templates.yaml to every row of a JSONL file, as
  PromptSource's Template.apply does, and writes one JSON record per (template, row) to stdout,
  in template order then row order:
    {"template_id", "template_name", "row_index", "parts", "answer_choices", "error"}
  Before template t is applied to row i, Python's RNG state is seeded with seed-base + i
  (default seed-base 0; the PromptSource parity corpus uses --seed-base 1000).
  Exit status: 0 when the inputs were processed (records may hold errors), 1 for an unreadable
  or malformed input file, 2 for bad arguments.`;

export const EXIT_OK = 0;
export const EXIT_INPUT = 1;
export const EXIT_USAGE = 2;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE + "\n");
    return EXIT_OK;
  }
  if (command === "mix") return runMixCommand(rest);
  if (command !== "apply") return usageError(command === undefined ? "missing command" : `unknown command '${command}'`);

  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        templates: { type: "string" },
        rows: { type: "string" },
        "seed-base": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return usageError((e as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE + "\n");
    return EXIT_OK;
  }
  if (!values.templates) return usageError("missing --templates <templates.yaml>");
  if (!values.rows) return usageError("missing --rows <rows.jsonl>");
  const seedText = values["seed-base"] ?? "0";
  if (!/^-?\d+$/.test(seedText) || !Number.isSafeInteger(Number(seedText))) {
    return usageError(`--seed-base must be an integer, got '${seedText}'`);
  }

  try {
    await runApply({ templatesFile: values.templates, rowsFile: values.rows, seedBase: Number(seedText) }, stdoutOutput());
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
