/**
 * Plans the import of a PromptSource templates tree (pure: no database, no file system).
 *
 * Input: the tree's files as bytes (from a folder or a zip). Output: what would be imported, file
 * by file, and every problem with its file and line. Policy:
 * - a file that is not UTF-8, is not valid YAML, hits the alias limit, or breaks the
 *   PromptSource schema is reported and skipped as a whole (nothing partial from it);
 * - inside a valid file, a template that cannot be stored (empty or multi-line name, empty Jinja,
 *   an id already used by another file, a name already used in the same dataset) is reported and
 *   skipped; the file's other templates are imported;
 * - metrics outside PromptSource's list and unknown language codes are kept as they are (the
 *   collection has some, e.g. "Mean Squared Error") and reported as warnings.
 * Names are kept byte for byte, trailing spaces included: P3 folder names are derived from them.
 */
import { parsePromptSourceYaml, PromptSourceYamlError, type PromptSourceTemplate } from "../templates/promptsource-yaml";
import { PROMPTSOURCE_METRICS } from "../templates/metrics";
import { LANGUAGES } from "../templates/languages";
import type { ArchiveFile } from "./zip-entries";

export interface ImportIssue {
  file: string;
  /** 1-based; 0 when not tied to a line */
  line: number;
  severity: "error" | "warning";
  message: string;
  templateId?: string;
}

export interface PlannedTemplate extends PromptSourceTemplate {
  /** line of the template's key in its file */
  line: number;
}

export interface PlannedFile {
  path: string;
  dataset: string;
  subset: string | null;
  templates: PlannedTemplate[];
}

export interface ImportPlan {
  files: PlannedFile[];
  issues: ImportIssue[];
  /** templates.yaml files seen (valid or not) */
  filesSeen: number;
}

export const TEMPLATES_FILE_NAME = "templates.yaml";

export function isTemplatesFile(path: string): boolean {
  return path === TEMPLATES_FILE_NAME || path.endsWith("/" + TEMPLATES_FILE_NAME);
}

// Hugging Face dataset ids ("name" or "owner/name"), as lib/db's dataset schema accepts them.
const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9_.\-]*(\/[A-Za-z0-9][A-Za-z0-9_.\-]*)?$/;
const SUBSET_MAX = 200;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const NAME_MAX = 200;
const JINJA_MAX = 100_000;
const ANSWER_CHOICES_MAX = 20_000;
const REFERENCE_MAX = 5_000;
const KNOWN_METRICS = new Set<string>(PROMPTSOURCE_METRICS);

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes strict UTF-8 (a BOM is dropped); returns the byte offset and line of the first bad byte otherwise. */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { badOffset: number; line: number } {
  try {
    const text = utf8.decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    // Find the first offending byte for the message: decode growing prefixes of valid sequences.
    let offset = 0;
    while (offset < bytes.length) {
      const b = bytes[offset];
      const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
      if (len === 0 || offset + len > bytes.length) break;
      try {
        utf8.decode(bytes.subarray(offset, offset + len));
      } catch {
        break;
      }
      offset += len;
    }
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    return { badOffset: offset, line };
  }
}

