/**
 * Static analysis for the editor: the variables (and dotted paths) a template reads, the
 * filters, tests and globals it uses, and its first error with line and column.
 */
import type { Expr, Stmt } from "./ast";
import { FILTERS } from "./filters";
import { GLOBALS } from "./globals";
import { TemplateSyntaxError } from "./lexer";
import { Parser, walkStmts } from "./parser";
import { TESTS } from "./tests";

export interface TemplateAnalysis {
  variables: string[];
  filters: string[];
  tests: string[];
  globals: string[];
  hasSeparator: boolean;
  usesAnswerChoices: boolean;
  error: { line: number; column: number; message: string } | null;
}

function assignedNames(body: Stmt[]): Set<string> {
  const names = new Set<string>(["loop", "caller", "varargs", "kwargs"]);
  const addTarget = (e: Expr) => {
    if (e.k === "name") names.add(e.name);
    else if (e.k === "tuple") e.items.forEach(addTarget);
  };
  walkStmts(
    body,
    () => {},
    (s) => {
      if (s.k === "set" || s.k === "setblock" || s.k === "for") addTarget(s.target);
      else if (s.k === "with") s.targets.forEach(addTarget);
      else if (s.k === "macro") {
        names.add(s.def.name);
        s.def.params.forEach((p) => names.add(p));
      } else if (s.k === "callblock") s.def.params.forEach((p) => names.add(p));
    },
  );
  return names;
}

/** "a.b.c" for a chain of attribute / constant-key lookups on a root name, with its prefixes. */
function pathOf(e: Expr): string[] | null {
  if (e.k === "name") return [e.name];
  if (e.k === "getattr") {
    const p = pathOf(e.obj);
    return p ? [...p, e.attr] : null;
  }
  if (e.k === "getitem" && e.key.k === "const" && typeof e.key.v === "string") {
    const p = pathOf(e.obj);
    return p ? [...p, e.key.v] : null;
  }
  return null;
}

export function analyzeTemplate(source: string): TemplateAnalysis {
  const result: TemplateAnalysis = {
    variables: [],
    filters: [],
    tests: [],
    globals: [],
    hasSeparator: source.includes("|||"),
    usesAnswerChoices: false,
    error: null,
  };
  let body: Stmt[];
  try {
    body = new Parser(source).parse();
  } catch (e) {
    if (e instanceof TemplateSyntaxError) result.error = { line: e.line, column: e.column, message: e.message };
    else result.error = { line: 1, column: 1, message: e instanceof Error ? e.message : String(e) };
    return result;
  }
  const local = assignedNames(body);
  const vars = new Set<string>();
  const filters = new Set<string>();
  const tests = new Set<string>();
  const globals = new Set<string>();
  let firstUnknown: { line: number; col: number; message: string } | null = null;
  const visit = (e: Expr) => {
    if (e.k === "filter") {
      filters.add(e.name);
      if (!(e.name in FILTERS) && !firstUnknown) firstUnknown = { line: e.line, col: e.col ?? 1, message: `No filter named '${e.name}'.` };
    } else if (e.k === "test") {
      tests.add(e.name);
      if (!(e.name in TESTS) && !firstUnknown) firstUnknown = { line: e.line, col: e.col ?? 1, message: `No test named '${e.name}'.` };
    } else if (e.k === "getattr" || e.k === "getitem" || e.k === "name") {
      const p = pathOf(e);
      if (!p) return;
      const root = p[0];
      if (root === "answer_choices") {
        result.usesAnswerChoices = true;
        return;
      }
      if (local.has(root)) return;
      if (GLOBALS.has(root)) {
        globals.add(root);
        return;
      }
      for (let i = 1; i <= p.length; i++) vars.add(p.slice(0, i).join("."));
    }
  };
  walkStmts(body, visit);
  result.variables = [...vars].sort();
  result.filters = [...filters].sort();
  result.tests = [...tests].sort();
  result.globals = [...globals].sort();
  if (firstUnknown) {
    const u = firstUnknown as { line: number; col: number; message: string };
    result.error = { line: u.line, column: u.col, message: u.message };
  }
  return result;
}
