/**
 * PromptSource's Template.apply (promptsource/templates.py at 7dab96a, plus the app's hyphen
 * renaming), reproduced rule by rule as /work/shared/parity/README.md states them.
 */
import type { TemplateAst } from "./ast";
import { TemplateSyntaxError } from "./lexer";
import { PyRandom } from "./py-random";
import { PROMPTSOURCE_TRUNCATE, RowCuts } from "./row-cuts";
import { pyStrip } from "./py-str";
import { DEFAULT_LIMITS, type RenderLimits } from "./runtime";
import { pyStr } from "./py-ops";
import { Scope } from "./interpreter";
import { compileTemplate, contextScope, drawFolded, newRenderState, renderAst, textOnly } from "./template";
import { PyDict, PyError, PyTuple, type PyValue } from "./values";

export const SEPARATOR = "|||";
export const PIPE_PLACEHOLDER = "3ed2dface8203c4c9dfb1a5dc58e41e0";
const TRUNC_SUFFIX = ` | string | truncate(${PROMPTSOURCE_TRUNCATE}) }}`;

export interface TemplateSource {
  id: string;
  name: string;
  jinja: string;
  answerChoices: string | null;
}

type Compiled = { ast: TemplateAst; error: null } | { ast: null; error: unknown };

export interface PreparedTemplate {
  readonly source: TemplateSource;
  /** @internal */
  readonly main: Compiled;
  /** @internal null when the template has no answer_choices */
  readonly choices: Compiled | null;
  /**
   * @internal answer_choices that are text only (911 of the collection's 1,145): their list,
   * split once, and what rendering them charges to a render's limits
   */
  readonly constantChoices: { list: readonly string[]; statements: number; chars: number } | null;
}

function compile(source: string): Compiled {
  try {
    return { ast: compileTemplate(source), error: null };
  } catch (e) {
    return { ast: null, error: e };
  }
}

export function prepareTemplate(source: TemplateSource): PreparedTemplate {
  const main = compile((source.jinja ?? "").split("}}").join(TRUNC_SUFFIX));
  const choices = source.answerChoices === null || source.answerChoices === undefined ? null : compile(source.answerChoices);
  const text = choices?.ast ? textOnly(choices.ast) : null;
  const constantChoices = text === null ? null : { list: splitChoices(text.text), statements: text.statements, chars: text.text.length };
  return { source, main, choices, constantChoices };
}

/** The answer choices of a rendered answer_choices template. */
function splitChoices(rendered: string): string[] {
  return splitOnSeparator(rendered, choiceOf);
}

const choiceOf = (c: string): string => unprotect(pyStrip(c));
const partOf = (p: string): string => pyStrip(unprotect(p));

/**
 * `s.split("|||").map(each)`, by hand: String.prototype.split with a string separator is a
 * runtime call, 0.4-0.5 µs against 0.14 µs for this on rendered texts, and every apply splits once
 * or twice (2 million applies in a bench export). One or two parts (most templates) come back
 * as arrays of their size: an empty array grown by push takes room for 16.
 */
function splitOnSeparator(s: string, each: (part: string) => string): string[] {
  const first = s.indexOf(SEPARATOR);
  if (first < 0) return [each(s)];
  const rest = first + SEPARATOR.length;
  if (s.indexOf(SEPARATOR, rest) < 0) return [each(s.slice(0, first)), each(s.slice(rest))];
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const at = s.indexOf(SEPARATOR, from);
    if (at < 0) {
      out.push(each(from === 0 ? s : s.slice(from)));
      return out;
    }
    out.push(each(s.slice(from, at)));
    from = at + SEPARATOR.length;
  }
}

export interface ApplyOptions {
  seed: number;
  limits?: Partial<RenderLimits>;
}

export interface ApplyResult {
  parts: string[] | null;
  answerChoices: string[] | null;
  error: string | null;
}

/** The error of a record: "ClassName: message". */
export function errorString(e: unknown): string {
  if (e instanceof PyError) return `${e.pyClass}: ${e.message}`;
  if (e instanceof TemplateSyntaxError) return `TemplateSyntaxError: ${e.message} (line ${e.line}, column ${e.column})`;
  if (e instanceof Error) return `RenderError: ${e.message}`;
  return `RenderError: ${String(e)}`;
}

export function deepCopy(v: PyValue): PyValue {
  if (Array.isArray(v)) return v.map(deepCopy);
  if (v instanceof PyDict) {
    const d = new PyDict();
    for (const [k, x] of v.entries()) d.set(k, deepCopy(x));
    return d;
  }
  if (v instanceof PyTuple) return new PyTuple(v.items.map(deepCopy));
  return v;
}

const unprotect = (s: string): string => (s.includes(PIPE_PLACEHOLDER) ? s.split(PIPE_PLACEHOLDER).join(SEPARATOR) : s);

const sharedRandom = new PyRandom(0);

/**
 * A row as PromptSource's app hands it to apply (hyphens in top-level keys renamed, top-level
 * strings protected), computed once and reused for every template applied to it. The row must
 * not change afterwards (an export's parsed rows do not); `applyTemplate` also takes a plain
 * PyDict and then checks that the row is unchanged since it last prepared it.
 */
