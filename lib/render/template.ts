/**
 * Compiling (parse + the optimizer's constant-folding plan) and rendering one Jinja2 template.
 *
 * Jinja's optimizer evaluates filters on constants when a template is compiled; for
 * PromptSource's `choice` filter this draws from the RNG at compile time. A template compiled
 * once here records those filter nodes (in the optimizer's bottom-up visit order) and draws
 * them at the start of every render, before anything else, as a per-apply compile would.
 */
import { forEachChild, forEachStmtChild, type Expr, type FilterExpr, type Stmt, type TemplateAst } from "./ast";
import { FILTERS } from "./filters";
import { GLOBALS } from "./globals";
import { Interpreter, NOT_FOLDED, Scope, type FoldSlot } from "./interpreter";
import { TemplateSyntaxError } from "./lexer";
import { Parser, walkStmts } from "./parser";
import { setSizeLimit } from "./py-ops";
import { PyRandom } from "./py-random";
import { Runtime, limitError, type RenderLimits } from "./runtime";
import { TESTS } from "./tests";
import { PyDict, PyError, type PyValue } from "./values";

const GLOBAL_SCOPE = new Scope(null);
for (const [k, v] of GLOBALS) GLOBAL_SCOPE.set(k, v);

export function compileTemplate(source: string): TemplateAst {
  try {
    return compileUnguarded(source);
  } catch (e) {
    if (e instanceof RangeError) throw new TemplateSyntaxError("the template is nested too deeply", 1, 1);
    throw e;
  }
}

function compileUnguarded(source: string): TemplateAst {
  const body = new Parser(source).parse();
  checkNames(body);
  const folded: FilterExpr[] = [];
  foldStmts(body, folded);
  folded.forEach((f, i) => (f.fold = i));
  return { body, folded, mayMutate: mayMutate(body) };
}

const MUTATING = new Set(["append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear", "update", "setdefault", "popitem"]);

/**
 * Conservative: false only when no mutating method can be reached (by name or through a value
 * that is called), so apply can skip the deep copy of the row for most templates.
 */
function mayMutate(body: Stmt[]): boolean {
  const macros = new Set<string>(["caller", "loop"]);
  let calls: Expr[] = [];
  let found = false;
  walkStmts(body, (e) => {
    if (e.k === "getattr" && MUTATING.has(e.attr)) found = true;
    else if (e.k === "getitem" && e.key.k === "const" && typeof e.key.v === "string" && MUTATING.has(e.key.v)) found = true;
    else if (e.k === "call") calls.push(e.fn);
  });
  walkStmts(body, () => {}, (s) => {
    if (s.k === "macro") macros.add(s.def.name);
  });
  if (found) return true;
  for (const fn of calls) {
    if (fn.k === "getattr") continue; // a non-mutating method (mutating names were caught above)
    if (fn.k === "name" && (GLOBALS.has(fn.name) || macros.has(fn.name))) continue;
    return true;
  }
  calls = [];
  return false;
}

/**
 * Jinja refuses unknown filters and tests when it compiles a template, except directly inside an
 * `{% if %}` or an inline `if` (a "soft" frame), where the error is raised only if the code runs.
 */
function checkNames(body: Stmt[]): void {
  const expr = (e: Expr | null, soft: boolean): void => {
    if (!e) return;
    if (!soft) {
      if (e.k === "filter" && !(e.name in FILTERS)) throw new PyError("TemplateAssertionError", `No filter named '${e.name}'.`);
      if (e.k === "test" && !(e.name in TESTS)) throw new PyError("TemplateAssertionError", `No test named '${e.name}'.`);
    }
    const childSoft = soft || e.k === "cond";
    forEachChild(e, (c) => expr(c, childSoft));
  };
  const stmts = (b: Stmt[], soft: boolean): void => {
    for (const st of b) {
      switch (st.k) {
        case "if":
          expr(st.test, true);
          stmts(st.body, true);
          stmts(st.else_, true);
          break;
        case "output":
          expr(st.expr, soft);
          break;
        case "set":
          expr(st.expr, soft);
          break;
        case "for":
          expr(st.iter, soft);
          expr(st.test, false);
          stmts(st.body, false);
          stmts(st.else_, false);
          break;
        case "with":
          st.values.forEach((v) => expr(v, soft));
          stmts(st.body, false);
          break;
        case "callblock":
          expr(st.call, soft);
          st.def.defaults.forEach((d) => expr(d, false));
          stmts(st.def.body, false);
          break;
        default:
          forEachStmtChild(st, (e) => expr(e, false), (bb) => stmts(bb, false));
      }
    }
  };
  stmts(body, false);
}

