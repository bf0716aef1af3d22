/**
 * The editor's help about the dataset: every field path its features define (nested dicts and
 * Sequences of dicts, read with a dot as in PromptSource: `answers.text`), with a type in words,
 * the ClassLabel names and an example value from a sample row; and what to complete or show on
 * hover at a position of a template. Pure (no Monaco, no engine): the studio's page bundle stays
 * small, and lint-fields.test.ts checks that the name lists below match the engine's.
 */

export interface FieldInfo {
  /** Dotted path, e.g. "answers.text". */
  path: string;
  /** The type in words: "string", "list of string", "ClassLabel (3 classes)", "dict". */
  type: string;
  classNames: string[] | null;
  /** A short rendering of the value on the first sample row that has it; null when none. */
  example: string | null;
}

/** Jinja filters the engine knows (lib/render/filters.ts FILTERS; a test keeps this in sync). */
export const FILTER_NAMES = [
  "abs", "attr", "batch", "capitalize", "center", "choice", "count", "d", "default", "dictsort", "e", "escape",
  "filesizeformat", "first", "float", "forceescape", "format", "groupby", "highlight", "indent", "int", "items",
  "join", "last", "length", "list", "lower", "map", "max", "min", "most_frequent", "pprint", "random", "reject",
  "rejectattr", "replace", "reverse", "round", "safe", "select", "selectattr", "slice", "sort", "string",
  "striptags", "sum", "title", "tojson", "trim", "truncate", "unique", "upper", "urlencode", "urlize",
  "wordcount", "wordwrap", "xmlattr",
] as const;

/** Jinja tests the engine knows, words only (lib/render/tests.ts TESTS without the operator aliases). */
export const TEST_NAMES = [
  "boolean", "callable", "defined", "divisibleby", "eq", "equalto", "escaped", "even", "false", "filter", "float",
  "ge", "greaterthan", "gt", "in", "integer", "iterable", "le", "lessthan", "lower", "lt", "mapping", "ne", "none",
  "number", "odd", "sameas", "sequence", "string", "test", "true", "undefined", "upper",
] as const;

/** Globals of the engine (lib/render/globals.ts) with what they are for. */
export const GLOBAL_HELP: Record<string, string> = {
  range: "range(stop) / range(start, stop[, step]): a sequence of integers",
  dict: "dict(**kwargs): a new dict",
  cycler: "cycler(*items): cycles through the items with .next()",
  joiner: 'joiner(sep=", "): returns "" the first time, then sep',
  namespace: "namespace(**kwargs): an object whose attributes {% set ns.x = … %} can change in loops",
  zip: "zip(*lists): PromptSource's global, pairs items of several lists",
};

export const ANSWER_CHOICES_HELP = "answer_choices: the list made from the template's Answer choices (split on |||)";

const EXAMPLE_MAX = 80;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

type Shape = { kind: "leaf"; feature: unknown } | { kind: "dict"; fields: Record<string, unknown> } | { kind: "list"; item: unknown };

function shapeOf(feature: unknown): Shape {
  if (Array.isArray(feature)) return { kind: "list", item: feature[0] };
  if (!isRecord(feature)) return { kind: "leaf", feature };
  const t = feature._type;
  if (t === "Sequence" || t === "List" || t === "LargeList") return { kind: "list", item: feature.feature };
  if (typeof t === "string") return { kind: "leaf", feature };
  return { kind: "dict", fields: feature };
}

function classNamesOf(feature: unknown): string[] | null {
  return isRecord(feature) && feature._type === "ClassLabel" && Array.isArray(feature.names) ? feature.names.map(String) : null;
}

export function describeType(feature: unknown): string {
  const s = shapeOf(feature);
  if (s.kind === "list") return `list of ${describeType(s.item)}`;
  if (s.kind === "dict") return "dict";
  const f = s.feature;
  if (!isRecord(f)) return "value";
  if (f._type === "Value") return typeof f.dtype === "string" ? f.dtype : "value";
  if (f._type === "ClassLabel") return `ClassLabel (${classNamesOf(f)?.length ?? 0} classes)`;
  if (f._type === "Translation") return "translation (dict of language -> string)";
  return String(f._type);
}

/** A value as a template author would read it, shortened. */
export function exampleText(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > EXAMPLE_MAX ? `${text.slice(0, EXAMPLE_MAX - 1)}…` : text;
}

/** The value of a dotted path on a row; a Sequence of dicts reads as a dict of lists (HF semantics). */
export function valueAt(row: unknown, path: string[]): unknown {
  let v: unknown = row;
  for (const seg of path) {
    if (Array.isArray(v)) v = v.map((item) => (isRecord(item) ? item[seg] : undefined));
    else if (isRecord(v)) v = v[seg];
    else return undefined;
  }
  return v;
}

/** Sub-fields readable with a dot: a dict's keys; a Sequence of a dict reads as a dict of lists. */
function subFields(feature: unknown): Record<string, unknown> | null {
  const s = shapeOf(feature);
  if (s.kind === "dict") return s.fields;
  if (s.kind === "list") {
    const inner = shapeOf(s.item);
    if (inner.kind === "dict") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(inner.fields)) out[k] = { _type: "Sequence", feature: v };
      return out;
    }
  }
  return null;
}

