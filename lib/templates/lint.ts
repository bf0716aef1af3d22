/**
 * Lint for the studio: problems a template author can fix, in words they understand.
 * Pure: takes the template, the dataset's Hugging Face features and (optionally) the
 * preview results from the render worker; returns issues with a line/column where known.
 */
import { analyzeTemplate } from "@/lib/render/analyze";
import { isDictMethod } from "@/lib/render/methods";

export type LintSeverity = "error" | "warning";

export interface LintIssue {
  severity: LintSeverity;
  code:
    | "parse-error"
    | "answer-choices-parse-error"
    | "unknown-field"
    | "unknown-subfield"
    | "no-separator"
    | "answer-choices-undefined"
    | "row-error"
    | "row-empty"
    | "target-not-in-choices"
    | "duplicate-name"
    | "duplicate-jinja";
  message: string;
  line?: number;
  column?: number;
  /** A one-click fix: replace `from` at line/column with `to` (e.g. the field the author meant). */
  fix?: { from: string; to: string };
}

export interface PreviewResultForLint {
  parts: string[] | null;
  answerChoices: string[] | null;
  error: string | null;
}

export interface LintInput {
  jinja: string;
  answerChoices?: string | null;
  /** Hugging Face `features` JSON: name -> feature. */
  features?: Record<string, unknown> | null;
  previewResults?: PreviewResultForLint[] | null;
  /** How the preview names its rows (e.g. "train row 0"), index-aligned with previewResults. */
  rowLabels?: string[];
  /** The template's name, checked against the other templates of the dataset. */
  name?: string;
  /** The dataset's other templates (not archived): names, and jinja where this user may read it. */
  siblings?: readonly SiblingTemplate[];
}

export interface SiblingTemplate {
  name: string;
  /** null when the template is not readable by this user (a private draft of someone else). */
  jinja: string | null;
}

/** Names are unique per dataset (the server refuses a clash); the same jinja twice is a wasted prompt. */
function duplicateIssues(name: string | undefined, jinja: string, siblings: readonly SiblingTemplate[]): LintIssue[] {
  const issues: LintIssue[] = [];
  const trimmed = name?.trim() ?? "";
  if (trimmed && siblings.some((s) => s.name === trimmed)) {
    issues.push({ severity: "error", code: "duplicate-name", message: `Another template of this dataset is already named "${trimmed}": choose another name.` });
  }
  const normalized = jinja.trim();
  const same = normalized ? siblings.find((s) => s.jinja !== null && s.jinja.trim() === normalized) : undefined;
  if (same) {
    issues.push({ severity: "warning", code: "duplicate-jinja", message: `The template "${same.name}" of this dataset has the same jinja.` });
  }
  return issues;
}

type FeatureShape =
  | { kind: "leaf" }
  | { kind: "dict"; fields: Record<string, unknown> }
  | { kind: "list"; item: unknown };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function shapeOf(feature: unknown): FeatureShape {
  if (Array.isArray(feature)) return { kind: "list", item: feature[0] };
  if (!isRecord(feature)) return { kind: "leaf" };
  const type = feature._type;
  if (type === "Sequence" || type === "List" || type === "LargeList") return { kind: "list", item: feature.feature };
  if (typeof type === "string") return { kind: "leaf" };
  return { kind: "dict", fields: feature };
}

/** Sub-fields readable with a dot: a dict's keys; a Sequence of a dict reads as a dict of lists (HF semantics). */
function subFields(feature: unknown): Record<string, unknown> | null {
  const s = shapeOf(feature);
  if (s.kind === "dict") return s.fields;
  if (s.kind === "list") {
    const inner = shapeOf(s.item);
    if (inner.kind === "dict") {
      const fields: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(inner.fields)) fields[k] = { feature: v, _type: "Sequence" };
      return fields;
    }
  }
  return null;
}

function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n];
}

/** The closest candidate, if close enough to be a plausible typo. */
export function closestName(name: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.floor(name.length / 3));
  return best !== null && bestDistance <= limit ? best : null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Where a dotted path first appears in the source (analysis gives names, not positions). */
function locate(source: string, path: string): { line: number; column: number } | undefined {
  const parts = path.split(".");
  const pattern = new RegExp(`(?<![\\w.])${parts.map(escapeRegExp).join("\\s*\\.\\s*")}(?!\\w)`);
  const m = pattern.exec(source);
  if (!m) return undefined;
  const before = source.slice(0, m.index);
  const line = before.split("\n").length;
  const column = m.index - before.lastIndexOf("\n");
  return { line, column };
}

function fieldIssues(source: string, variables: string[], features: Record<string, unknown>): LintIssue[] {
  const issues: LintIssue[] = [];
  const reported = new Set<string>();
  const rootNames = Object.keys(features);
  for (const path of variables) {
    const segments = path.split(".");
    if (segments.some((_, i) => reported.has(segments.slice(0, i + 1).join(".")))) continue;
    const root = segments[0];
    if (!(root in features)) {
      const suggestion = closestName(root, rootNames);
      const known = rootNames.length ? ` The dataset's fields are: ${rootNames.join(", ")}.` : "";
      issues.push({
        severity: "error",
        code: "unknown-field",
        message: suggestion
          ? `Unknown field "${root}": did you mean "${suggestion}"?`
          : `Unknown field "${root}": the dataset has no such field.${known}`,
        ...locate(source, root),
        ...(suggestion ? { fix: { from: root, to: suggestion } } : {}),
      });
      reported.add(root);
      continue;
    }
    let feature: unknown = features[root];
    for (let i = 1; i < segments.length; i++) {
      const fields = subFields(feature);
      const seg = segments[i];
      if (!fields) break; // a leaf or list of leaves: attributes are methods, not fields
      if (seg in fields) {
        feature = fields[seg];
        continue;
      }
      if (isDictMethod(seg)) break; // `answers.items()` and the like: the engine's own allow-list
      const parent = segments.slice(0, i).join(".");
      const names = Object.keys(fields);
      const suggestion = closestName(seg, names);
      issues.push({
        severity: "error",
        code: "unknown-subfield",
        message: suggestion
          ? `"${parent}" has no field "${seg}": did you mean "${parent}.${suggestion}"?`
          : `"${parent}" has no field "${seg}". Its fields are: ${names.join(", ")}.`,
        ...locate(source, segments.slice(0, i + 1).join(".")),
        ...(suggestion ? { fix: { from: segments.slice(0, i + 1).join("."), to: `${parent}.${suggestion}` } } : {}),
      });
      reported.add(segments.slice(0, i + 1).join("."));
      break;
    }
  }
  return issues;
}