/** Could Jinja's optimizer turn this expression into a constant (ignoring run-time failures)? */
function staticConst(e: Expr | null): boolean {
  if (e === null) return true;
  switch (e.k) {
    case "const":
      return true;
    case "name":
    case "call":
    case "nsref":
      return false;
    case "filter": {
      const def = FILTERS[e.name];
      if (!def || def.context) return false;
      break;
    }
  }
  let ok = true;
  forEachChild(e, (c) => {
    if (ok && c !== null && !staticConst(c)) ok = false;
  });
  return ok;
}

/** Post-order (children first), as the optimizer folds. */
function foldStmts(body: Stmt[], out: FilterExpr[]): void {
  const ex = (e: Expr | null): void => {
    if (!e) return;
    forEachChild(e, ex);
    if (e.k === "filter" && e.name === "choice" && staticConst(e)) out.push(e);
  };
  const stmts = (b: Stmt[]) => b.forEach((s) => forEachStmtChild(s, ex, stmts));
  stmts(body);
}

// ------------------------------------------------------------------ rendering

export interface RenderState {
  rt: Runtime;
  interp: Interpreter;
}

/** `seed`: random.seed(seed) before the first draw (null: use `random` as it is). */
export function newRenderState(random: PyRandom, limits: RenderLimits, seed: number | null = null): RenderState {
  const rt = new Runtime(random, limits, seed);
  return { rt, interp: new Interpreter(rt) };
}

const NO_SLOTS: FoldSlot[] = [];

/** Draws the template's compile-time folded values (call right after seeding, per apply). */
export function drawFolded(t: TemplateAst, st: RenderState): FoldSlot[] {
  return t.folded.length === 0 ? NO_SLOTS : guard(st, drawSlots, t, null);
}

function drawSlots(st: RenderState, t: TemplateAst): FoldSlot[] {
  const slots: FoldSlot[] = new Array(t.folded.length).fill(NOT_FOLDED);
  st.interp.folded = slots;
  for (let i = 0; i < t.folded.length; i++) slots[i] = st.interp.foldOne(t.folded[i], GLOBAL_SCOPE);
  return slots;
}

/** Renders `t` with `vars`; `slots` are the values drawn by drawFolded for this template. */
export function renderAst(t: TemplateAst, vars: PyDict | Scope, st: RenderState, slots: FoldSlot[]): string {
  let ctx: Scope;
  if (vars instanceof Scope) ctx = vars;
  else {
    ctx = contextScope();
    for (const [k, v] of vars.entries()) if (typeof k === "string") ctx.set(k, v);
  }
  const top = new Scope(ctx);
  st.interp.folded = slots;
  return guard(st, renderBody, t.body, top);
}

const renderBody = (st: RenderState, body: Stmt[], top: Scope): string => st.interp.render(body, top);

/**
 * The output of a template that is text only (no expressions, tags or folded values): the same
 * whatever the variables, with the statements rendering it would charge; null otherwise.
 */
export function textOnly(t: TemplateAst): { text: string; statements: number } | null {
  if (t.folded.length > 0) return null;
  let text = "";
  for (const s of t.body) {
    if (s.k !== "data") return null;
    text += s.text;
  }
  return { text, statements: t.body.length };
}

/** A scope for a render's variables (its parent holds the globals). */
export function contextScope(): Scope {
  return new Scope(GLOBAL_SCOPE);
}

/**
 * Runs `fn(st, a, b)` with the render's size limit active; JS stack overflow becomes a limit
 * error. Its arguments are passed, not captured: a closure over a caller's variables makes V8
 * allocate that caller's context on every call, and these run for every render.
 */
function guard<A, B, T>(st: RenderState, fn: (st: RenderState, a: A, b: B) => T, a: A, b: B): T {
  const old = setSizeLimit(st.rt.maxSize);
  // Python exceptions are ordinary results here (list.index raising ValueError, Undefined
  // errors): capturing JavaScript stack traces for them would dominate some renders.
  const oldTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return fn(st, a, b);
  } catch (e) {
    // stack exhaustion, or a string beyond the engine's maximum length
    if (e instanceof RangeError) throw limitError(`the template exhausted the engine (${e.message})`);
    throw e;
  } finally {
    setSizeLimit(old);
    Error.stackTraceLimit = oldTraceLimit;
  }
}

export { TemplateSyntaxError, type PyValue };
