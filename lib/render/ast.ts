/** The syntax tree of a Jinja2 template, shaped like jinja2/nodes.py. */
import type { PyValue } from "./values";

export interface Pos {
  line: number;
  col: number;
}

export interface CallArgs {
  args: Expr[];
  kwargs: [string, Expr][];
  dynArgs: Expr | null;
  dynKwargs: Expr | null;
}

export type Expr =
  | { k: "const"; v: PyValue; line: number }
  | { k: "name"; name: string; line: number }
  | { k: "list"; items: Expr[]; line: number }
  | { k: "tuple"; items: Expr[]; line: number }
  | { k: "dict"; pairs: [Expr, Expr][]; line: number }
  | { k: "getattr"; obj: Expr; attr: string; line: number }
  | { k: "getitem"; obj: Expr; key: Expr; line: number }
  | { k: "slice"; start: Expr | null; stop: Expr | null; step: Expr | null; line: number }
  | ({ k: "call"; fn: Expr; line: number } & CallArgs)
  | ({ k: "filter"; node: Expr | null; name: string; line: number; col?: number; fold: number; fast?: number } & CallArgs)
  | ({ k: "test"; node: Expr; name: string; line: number; col?: number } & CallArgs)
  | { k: "cond"; test: Expr; a: Expr; b: Expr | null; line: number }
  | { k: "bin"; op: BinOp; l: Expr; r: Expr; line: number }
  | { k: "and"; l: Expr; r: Expr; line: number }
  | { k: "or"; l: Expr; r: Expr; line: number }
  | { k: "not"; x: Expr; line: number }
  | { k: "neg"; x: Expr; line: number }
  | { k: "pos"; x: Expr; line: number }
  | { k: "concat"; items: Expr[]; line: number }
  | { k: "compare"; first: Expr; ops: [CmpOp, Expr][]; line: number }
  | { k: "nsref"; name: string; attr: string; line: number };

export type BinOp = "+" | "-" | "*" | "/" | "//" | "%" | "**";
export type CmpOp = "eq" | "ne" | "lt" | "lteq" | "gt" | "gteq" | "in" | "notin";

export type FilterExpr = Extract<Expr, { k: "filter" }>;
export type CallExpr = Extract<Expr, { k: "call" }>;

export interface MacroDef {
  name: string;
  params: string[];
  defaults: Expr[]; // for the last defaults.length params
  body: Stmt[];
  /** the body reads `varargs` / `kwargs` / `caller` (Jinja only accepts extra arguments then) */
  catchVarargs: boolean;
  catchKwargs: boolean;
  callerUsed: boolean;
}

export type Stmt =
  | { k: "data"; text: string }
  | { k: "output"; expr: Expr; line: number }
  | { k: "if"; test: Expr; body: Stmt[]; else_: Stmt[]; line: number }
  | {
      k: "for";
      target: Expr;
      iter: Expr;
      body: Stmt[];
      else_: Stmt[];
      test: Expr | null;
      recursive: boolean;
      line: number;
    }
  | { k: "set"; target: Expr; expr: Expr; line: number }
  | { k: "setblock"; target: Expr; body: Stmt[]; filter: FilterExpr | null; line: number }
  | { k: "macro"; def: MacroDef; line: number }
  | { k: "callblock"; call: CallExpr; def: MacroDef; line: number }
  | { k: "filterblock"; body: Stmt[]; filter: FilterExpr; line: number }
  | { k: "with"; targets: Expr[]; values: Expr[]; body: Stmt[]; line: number }
  | { k: "block"; name: string; body: Stmt[]; line: number }
  | { k: "notfound"; what: string; line: number };

export interface TemplateAst {
  body: Stmt[];
  /** Filter nodes Jinja's optimizer evaluates at compile time (`choice` on literals), in its visit order. */
  folded: FilterExpr[];
  /** the template may change the values it is given (list.append, dict.update, ...) */
  mayMutate: boolean;
}

/** Children of an expression in Jinja's node field order. */
export function forEachChild(e: Expr, f: (e: Expr | null) => void): void {
  switch (e.k) {
    case "list":
    case "tuple":
    case "concat":
      e.items.forEach(f);
      break;
    case "dict":
      e.pairs.forEach(([a, b]) => (f(a), f(b)));
      break;
    case "getattr":
      f(e.obj);
      break;
    case "getitem":
      f(e.obj);
      f(e.key);
      break;
    case "slice":
      f(e.start);
      f(e.stop);
      f(e.step);
      break;
    case "call":
      f(e.fn);
      e.args.forEach(f);
      e.kwargs.forEach(([, x]) => f(x));
      f(e.dynArgs);
      f(e.dynKwargs);
      break;
    case "filter":
    case "test":
      f(e.node);
      e.args.forEach(f);
      e.kwargs.forEach(([, x]) => f(x));
      f(e.dynArgs);
      f(e.dynKwargs);
      break;
    case "cond":
      f(e.test);
      f(e.a);
      f(e.b);
      break;
    case "bin":
    case "and":
    case "or":
      f(e.l);
      f(e.r);
      break;
    case "not":
    case "neg":
    case "pos":
      f(e.x);
      break;
    case "compare":
      f(e.first);
      e.ops.forEach(([, x]) => f(x));
      break;
  }
}

/** Child expressions and statement bodies of a statement, in Jinja's node field order. */
export function forEachStmtChild(s: Stmt, ex: (e: Expr | null) => void, stmts: (b: Stmt[]) => void): void {
  switch (s.k) {
    case "output":
      ex(s.expr);
      break;
    case "if":
      ex(s.test);
      stmts(s.body);
      stmts(s.else_);
      break;
    case "for":
      ex(s.target);
      ex(s.iter);
      stmts(s.body);
      stmts(s.else_);
      ex(s.test);
      break;
    case "set":
      ex(s.target);
      ex(s.expr);
      break;
    case "setblock":
      ex(s.target);
      ex(s.filter);
      stmts(s.body);
      break;
    case "macro":
      s.def.defaults.forEach(ex);
      stmts(s.def.body);
      break;
    case "callblock":
      ex(s.call);
      s.def.defaults.forEach(ex);
      stmts(s.def.body);
      break;
    case "filterblock":
      stmts(s.body);
      ex(s.filter);
      break;
    case "with":
      s.targets.forEach(ex);
      s.values.forEach(ex);
      stmts(s.body);
      break;
    case "block":
      stmts(s.body);
      break;
  }
}