/** Every field path of the features, parents before children, with an example from `rows`. */
export function fieldCatalog(features: Record<string, unknown> | null, rows: readonly unknown[] = []): FieldInfo[] {
  const out: FieldInfo[] = [];
  const walk = (fields: Record<string, unknown>, prefix: string[]) => {
    for (const [name, feature] of Object.entries(fields)) {
      const path = [...prefix, name];
      let example: string | null = null;
      for (const row of rows) {
        const v = valueAt(row, path);
        if (v !== undefined) {
          const names = classNamesOf(feature);
          // A ClassLabel value is an index: show the name it stands for as well.
          example = names && typeof v === "number" && names[v] !== undefined ? `${v} (${names[v]})` : exampleText(v);
          break;
        }
      }
      out.push({ path: path.join("."), type: describeType(feature), classNames: classNamesOf(feature), example });
      const sub = subFields(feature);
      if (sub) walk(sub, path);
    }
  };
  if (features) walk(features, []);
  return out;
}

export type CompletionKind = "field" | "filter" | "test" | "global" | "variable";

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail: string;
  documentation?: string;
}

/**
 * Where the text before the cursor ends inside a Jinja expression or statement, the code part
 * after the opening delimiter; null in plain text or comments (nothing to complete there).
 */
function openCode(before: string): string | null {
  const open = Math.max(before.lastIndexOf("{{"), before.lastIndexOf("{%"));
  if (open < 0) return null;
  const code = before.slice(open + 2);
  if (/[}%]\}/.test(code)) return null;
  if (before.lastIndexOf("{#") > before.lastIndexOf("#}")) return null; // inside an open comment
  return code;
}

function fieldDetail(f: FieldInfo): string {
  return f.example !== null ? `${f.type} — e.g. ${f.example}` : f.type;
}

function fieldDoc(f: FieldInfo): string | undefined {
  return f.classNames ? `Names: ${f.classNames.map((n, i) => `${i} = ${n}`).join(", ")}` : undefined;
}

/**
 * What to propose at the end of `before` (the template text up to the cursor): after `|` the
 * filters; after `is` the tests; after `a.b.` the sub-fields of `a.b`; elsewhere in code the
 * top-level fields, PromptSource's globals and `answer_choices`. Outside code, nothing.
 */
export function completionsAt(before: string, fields: readonly FieldInfo[]): CompletionItem[] {
  const code = openCode(before);
  if (code === null) return [];
  if (/\|\s*\w*$/.test(code) && !/\|\|\|?\s*\w*$/.test(code)) {
    return FILTER_NAMES.map((f) => ({ label: f, kind: "filter", detail: "filter" }));
  }
  if (/\bis\s+(not\s+)?\w*$/.test(code)) return TEST_NAMES.map((t) => ({ label: t, kind: "test", detail: "test" }));
  const dotted = /([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.\w*$/.exec(code);
  if (dotted) {
    const parent = dotted[1];
    return fields
      .filter((f) => f.path.startsWith(`${parent}.`) && !f.path.slice(parent.length + 1).includes("."))
      .map((f) => ({ label: f.path.slice(parent.length + 1), kind: "field", detail: fieldDetail(f), documentation: fieldDoc(f) }));
  }
  const top: CompletionItem[] = fields
    .filter((f) => !f.path.includes("."))
    .map((f) => ({ label: f.path, kind: "field", detail: fieldDetail(f), documentation: fieldDoc(f) }));
  top.push({ label: "answer_choices", kind: "variable", detail: "list of string", documentation: ANSWER_CHOICES_HELP });
  for (const [name, help] of Object.entries(GLOBAL_HELP)) top.push({ label: name, kind: "global", detail: "global", documentation: help });
  return top;
}

/**
 * The hover text for the dotted name that spans `column` (0-based) of `line`, when it is a field
 * of the dataset (or answer_choices) inside code; null otherwise. `before` is the template text
 * before this line (to know whether the line starts inside code).
 */
export function hoverAt(before: string, line: string, column: number, fields: readonly FieldInfo[]): { range: [number, number]; lines: string[] } | null {
  const re = /[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const start = m.index;
    const end = start + m[0].length;
    if (column < start || column >= end) continue;
    if (line[start - 1] === ".") return null; // an attribute of something that is not a plain name
    if (openCode(before + line.slice(0, start)) === null) return null;
    // The path up to the hovered segment: hovering "text" in "answers.text" describes answers.text.
    const segEnd = line.indexOf(".", column);
    const path = segEnd >= 0 && segEnd < end ? line.slice(start, segEnd) : m[0];
    if (path === "answer_choices") return { range: [start, start + path.length], lines: ["**answer_choices**", ANSWER_CHOICES_HELP] };
    const f = fields.find((x) => x.path === path);
    if (!f) return null;
    const lines = [`**${f.path}**: ${f.type}`];
    if (f.classNames) lines.push(`ClassLabel names: ${f.classNames.map((n, i) => `${i} = ${n}`).join(", ")}`);
    if (f.example !== null) lines.push(`Example: \`${f.example.replaceAll("`", "'")}\``);
    return { range: [start, start + path.length], lines };
  }
  return null;
}