export interface PreparedRow {
  /**
   * @internal the row's variables (renamed keys, protected values); read-only: templates that may
   * mutate values get deep copies. An export keeps every row of a split: one structure per row, not
   * also a list of its entries (a tenth of a row's memory).
   */
  readonly scope: Scope;
  /** @internal the row has a top-level `answer_choices` key (apply raises ValueError) */
  readonly reserved: boolean;
  /** @internal its long texts as PromptSource's truncate cuts them, once found */
  readonly cuts: RowCuts;
}

interface CachedRow {
  /** the row's own keys and values, to notice a row changed since it was prepared */
  source: [PyValue, PyValue][];
  prepared: PreparedRow;
}

const rowKey = (k: PyValue): string => (typeof k === "string" ? (k.includes("-") ? k.split("-").join("_") : k) : pyStr(k));
const rowValue = (v: PyValue): PyValue => (typeof v === "string" && v.includes(SEPARATOR) ? v.split(SEPARATOR).join(PIPE_PLACEHOLDER) : v);

export function prepareRow(row: PyDict): PreparedRow {
  const scope = contextScope();
  for (const [k, v] of row.entriesView()) scope.set(rowKey(k), rowValue(v));
  return { scope, reserved: scope.own("answer_choices") !== undefined, cuts: new RowCuts(scope) };
}

/**
 * A prepared row built entry by entry as a row's JSON gives them, without the row's PyDict (an
 * export parses millions of rows; the dict was garbage once its row was prepared). `set` returns
 * false when a key, renamed, is already there: the JSON repeats a key, and the dict's merging of
 * repeated keys (first position, last value) decides the result, so the caller builds the dict
 * and calls prepareRow instead.
 */
export class PreparedRowBuilder {
  private readonly scope = contextScope();

  set(key: string, value: PyValue): boolean {
    const name = rowKey(key);
    if (this.scope.own(name) !== undefined) return false;
    this.scope.set(name, rowValue(value));
    return true;
  }

  finish(): PreparedRow {
    return { scope: this.scope, reserved: this.scope.own("answer_choices") !== undefined, cuts: new RowCuts(this.scope) };
  }
}

/**
 * A row is applied to every template of a file: its preparation (a scan of every top-level text)
 * is computed once per row object and reused while the row is unchanged.
 */
const preparedRows = new WeakMap<PyDict, CachedRow>();

function preparedRowOf(row: PyDict): PreparedRow {
  const cached = preparedRows.get(row);
  if (cached !== undefined && cached.source.length === row.size) {
    let i = 0;
    let same = true;
    for (const [k, v] of row.entriesView()) {
      const [k0, v0] = cached.source[i++];
      if (k !== k0 || v !== v0) {
        same = false;
        break;
      }
    }
    if (same) return cached.prepared;
  }
  const source: [PyValue, PyValue][] = [];
  for (const [k, v] of row.entriesView()) source.push([k, v]);
  const prepared = prepareRow(row);
  preparedRows.set(row, { source, prepared });
  return prepared;
}

/**
 * A deep copy of a row's variables. Apart from applyTemplate: a closure there over its variables
 * made V8 allocate their context on every apply.
 */
function copiedScope(row: Scope): Scope {
  const vars = contextScope();
  row.forEachOwn((key, v) => vars.set(key, typeof v === "object" && v !== null ? deepCopy(v) : v));
  return vars;
}

export function applyTemplate(t: PreparedTemplate, row: PyDict | PreparedRow, options: ApplyOptions): ApplyResult {
  try {
    if (t.main.error !== null) throw t.main.error;
    const limits: RenderLimits = options.limits ? { ...DEFAULT_LIMITS, ...options.limits } : DEFAULT_LIMITS;
    const st = newRenderState(sharedRandom, limits, options.seed);
    const mainSlots = drawFolded(t.main.ast!, st);
    // rows as PromptSource's app hands them to apply: hyphens renamed, a fresh copy, |||s protected
    const prepared = row instanceof PyDict ? preparedRowOf(row) : row;
    if (prepared.reserved) throw new PyError("ValueError", "Example contains the restricted key 'answer_choices'.");
    st.rt.rowCuts = prepared.cuts;
    let vars: Scope;
    if (t.main.ast!.mayMutate || (t.choices?.ast?.mayMutate ?? false)) {
      // the template may change the row's lists or dicts: a fresh copy per apply, as dataset[i] gives
      vars = copiedScope(prepared.scope);
    } else {
      // nothing can change the row: its prepared variables are shared, answer_choices goes on top
      vars = new Scope(prepared.scope);
    }
    let choices: string[] | null = null;
    if (t.choices !== null) {
      if (t.choices.error !== null) throw t.choices.error;
      const constant = t.constantChoices;
      if (constant !== null) {
        // the same list for every row (a copy: the template may change it), charged as rendered
        if (constant.statements > 0) st.rt.step(constant.statements);
        st.rt.output(constant.chars);
        choices = constant.list.slice();
      } else {
        const ast = t.choices.ast!;
        choices = splitChoices(renderAst(ast, vars, st, drawFolded(ast, st)));
      }
    }
    // the same list object: a template that mutates answer_choices changes the record's list too, as in Python
    vars.set("answer_choices", choices);
    const rendered = renderAst(t.main.ast!, vars, st, mainSlots);
    const parts = splitOnSeparator(rendered, partOf);
    return { parts, answerChoices: choices, error: null };
  } catch (e) {
    return { parts: null, answerChoices: null, error: errorString(e) };
  }
}
