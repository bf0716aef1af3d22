/**
 * `promptpool mix`: an instruction-tuning mixture from template files and row files, offline.
 * The parameters go through the same zod schema (lib/mixture/params.ts) the app will use.
 */
import { parseArgs } from "node:util";
import { isAppError } from "../lib/errors";
import { InputFileError } from "../lib/export/read-lines";
import { prepareMixture, writeMixture, type MixtureSourceInfo, type PreparedMixture } from "../lib/mixture/build";
import { loadMixTemplates } from "../lib/mixture/load-templates";
import { parseMixParams, parseShard, type MixParamsInput } from "../lib/mixture/params";
import { RowFileError } from "../lib/mixture/rows";
import { PromptSourceYamlError } from "../lib/templates/promptsource-yaml";

export const MIX_USAGE = `usage: promptpool mix --templates <dir|templates.yaml> --rows <dir> --out <file.jsonl> [options]
       promptpool mix --release <name> --out <file.jsonl> [options]

  Builds one shuffled instruction-tuning mixture (T0/FLAN recipes) and a manifest beside it
  (<out>.manifest.json: every parameter, planned and written counts per dataset, template and
  category, the file's SHA-256). The same parameters and files give byte-identical output.

  --release <name>           a published release of the app's database (DATABASE_URL, default
                             data/promptpool.db): its frozen template versions and the sample rows
                             stored with the datasets, rendered with the release's seed base (no
                             --seed-base); categories from each dataset's task category, else the taxonomy file
  --taxonomy t0|sni          with --release: T0 clusters (default) or Super-NaturalInstructions categories
  --templates <dir|file>     PromptSource templates.yaml, or a folder of <dataset>[/<subset>]/templates.yaml
  --rows <dir>               <dataset>[__<subset>].jsonl (split train) or <dataset>[__<subset>]/<split>.jsonl
                             (.parquet too); dataset names with "/" use "__"
  --out <file.jsonl>         output file (not with --plan)
  --split <name>             split to sample and draw exemplars from (default train)
  --rule <r>                 proportional (default) | equal | temperature
  --cap N                    per-dataset cap on examples (T0: 500000, FLAN: 30000); default none
  --temperature T            for --rule temperature: rate = min(rows, cap)^(1/T) (default 1)
  --total N                  total examples (default: sum over datasets of min(rows, cap))
  --include-categories a,b   only these task categories (T0 cluster ids, e.g. sentiment)
  --hold-out-categories a,b  leave these out (T0: natural_language_inference,coreference,
                             sentence_completion,word_sense_disambiguation; or --hold-out-categories t0)
  --include-datasets a,b     only these datasets (name or name/subset)
  --hold-out-datasets a,b
  --include-templates a,b    only these templates (id or dataset[/subset]:name)
  --hold-out-templates a,b
  --original-task-only       leave out templates marked original_task: false
  --few-shot-ratio r         share of few-shot examples, 0..1 (default 0)
  --k N                      exemplars per few-shot example (default 3)
  --separator S              between exemplars and before the example (default two newlines; \\n is read as a newline)
  --max-input-chars N        budget of a few-shot input; exemplars are dropped, never cut (default 8192)
  --exemplar-pool N          rows per dataset sampled as the exemplar pool (default 256)
  --options auto|never       FLAN *_opt types: list the answer choices after the input (default auto)
  --seed N                   mixture seed (default 0)
  --seed-base N              renderer seeding: random.seed(seed-base + row index) (default 0)
  --shard K/N                write only part K of N; the N parts concatenated equal the whole file
  --format jsonl|chat|alpaca records: {inputs, targets, task, template_id, template_version, dataset,
                             split, shots, template_type} | {messages} | {instruction, input, output}
  --plan                     print the planned counts (JSON) and write nothing

  Exit status: 0 done, 1 unreadable or malformed input file, 2 bad arguments or refused parameters.`;

const list = (s: string | undefined) => (s ? s.split(",").map((x) => x.trim()).filter(Boolean) : []);
const T0_HELD_OUT = ["natural_language_inference", "coreference", "sentence_completion", "word_sense_disambiguation"];