/** 1-based line of the mapping key `id:` (quoted or not) in the text, or 0. */
function lineOfKey(text: string, id: string): number {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`^[ \\t]*['"]?${escaped}['"]?[ \\t]*:`, "m").exec(text);
  if (!match) return 0;
  let line = 1;
  for (let i = 0; i < match.index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function planPromptSourceImport(files: ArchiveFile[]): ImportPlan {
  const issues: ImportIssue[] = [];
  const planned: PlannedFile[] = [];
  const idOwner = new Map<string, string>();
  const fileOfDataset = new Map<string, string>();
  const namesByDataset = new Map<string, Set<string>>();
  const sorted = files.filter((f) => isTemplatesFile(f.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  for (const file of sorted) {
    const error = (line: number, message: string, templateId?: string) => issues.push({ file: file.path, line, severity: "error", message, templateId });
    const warning = (line: number, message: string, templateId?: string) => issues.push({ file: file.path, line, severity: "warning", message, templateId });

    const decoded = decodeUtf8(file.bytes);
    if (!("text" in decoded)) {
      error(decoded.line, `not UTF-8 text (invalid byte at offset ${decoded.badOffset}); file skipped`);
      continue;
    }
    const text = decoded.text;
    let parsed;
    try {
      parsed = parsePromptSourceYaml(text, file.path);
    } catch (e) {
      // Untrusted text: whatever the YAML library throws (alias limit, nesting too deep) skips the file.
      if (e instanceof PromptSourceYamlError) error(e.line, `${aliasHint(e.reason)}; file skipped`);
      else error(0, `${aliasHint(e instanceof Error ? e.message : String(e))}; file skipped`);
      continue;
    }
    if (!DATASET_NAME.test(parsed.dataset) || parsed.dataset.length > 200) {
      error(lineOfKey(text, "dataset"), `dataset "${parsed.dataset}" is not a Hugging Face dataset name; file skipped`);
      continue;
    }
    if (parsed.subset !== null && (parsed.subset.trim() === "" || parsed.subset.length > SUBSET_MAX || /[\n\r]/.test(parsed.subset))) {
      error(lineOfKey(text, "subset"), `subset "${parsed.subset}" is not a valid config name; file skipped`);
      continue;
    }
    const datasetKey = `${parsed.dataset}\u0000${parsed.subset ?? ""}`;
    const label = parsed.subset ? `${parsed.dataset}/${parsed.subset}` : parsed.dataset;
    const earlier = fileOfDataset.get(datasetKey);
    if (earlier) {
      error(lineOfKey(text, "dataset"), `${label} is already defined by ${earlier}; file skipped`);
      continue;
    }
    fileOfDataset.set(datasetKey, file.path);
    const names = namesByDataset.get(datasetKey) ?? new Set<string>();
    namesByDataset.set(datasetKey, names);

    const templates: PlannedTemplate[] = [];
    for (const t of parsed.templates) {
      const line = lineOfKey(text, t.id);
      const problem = templateProblem(t);
      if (problem) {
        error(line, `template ${t.id}: ${problem}; template skipped`, t.id);
        continue;
      }
      const id = t.id.toLowerCase();
      const owner = idOwner.get(id);
      if (owner) {
        error(line, `template ${t.id}: duplicate id (already in ${owner}); template skipped`, t.id);
        continue;
      }
      if (names.has(t.name)) {
        error(line, `template ${t.id}: ${label} already has a template named "${t.name}"; template skipped`, t.id);
        continue;
      }
      idOwner.set(id, file.path);
      names.add(t.name);
      for (const m of t.metadata.metrics) {
        if (!KNOWN_METRICS.has(m)) warning(line, `template ${t.id}: unknown metric "${m}" (kept)`, t.id);
      }
      for (const l of t.metadata.languages) {
        if (!(l in LANGUAGES)) warning(line, `template ${t.id}: unknown language code "${l}" (kept)`, t.id);
      }
      templates.push({ ...t, id, line });
    }
    planned.push({ path: file.path, dataset: parsed.dataset, subset: parsed.subset, templates });
  }
  return { files: planned, issues, filesSeen: sorted.length };
}

function templateProblem(t: PromptSourceTemplate): string | null {
  if (!UUID.test(t.id)) return "the id is not a UUID";
  if (t.name.trim() === "") return "the name is empty";
  if (/[\n\r]/.test(t.name)) return "the name has a line break";
  if (t.name.length > NAME_MAX) return `the name is longer than ${NAME_MAX} characters`;
  if (t.jinja === "") return "`jinja` is empty";
  if (t.jinja.length > JINJA_MAX) return `\`jinja\` is longer than ${JINJA_MAX} characters`;
  if ((t.answerChoices ?? "").length > ANSWER_CHOICES_MAX) return `\`answer_choices\` is longer than ${ANSWER_CHOICES_MAX} characters`;
  if (t.reference.length > REFERENCE_MAX) return `\`reference\` is longer than ${REFERENCE_MAX} characters`;
  if (t.metadata.metrics.length > 50 || t.metadata.metrics.some((m) => m.length === 0 || m.length > 100)) return "`metadata.metrics` has an empty, too long or too many entries";
  if (t.metadata.languages.length > 50 || t.metadata.languages.some((l) => l.length === 0 || l.length > 35)) return "`metadata.languages` has an empty, too long or too many entries";
  return null;
}

/** The yaml package's alias-limit message, said plainly. */
function aliasHint(reason: string): string {
  return /alias count/i.test(reason) ? `too many YAML alias expansions (limit 100; an alias bomb?)` : reason;
}