function previewIssues(results: PreviewResultForLint[], rowLabels: string[] = []): LintIssue[] {
  const rowName = (i: number) => rowLabels[i] ?? `row ${i + 1}`;
  const rowsLabel = (rows: number[]) => {
    const more = rows.length > 5 ? ` and ${rows.length - 5} more` : "";
    return rows.slice(0, 5).map(rowName).join(", ") + more;
  };
  const issues: LintIssue[] = [];
  const errors = new Map<string, number[]>();
  const empty: number[] = [];
  const offChoice: { row: number; target: string }[] = [];
  results.forEach((r, i) => {
    if (r.error) {
      errors.set(r.error, [...(errors.get(r.error) ?? []), i]);
      return;
    }
    const parts = r.parts ?? [];
    if (parts.length === 0 || parts.every((p) => p.trim() === "")) {
      empty.push(i);
      return;
    }
    const choices = r.answerChoices;
    if (choices && choices.length > 0 && parts.length > 1) {
      const set = new Set(choices.map((c) => c.trim()));
      for (const target of parts.slice(1)) {
        if (!set.has(target.trim())) offChoice.push({ row: i, target: target.trim() });
      }
    }
  });
  for (const [message, rows] of errors) {
    issues.push({ severity: "error", code: "row-error", message: `The template fails on ${rowsLabel(rows)}: ${message}` });
  }
  if (empty.length) {
    issues.push({
      severity: "warning",
      code: "row-empty",
      message: `The template renders nothing on ${rowsLabel(empty)}; PromptSource skips such rows.`,
    });
  }
  if (offChoice.length) {
    const first = offChoice[0];
    issues.push({
      severity: "warning",
      code: "target-not-in-choices",
      message: `The target is not one of the answer choices on ${rowsLabel([...new Set(offChoice.map((o) => o.row))])} (e.g. "${first.target}" on ${rowName(first.row)}).`,
    });
  }
  return issues;
}

export function lintTemplate(input: LintInput): LintIssue[] {
  const issues: LintIssue[] = [];
  const analysis = analyzeTemplate(input.jinja);
  const choicesSource = input.answerChoices?.trim() ? input.answerChoices : null;
  // A dataset imported without features cannot say which fields exist: skip field checks.
  const features = input.features && Object.keys(input.features).length > 0 ? input.features : null;
  if (analysis.error) {
    issues.push({
      severity: "error",
      code: "parse-error",
      message: `The template does not parse: ${analysis.error.message}`,
      line: analysis.error.line,
      column: analysis.error.column,
    });
  } else {
    if (features) issues.push(...fieldIssues(input.jinja, analysis.variables, features));
    if (!analysis.hasSeparator) {
      issues.push({
        severity: "warning",
        code: "no-separator",
        message: 'No "|||" separator: the template has an input but no target. Put "|||" between them.',
      });
    }
    if (analysis.usesAnswerChoices && !choicesSource) {
      issues.push({
        severity: "error",
        code: "answer-choices-undefined",
        message: "The template uses answer_choices, but no answer choices are defined.",
        ...locate(input.jinja, "answer_choices"),
      });
    }
  }
  if (choicesSource) {
    const choices = analyzeTemplate(choicesSource);
    if (choices.error) {
      issues.push({
        severity: "error",
        code: "answer-choices-parse-error",
        message: `The answer choices do not parse: ${choices.error.message}`,
      });
    } else if (features) {
      for (const { fix: _fix, line: _line, column: _column, ...issue } of fieldIssues(choicesSource, choices.variables, features)) {
        issues.push({ severity: issue.severity, code: issue.code, message: `In the answer choices: ${issue.message}` });
      }
    }
  }
  if (input.previewResults?.length) issues.push(...previewIssues(input.previewResults, input.rowLabels));
  if (input.siblings?.length) issues.push(...duplicateIssues(input.name, input.jinja, input.siblings));
  return issues;
}

/**
 * Applies an issue's fix to the text: replaces the name found at the issue's line/column (a dotted
 * path may be written with spaces around its dots). Returns null when the text no longer has it there.
 */
export function applyLintFix(source: string, issue: Pick<LintIssue, "line" | "column" | "fix">): string | null {
  if (!issue.fix || !issue.line || !issue.column) return null;
  const lines = source.split("\n");
  const offset = lines.slice(0, issue.line - 1).reduce((n, l) => n + l.length + 1, 0) + issue.column - 1;
  const pattern = new RegExp(`^${issue.fix.from.split(".").map(escapeRegExp).join("\\s*\\.\\s*")}(?!\\w)`);
  const m = pattern.exec(source.slice(offset));
  if (!m) return null;
  return source.slice(0, offset) + issue.fix.to + source.slice(offset + m[0].length);
}