function num(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got '${text}'`);
  return n;
}

class UsageError extends Error {}

export interface MixCliIo {
  out(text: string): void;
  err(text: string): void;
}

function processIo(): MixCliIo {
  // `promptpool mix --plan | head`: the reader going away is not an error
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
  });
  return { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };
}

/**
 * `--release`: the app's database as the source. cli.ts runs such a call in the database child
 * (db-main.ts, react-server condition), which passes lib/db's prepareReleaseMixture here.
 */
export type ReleaseMixer = (
  request: { release: string; taxonomy: string; params: MixParamsInput },
  shard: { index: number; count: number } | undefined,
) => Promise<{ prepared: PreparedMixture; source: MixtureSourceInfo }>;

export async function runMixCommand(args: string[], io: MixCliIo = processIo(), releaseMixer?: ReleaseMixer): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        release: { type: "string" },
        taxonomy: { type: "string" },
        templates: { type: "string" },
        rows: { type: "string" },
        out: { type: "string" },
        split: { type: "string" },
        rule: { type: "string" },
        cap: { type: "string" },
        temperature: { type: "string" },
        total: { type: "string" },
        "include-categories": { type: "string" },
        "hold-out-categories": { type: "string" },
        "include-datasets": { type: "string" },
        "hold-out-datasets": { type: "string" },
        "include-templates": { type: "string" },
        "hold-out-templates": { type: "string" },
        "original-task-only": { type: "boolean" },
        "few-shot-ratio": { type: "string" },
        k: { type: "string" },
        separator: { type: "string" },
        "max-input-chars": { type: "string" },
        "exemplar-pool": { type: "string" },
        options: { type: "string" },
        seed: { type: "string" },
        "seed-base": { type: "string" },
        shard: { type: "string" },
        format: { type: "string" },
        plan: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return usage(io, (e as Error).message);
  }
  if (values.help) {
    io.out(MIX_USAGE + "\n");
    return 0;
  }
  const release = values.release;
  if (release !== undefined) {
    if (values.templates || values.rows) return usage(io, "--release takes the templates and rows from the database: leave out --templates and --rows");
    if (values["seed-base"] !== undefined) return usage(io, "--release renders with the release's own seed base: leave out --seed-base");
    if (!releaseMixer) return usage(io, "--release needs the app's database (run through 'promptpool mix')");
  } else {
    if (values.taxonomy !== undefined) return usage(io, "--taxonomy needs --release (template files take T0's clusters from the taxonomy file)");
    if (!values.templates) return usage(io, "missing --templates <dir|templates.yaml> (or --release <name>)");
    if (!values.rows) return usage(io, "missing --rows <dir>");
  }
  if (!values.plan && !values.out) return usage(io, "missing --out <file.jsonl> (or --plan to only print the plan)");

  let prepared: PreparedMixture;
  let source: MixtureSourceInfo | undefined;
  try {
    const holdOut = list(values["hold-out-categories"]).flatMap((c) => (c === "t0" ? T0_HELD_OUT : [c]));
    const input: MixParamsInput = {
      split: values.split,
      rule: values.rule as MixParamsInput["rule"],
      cap: num("cap", values.cap),
      temperature: num("temperature", values.temperature),
      total: num("total", values.total),
      includeCategories: list(values["include-categories"]),
      holdOutCategories: holdOut,
      includeDatasets: list(values["include-datasets"]),
      holdOutDatasets: list(values["hold-out-datasets"]),
      includeTemplates: list(values["include-templates"]),
      holdOutTemplates: list(values["hold-out-templates"]),
      originalTaskOnly: values["original-task-only"],
      fewShotRatio: num("few-shot-ratio", values["few-shot-ratio"]),
      k: num("k", values.k),
      separator: values.separator?.replace(/\\n/g, "\n").replace(/\\t/g, "\t"),
      maxInputChars: num("max-input-chars", values["max-input-chars"]),
      exemplarPool: num("exemplar-pool", values["exemplar-pool"]),
      options: values.options as MixParamsInput["options"],
      seed: num("seed", values.seed),
      seedBase: num("seed-base", values["seed-base"]),
      shard: values.shard === undefined ? undefined : parseShard(values.shard),
      format: values.format as MixParamsInput["format"],
    };
    // undefined means "the default": drop it so the schema fills it in
    const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as MixParamsInput;
    if (release !== undefined) {
      const { shard, ...params } = given;
      ({ prepared, source } = await releaseMixer!({ release, taxonomy: values.taxonomy ?? "t0", params }, shard));
    } else {
      const params = parseMixParams(given);
      const templates = await loadMixTemplates(values.templates!);
      prepared = await prepareMixture(templates, values.rows!, params);
    }
  } catch (e) {
    return failure(io, e);
  }

  if (values.plan) {
    const { plan } = prepared;
    io.out(
      JSON.stringify(
        {
          total: plan.total,
          fewShot: plan.fewShot,
          byCategory: plan.byCategory,
          byDataset: Object.fromEntries(plan.datasets.map((d) => [d.key, { category: d.category, rows: d.rows, planned: d.planned, templates: Object.fromEntries(d.templates.map((t) => [t.name, t.planned])) }])),
          excluded: plan.excluded,
          notes: plan.notes,
        },
        null,
        2,
      ) + "\n",
    );
    return 0;
  }
  try {
    const { counts, manifestPath } = await writeMixture(prepared, values.out!, { source });
    io.err(`promptpool mix: ${counts.records} examples (${prepared.plan.total} planned) → ${values.out}; manifest ${manifestPath}\n`);
    return 0;
  } catch (e) {
    return failure(io, e);
  }
}

function usage(io: MixCliIo, message: string): number {
  io.err(`promptpool mix: ${message.replace(/\s*\n\s*/g, " ")} (see 'promptpool mix --help')\n`);
  return 2;
}

function failure(io: MixCliIo, e: unknown): number {
  if (e instanceof UsageError || isAppError(e)) return usage(io, (e as Error).message);
  if (e instanceof RowFileError || e instanceof InputFileError || e instanceof PromptSourceYamlError) {
    io.err(`promptpool mix: ${e.message.replace(/\s*\n\s*/g, " ")}\n`);
    return 1;
  }
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT" || code === "EACCES" || code === "EISDIR") {
    io.err(`promptpool mix: ${(e as Error).message}\n`);
    return 1;
  }
  throw e;
}
