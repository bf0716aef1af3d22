import { access, readFile } from "node:fs/promises";
import { constants } from "node:fs";
import { applyTemplate, prepareTemplate, type TemplateSource } from "../lib/render/index";
import { PyDict } from "../lib/render/values";
import { parsePromptSourceYaml, PromptSourceYamlError } from "../lib/templates/promptsource-yaml";
import { pyJsonDumps } from "../lib/export/json-text";
import { readJsonlRows } from "../lib/export/rows-file";
import { InputFileError } from "../lib/export/read-lines";

export interface ApplyArgs {
  templatesFile: string;
  rowsFile: string;
  seedBase: number;
}

export interface Output {
  /** Resolves when the text is accepted (waits on back-pressure). */
  write(text: string): Promise<void>;
}

/**
 * `promptpool apply`: one record per (template, row), in template order then row order, as
 * PromptSource's apply gives them with random.seed(seedBase + rowIndex).
 *
 * Memory stays flat in the number of rows: the rows file is streamed once to validate it (so a
 * malformed line fails the command before any output) and then once more per template. Records
 * are written as they are produced.
 */
export async function runApply(args: ApplyArgs, out: Output): Promise<{ records: number; errors: number }> {
  const sources = await loadTemplates(args.templatesFile);
  await access(args.rowsFile, constants.R_OK).catch((e: NodeJS.ErrnoException) => {
    throw new InputFileError(args.rowsFile, null, `cannot read rows file (${e.code ?? e.message})`);
  });
  for await (const _row of readRows(args.rowsFile)) {
    // validation pass: every line parses and is an object
  }
  const templates = sources.map((t) => prepareTemplate(t));

  let records = 0;
  let errors = 0;
  let buffer = "";
  for (const t of templates) {
    for await (const { row, rowIndex } of readRows(args.rowsFile)) {
      const result = applyTemplate(t, row, { seed: args.seedBase + rowIndex });
      records++;
      if (result.error !== null) errors++;
      buffer +=
        pyJsonDumps({
          template_id: t.source.id,
          template_name: t.source.name,
          row_index: rowIndex,
          parts: result.parts,
          answer_choices: result.answerChoices,
          error: result.error,
        }) + "\n";
      if (buffer.length >= 1 << 16) {
        await out.write(buffer);
        buffer = "";
      }
    }
  }
  if (buffer) await out.write(buffer);
  return { records, errors };
}

async function loadTemplates(fileName: string): Promise<TemplateSource[]> {
  let text: string;
  try {
    text = await readFile(fileName, "utf8");
  } catch (e) {
    throw new InputFileError(fileName, null, `cannot read templates file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const file = parsePromptSourceYaml(text, fileName);
  return file.templates.map((t) => ({ id: t.id, name: t.name, jinja: t.jinja, answerChoices: t.answerChoices }));
}

/** Rows of a JSONL file with their index; blank lines are skipped and do not count. */
async function* readRows(fileName: string): AsyncGenerator<{ row: PyDict; rowIndex: number }> {
  let rowIndex = 0;
  for await (const row of readJsonlRows(fileName)) yield { row, rowIndex: rowIndex++ };
}

export function isInputError(e: unknown): e is Error {
  return e instanceof InputFileError || e instanceof PromptSourceYamlError;
}
