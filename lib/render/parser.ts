/**
 * Recursive-descent parser following jinja2/parser.py: the same precedence (filters and tests bind
 * tighter than any operator; `**` is left-associative), postfix `.name`, `.0`, `[slice]`, calls,
 * inline `if`, and the statements of a plain Environment (no `do`, `break`, `continue`).
 */
import { forEachChild, forEachStmtChild, type BinOp, type CallArgs, type CallExpr, type CmpOp, type Expr, type FilterExpr, type MacroDef, type Stmt } from "./ast";
import { TemplateSyntaxError, tokenize, type Token } from "./lexer";

const CONSTS: Record<string, boolean | null> = {
  true: true,
  false: false,
  none: null,
  True: true,
  False: false,
  None: null,
};

const MAX_NESTING = 150;

const CMP_OPS: Record<string, CmpOp> = { "==": "eq", "!=": "ne", "<": "lt", "<=": "lteq", ">": "gt", ">=": "gteq" };

const TAG_NAMES = new Set([
  "for", "if", "block", "extends", "print", "macro", "include", "from", "import", "set", "with", "autoescape", "filter", "call",
]);

const END_TAG_NAMES: Record<string, string> = {
  for: "endfor", if: "endif", block: "endblock", macro: "endmacro", set: "endset", with: "endwith",
  autoescape: "endautoescape", filter: "endfilter", call: "endcall",
};

export class Parser {
  private readonly toks: Token[];
  private i = 0;
  /** nesting of the tree being built; Jinja itself fails (RecursionError) well before the limit */
  private depth = 0;
  private readonly tagStack: string[] = [];
  private readonly endTokenStack: string[][] = [];

  constructor(source: string) {
    this.toks = tokenize(source);
  }

  // ------------------------------------------------------------ token helpers
  private get cur(): Token {
    return this.toks[this.i];
  }
  private look(): Token {
    return this.toks[Math.min(this.i + 1, this.toks.length - 1)];
  }
  private next(): Token {
    const t = this.toks[this.i];
    if (t.t !== "eof") this.i++;
    return t;
  }
  private isOp(s: string, t: Token = this.cur): boolean {
    return t.t === "op" && t.s === s;
  }
  private isName(s: string, t: Token = this.cur): boolean {
    return t.t === "name" && t.s === s;
  }
  private skipOp(s: string): boolean {
    if (this.isOp(s)) {
      this.i++;
      return true;
    }
    return false;
  }
  private skipName(s: string): boolean {
    if (this.isName(s)) {
      this.i++;
      return true;
    }
    return false;
  }
  private enter(): void {
    if (++this.depth > MAX_NESTING) this.fail(`the template is nested too deeply (more than ${MAX_NESTING} levels)`);
  }

  /** Runs `f`, restoring the nesting count afterwards (chains add one level per link). */
  private nested<T>(f: () => T): T {
    const start = this.depth;
    try {
      return f();
    } finally {
      this.depth = start;
    }
  }

  fail(msg: string, t: Token = this.cur): never {
    throw new TemplateSyntaxError(msg, t.line, t.col);
  }
  private describe(t: Token): string {
    switch (t.t) {
      case "eof":
        return "end of template";
      case "var_end":
        return "end of print statement";
      case "block_end":
        return "end of statement block";
      case "var_begin":
        return "begin of print statement";
      case "block_begin":
        return "begin of statement block";
      case "name":
      case "op":
        return t.s;
      case "string":
        return "string";
      case "int":
        return "integer";
      case "float":
        return "float";
      default:
        return t.t;
    }
  }
  private expectOp(s: string): Token {
    if (!this.isOp(s)) {
      if (this.cur.t === "eof") this.fail(`unexpected end of template, expected '${s}'.`);
      this.fail(`expected token '${s}', got '${this.describe(this.cur)}'`);
    }
    return this.next();
  }
  private expectName(s?: string): Token {
    if (this.cur.t !== "name" || (s !== undefined && this.cur.s !== s)) {
      if (this.cur.t === "eof") this.fail(`unexpected end of template, expected '${s ?? "name"}'.`);
      this.fail(`expected token '${s ?? "name"}', got '${this.describe(this.cur)}'`);
    }
    return this.next();
  }
  private expectType(t: "block_end" | "var_end"): Token {
    if (this.cur.t !== t) {
      if (this.cur.t === "eof") this.fail(`unexpected end of template, expected '${this.describe({ t } as Token)}'.`);
      this.fail(`expected token '${this.describe({ t } as Token)}', got '${this.describe(this.cur)}'`);
    }
    return this.next();
  }

  // ------------------------------------------------------------ statements
  parse(): Stmt[] {
    return this.subparse(null);
  }

  private subparse(endTokens: string[] | null): Stmt[] {
    return this.nested(() => {
      this.enter();
      return this.subparseInner(endTokens);
    });
  }

  private subparseInner(endTokens: string[] | null): Stmt[] {
    const body: Stmt[] = [];
    if (endTokens) this.endTokenStack.push(endTokens);
    try {
      for (;;) {
        const t = this.cur;
        if (t.t === "data") {
          this.next();
          body.push({ k: "data", text: t.s });
        } else if (t.t === "var_begin") {
          this.next();
          const expr = this.parseTuple({ withCondexpr: true });
          body.push({ k: "output", expr, line: t.line });
          this.expectType("var_end");
        } else if (t.t === "block_begin") {
          this.next();
          if (endTokens && this.cur.t === "name" && endTokens.includes(this.cur.s)) return body;
          const st = this.parseStatement();
          if (Array.isArray(st)) body.push(...st);
          else body.push(st);
          this.expectType("block_end");
        } else if (t.t === "eof") {
          if (endTokens) this.failEof(endTokens);
          return body;
        } else this.fail(`unexpected '${this.describe(t)}'`);
      }
    } finally {
      if (endTokens) this.endTokenStack.pop();
    }
  }

  private failEof(endTokens: string[]): never {
    const expected = endTokens.map((e) => `'${e}'`).join(" or ");
    let msg = `Unexpected end of template. Jinja was looking for the following tags: ${expected}.`;
    if (this.tagStack.length) msg += ` The innermost block that needs to be closed is '${this.tagStack[this.tagStack.length - 1]}'.`;
    this.fail(msg);
  }

  private failUnknownTag(t: Token): never {
    const name = t.s;
    let msg: string;
    const expected = this.endTokenStack.flat();
    if (expected.includes(name)) msg = `Encountered unknown tag '${name}'.`;
    else if (Object.values(END_TAG_NAMES).includes(name) || ["elif", "else", "endraw"].includes(name)) {
      msg = `Encountered unknown tag '${name}'.`;
      if (this.endTokenStack.length) {
        const exp = this.endTokenStack[this.endTokenStack.length - 1].map((e) => `'${e}'`).join(" or ");
        msg += ` Jinja was looking for the following tags: ${exp}.`;
      }
      if (this.tagStack.length) msg += ` The innermost block that needs to be closed is '${this.tagStack[this.tagStack.length - 1]}'.`;
    } else msg = `Encountered unknown tag '${name}'.`;
    if (["break", "continue", "do"].includes(name))
      msg += " Jinja was looking for the following tags: " + (this.endTokenStack.length ? "" : "") + "(the 'loopcontrols'/'do' extensions are not enabled).";
    this.fail(msg, t);
  }

  private parseStatements(endTokens: string[], dropNeedle = false): Stmt[] {
    this.skipOp(":");
    this.expectType("block_end");
    const body = this.subparse(endTokens);
    if (this.cur.t === "eof") this.failEof(endTokens);
    if (dropNeedle) this.next();
    return body;
  }

  private parseStatement(): Stmt | Stmt[] {
    return this.parseStatementInner();
  }

  private parseStatementInner(): Stmt | Stmt[] {
    const t = this.cur;
    if (t.t !== "name") this.fail("tag name expected");
    this.tagStack.push(t.s);
    let popTag = true;
    try {
      switch (t.s) {
        case "for":
          return this.parseFor();
        case "if":
          return this.parseIf();
        case "set":
          return this.parseSet();
        case "macro":
          return this.parseMacro();
        case "call":
          return this.parseCallBlock();
        case "filter":
          return this.parseFilterBlock();
        case "with":
          return this.parseWith();
        case "block":
          return this.parseBlock();
        case "print": {
          this.next();
          const items: Expr[] = [];
          while (this.cur.t !== "block_end") {
            if (items.length) this.expectOp(",");
            items.push(this.parseExpression());
          }
          return items.map((expr) => ({ k: "output", expr, line: t.line }) as Stmt);
        }
        case "autoescape": {
          this.next();
          this.parseExpression();
          return this.parseStatements(["endautoescape"], true);
        }
        case "extends":
        case "include":
        case "import":
        case "from":
          return this.parseLoaderTag(t.s);
        default:
          this.tagStack.pop();
          popTag = false;
          return this.failUnknownTag(t);
      }
    } finally {
      if (popTag) this.tagStack.pop();
    }
  }

  private parseLoaderTag(kind: string): Stmt {
    const line = this.next().line;
    const template = this.parseExpression();
    const what = template.k === "const" ? String(template.v) : "template";
    if (kind === "import") {
      this.expectName("as");
      this.parseAssignName();
    } else if (kind === "from") {
      this.expectName("import");
      for (;;) {
        this.expectName();
        if (this.skipName("as")) this.expectName();
        if (!this.skipOp(",")) break;
      }
    }
    while (this.cur.t === "name" && ["ignore", "missing", "with", "without", "context"].includes(this.cur.s)) this.next();
    return { k: "notfound", what, line };
  }

  private parseAssignName(): Expr {
    const t = this.expectName();
    return { k: "name", name: t.s, line: t.line };
  }

  private parseFor(): Stmt {
    const line = this.expectName("for").line;
    const target = this.parseAssignTarget({ extraEnd: ["in"] });
    this.expectName("in");
    const iter = this.parseTuple({ withCondexpr: false, extraEnd: ["recursive"] });
    let test: Expr | null = null;
    if (this.skipName("if")) test = this.parseExpression();
    const recursive = this.skipName("recursive");
    const body = this.parseStatements(["endfor", "else"]);
    let else_: Stmt[] = [];
    if (this.next().s === "else") else_ = this.parseStatements(["endfor"], true);
    return { k: "for", target, iter, body, else_, test, recursive, line };
  }

  private parseIf(): Stmt {
    const line = this.expectName("if").line;
    const test = this.parseTuple({ withCondexpr: false });
    const body = this.parseStatements(["elif", "else", "endif"]);
    const node: Extract<Stmt, { k: "if" }> = { k: "if", test, body, else_: [], line };
    let tail = node;
    for (;;) {
      const tok = this.next();
      if (tok.s === "elif") {
        const t2 = this.parseTuple({ withCondexpr: false });
        const b2 = this.parseStatements(["elif", "else", "endif"]);
        const n2: Extract<Stmt, { k: "if" }> = { k: "if", test: t2, body: b2, else_: [], line: tok.line };
        tail.else_ = [n2];
        tail = n2;
      } else if (tok.s === "else") {
        tail.else_ = this.parseStatements(["endif"], true);
        break;
      } else break;
    }
    return node;
  }

  private parseSet(): Stmt {
    const line = this.expectName("set").line;
    const target = this.parseAssignTarget({ withNamespace: true });
    if (this.skipOp("=")) {
      const expr = this.parseTuple({ withCondexpr: true });
      return { k: "set", target, expr, line };
    }
    const filter = this.isOp("|") ? this.parseFilter(null) : null;
    const body = this.parseStatements(["endset"], true);
    return { k: "setblock", target, body, filter, line };
  }

  private parseSignature(def: { params: string[]; defaults: Expr[] }): void {
    this.expectOp("(");
    while (!this.isOp(")")) {
      if (def.params.length) this.expectOp(",");
      const arg = this.parseAssignName();
      if (this.skipOp("=")) def.defaults.push(this.parseExpression());
      else if (def.defaults.length) this.fail("non-default argument follows default argument");
      def.params.push((arg as { name: string }).name);
    }
    this.expectOp(")");
  }

  private finishMacro(def: MacroDef): void {
    const names = new Set<string>();
    collectNames(def.body, names);
    for (const d of def.defaults) collectExprNames(d, names);
    def.catchVarargs = names.has("varargs") && !def.params.includes("varargs");
    def.catchKwargs = names.has("kwargs") && !def.params.includes("kwargs");
    def.callerUsed = names.has("caller") && !def.params.includes("caller");
  }

  private parseMacro(): Stmt {
    const line = this.expectName("macro").line;
    const name = this.expectName().s;
    const def: MacroDef = { name, params: [], defaults: [], body: [], catchVarargs: false, catchKwargs: false, callerUsed: false };
    this.parseSignature(def);
    def.body = this.parseStatements(["endmacro"], true);
    this.finishMacro(def);
    return { k: "macro", def, line };
  }

  private parseCallBlock(): Stmt {
    const line = this.expectName("call").line;
    const def: MacroDef = { name: "caller", params: [], defaults: [], body: [], catchVarargs: false, catchKwargs: false, callerUsed: false };
    if (this.isOp("(")) this.parseSignature(def);
    const call = this.parseExpression();
    if (call.k !== "call") this.fail("expected call");
    def.body = this.parseStatements(["endcall"], true);
    this.finishMacro(def);
    return { k: "callblock", call: call as CallExpr, def, line };
  }

  private parseFilterBlock(): Stmt {
    const line = this.expectName("filter").line;
    const filter = this.parseFilter(null, true)!;
    const body = this.parseStatements(["endfilter"], true);
    return { k: "filterblock", body, filter, line };
  }

  private parseWith(): Stmt {
    const line = this.expectName("with").line;
    const targets: Expr[] = [];
    const values: Expr[] = [];
    while (this.cur.t !== "block_end") {
      if (targets.length) this.expectOp(",");
      const target = this.parseAssignTarget({});
      targets.push(target);
      this.expectOp("=");
      values.push(this.parseExpression());
    }
    const body = this.parseStatements(["endwith"], true);
    return { k: "with", targets, values, body, line };
  }

  private parseBlock(): Stmt {
    const line = this.expectName("block").line;
    const name = this.expectName().s;
    this.skipName("scoped");
    this.skipName("required");
    const body = this.parseStatements(["endblock"], true);
    if (this.cur.t === "name" && this.cur.s === name) this.next();
    return { k: "block", name, body, line };
  }

  private parseAssignTarget(o: { withTuple?: boolean; extraEnd?: string[]; withNamespace?: boolean }): Expr {
    let target: Expr;
    if (o.withNamespace && this.cur.t === "name" && this.isOp(".", this.look())) {
      const tok = this.next();
      this.next();
      const attr = this.expectName().s;
      return { k: "nsref", name: tok.s, attr, line: tok.line };
    }
    if (o.withTuple !== false) target = this.parseTuple({ simplified: true, extraEnd: o.extraEnd });
    else target = this.parsePrimary();
    if (!canAssign(target)) this.fail(`can't assign to '${target.k === "const" ? "const" : target.k}'`);
    return target;
  }

  // ------------------------------------------------------------ expressions
  parseExpression(withCondexpr = true): Expr {
    return withCondexpr ? this.parseCondexpr() : this.parseOr();
  }

  private parseCondexpr(): Expr {
    return this.nested(() => this.parseCondexprInner());
  }

  private parseCondexprInner(): Expr {
    const line = this.cur.line;
    let expr1 = this.parseOr();
    while (this.skipName("if")) {
      this.enter();
      const expr2 = this.parseOr();
      const expr3 = this.skipName("else") ? this.parseCondexpr() : null;
      expr1 = { k: "cond", test: expr2, a: expr1, b: expr3, line };
    }
    return expr1;
  }

  private parseOr(): Expr {
    return this.nested(() => this.parseOrInner());
  }

  private parseOrInner(): Expr {
    const line = this.cur.line;
    let l = this.parseAnd();
    while (this.skipName("or")) {
      this.enter();
      l = { k: "or", l, r: this.parseAnd(), line };
    }
    return l;
  }

  private parseAnd(): Expr {
    return this.nested(() => this.parseAndInner());
  }

  private parseAndInner(): Expr {
    const line = this.cur.line;
    let l = this.parseNot();
    while (this.skipName("and")) {
      this.enter();
      l = { k: "and", l, r: this.parseNot(), line };
    }
    return l;
  }

  private parseNot(): Expr {
    return this.nested(() => this.parseNotInner());
  }

  private parseNotInner(): Expr {
    if (this.isName("not")) {
      const line = this.next().line;
      this.enter();
      return { k: "not", x: this.parseNot(), line };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    return this.nested(() => this.parseCompareInner());
  }

  private parseCompareInner(): Expr {
    const line = this.cur.line;
    const first = this.parseMath1();
    const ops: [CmpOp, Expr][] = [];
    for (;;) {
      this.enter();
      const t = this.cur;
      if (t.t === "op" && CMP_OPS[t.s]) {
        this.next();
        ops.push([CMP_OPS[t.s], this.parseMath1()]);
      } else if (this.skipName("in")) ops.push(["in", this.parseMath1()]);
      else if (this.isName("not") && this.isName("in", this.look())) {
        this.i += 2;
        ops.push(["notin", this.parseMath1()]);
      } else break;
    }
    return ops.length ? { k: "compare", first, ops, line } : first;
  }

  private parseMath1(): Expr {
    return this.nested(() => this.parseMath1Inner());
  }

  private parseMath1Inner(): Expr {
    const line = this.cur.line;
    let l = this.parseConcat();
    while (this.isOp("+") || this.isOp("-")) {
      const op = this.next().s as BinOp;
      this.enter();
      l = { k: "bin", op, l, r: this.parseConcat(), line };
    }
    return l;
  }

  private parseConcat(): Expr {
    const line = this.cur.line;
    const items = [this.parseMath2()];
    while (this.skipOp("~")) items.push(this.parseMath2());
    return items.length === 1 ? items[0] : { k: "concat", items, line };
  }

  private parseMath2(): Expr {
    return this.nested(() => this.parseMath2Inner());
  }

  private parseMath2Inner(): Expr {
    const line = this.cur.line;
    let l = this.parsePow();
    while (this.isOp("*") || this.isOp("/") || this.isOp("//") || this.isOp("%")) {
      const op = this.next().s as BinOp;
      this.enter();
      l = { k: "bin", op, l, r: this.parsePow(), line };
    }
    return l;
  }

  private parsePow(): Expr {
    return this.nested(() => this.parsePowInner());
  }

  private parsePowInner(): Expr {
    const line = this.cur.line;
    let l = this.parseUnary();
    while (this.skipOp("**")) {
      this.enter();
      l = { k: "bin", op: "**", l, r: this.parseUnary(), line };
    }
    return l;
  }

  private parseUnary(withFilter = true): Expr {
    return this.nested(() => {
      this.enter();
      return this.parseUnaryInner(withFilter);
    });
  }

  private parseUnaryInner(withFilter: boolean): Expr {
    const t = this.cur;
    let node: Expr;
    if (this.skipOp("-")) node = { k: "neg", x: this.parseUnary(false), line: t.line };
    else if (this.skipOp("+")) node = { k: "pos", x: this.parseUnary(false), line: t.line };
    else node = this.parsePrimary();
    node = this.parsePostfix(node);
    if (withFilter) node = this.parseFilterExpr(node);
    return node;
  }

  private parsePrimary(): Expr {
    const t = this.cur;
    if (t.t === "name") {
      this.next();
      if (t.s in CONSTS) return { k: "const", v: CONSTS[t.s], line: t.line };
      return { k: "name", name: t.s, line: t.line };
    }
    if (t.t === "string") {
      this.next();
      let v = t.v as string;
      while (this.cur.t === "string") v += this.next().v as string;
      return { k: "const", v, line: t.line };
    }
    if (t.t === "int" || t.t === "float") {
      this.next();
      return { k: "const", v: t.v!, line: t.line };
    }
    if (this.isOp("(")) {
      this.next();
      const node = this.parseTuple({ explicitParentheses: true });
      this.expectOp(")");
      return node;
    }
    if (this.isOp("[")) return this.parseList();
    if (this.isOp("{")) return this.parseDict();
    if (t.t === "eof") this.fail("unexpected end of template");
    this.fail(`unexpected '${this.describe(t)}'`);
  }

  parseTuple(o: { simplified?: boolean; withCondexpr?: boolean; extraEnd?: string[]; explicitParentheses?: boolean }): Expr {
    const line = this.cur.line;
    const args: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (args.length) this.expectOp(",");
      if (this.isTupleEnd(o.extraEnd)) break;
      args.push(o.simplified ? this.parsePrimary() : this.parseExpression(o.withCondexpr !== false));
      if (this.isOp(",")) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (args.length) return args[0];
      if (!o.explicitParentheses) this.fail(`Expected an expression, got '${this.describe(this.cur)}'`);
    }
    return { k: "tuple", items: args, line };
  }

  private isTupleEnd(extraEnd?: string[]): boolean {
    const t = this.cur;
    if (t.t === "var_end" || t.t === "block_end" || this.isOp(")")) return true;
    return !!extraEnd && t.t === "name" && extraEnd.includes(t.s);
  }

  private parseList(): Expr {
    const line = this.expectOp("[").line;
    const items: Expr[] = [];
    while (!this.isOp("]")) {
      if (items.length) this.expectOp(",");
      if (this.isOp("]")) break;
      items.push(this.parseExpression());
    }
    this.expectOp("]");
    return { k: "list", items, line };
  }

  private parseDict(): Expr {
    const line = this.expectOp("{").line;
    const pairs: [Expr, Expr][] = [];
    while (!this.isOp("}")) {
      if (pairs.length) this.expectOp(",");
      if (this.isOp("}")) break;
      const key = this.parseExpression();
      this.expectOp(":");
      pairs.push([key, this.parseExpression()]);
    }
    this.expectOp("}");
    return { k: "dict", pairs, line };
  }

  private parsePostfix(node: Expr): Expr {
    return this.nested(() => this.parsePostfixInner(node));
  }

  private parsePostfixInner(node: Expr): Expr {
    for (;;) {
      if (this.isOp(".") || this.isOp("[")) node = this.parseSubscript(node);
      else if (this.isOp("(")) node = this.parseCall(node);
      else break;
      this.enter();
    }
    return node;
  }

  private parseFilterExpr(node: Expr): Expr {
    return this.nested(() => this.parseFilterExprInner(node));
  }

  private parseFilterExprInner(node: Expr): Expr {
    for (;;) {
      if (this.isOp("|")) node = this.parseFilter(node)!;
      else if (this.isName("is")) node = this.parseTest(node);
      else if (this.isOp("(")) node = this.parseCall(node);
      else break;
      this.enter();
    }
    return node;
  }

  private parseSubscript(node: Expr): Expr {
    const t = this.next();
    if (t.s === ".") {
      const a = this.cur;
      if (a.t === "name") {
        this.next();
        return { k: "getattr", obj: node, attr: a.s, line: t.line };
      }
      if (a.t !== "int") this.fail("expected name or number", a);
      this.next();
      return { k: "getitem", obj: node, key: { k: "const", v: a.v!, line: a.line }, line: t.line };
    }
    const args: Expr[] = [];
    while (!this.isOp("]")) {
      if (args.length) this.expectOp(",");
      args.push(this.parseSubscribed());
    }
    this.expectOp("]");
    const key: Expr = args.length === 1 ? args[0] : { k: "tuple", items: args, line: t.line };
    return { k: "getitem", obj: node, key, line: t.line };
  }

  private parseSubscribed(): Expr {
    const line = this.cur.line;
    const args: (Expr | null)[] = [];
    if (this.isOp(":")) {
      this.next();
      args.push(null);
    } else {
      const node = this.parseExpression();
      if (!this.isOp(":")) return node;
      this.next();
      args.push(node);
    }
    if (this.isOp(":")) args.push(null);
    else if (!this.isOp("]") && !this.isOp(",")) args.push(this.parseExpression());
    else args.push(null);
    if (this.isOp(":")) {
      this.next();
      if (!this.isOp("]") && !this.isOp(",")) args.push(this.parseExpression());
      else args.push(null);
    } else args.push(null);
    return { k: "slice", start: args[0], stop: args[1], step: args[2], line };
  }

  private parseCallArgs(): CallArgs {
    const tok = this.expectOp("(");
    const args: Expr[] = [];
    const kwargs: [string, Expr][] = [];
    let dynArgs: Expr | null = null;
    let dynKwargs: Expr | null = null;
    let requireComma = false;
    const ensure = (ok: boolean) => {
      if (!ok) this.fail("invalid syntax for function call expression", tok);
    };
    while (!this.isOp(")")) {
      if (requireComma) {
        this.expectOp(",");
        if (this.isOp(")")) break;
      }
      if (this.isOp("*")) {
        ensure(dynArgs === null && dynKwargs === null);
        this.next();
        dynArgs = this.parseExpression();
      } else if (this.isOp("**")) {
        ensure(dynKwargs === null);
        this.next();
        dynKwargs = this.parseExpression();
      } else if (this.cur.t === "name" && this.isOp("=", this.look())) {
        ensure(dynKwargs === null);
        const key = this.next().s;
        this.next();
        kwargs.push([key, this.parseExpression()]);
      } else {
        ensure(dynArgs === null && dynKwargs === null && kwargs.length === 0);
        args.push(this.parseExpression());
      }
      requireComma = true;
    }
    this.expectOp(")");
    return { args, kwargs, dynArgs, dynKwargs };
  }

  private parseCall(node: Expr): Expr {
    const line = this.cur.line;
    return { k: "call", fn: node, line, ...this.parseCallArgs() };
  }

  private parseFilter(node: Expr | null, startInline = false): FilterExpr | null {
    let result: Expr | null = node;
    while (this.isOp("|") || startInline) {
      if (!startInline) this.next();
      const tok = this.expectName();
      let name = tok.s;
      while (this.isOp(".")) {
        this.next();
        name += "." + this.expectName().s;
      }
      const ca: CallArgs = this.isOp("(") ? this.parseCallArgs() : { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
      result = { k: "filter", node: result, name, line: tok.line, col: tok.col, fold: -1, ...ca };
      this.enter();
      startInline = false;
    }
    return result as FilterExpr | null;
  }

  private parseTest(node: Expr): Expr {
    const tok = this.next();
    const negated = this.skipName("not");
    const nameTok = this.expectName();
    let name = nameTok.s;
    while (this.isOp(".")) {
      this.next();
      name += "." + this.expectName().s;
    }
    let ca: CallArgs = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    const c = this.cur;
    if (this.isOp("(")) ca = this.parseCallArgs();
    else if (
      (c.t === "name" || c.t === "string" || c.t === "int" || c.t === "float" || this.isOp("[") || this.isOp("{")) &&
      !(c.t === "name" && (c.s === "else" || c.s === "or" || c.s === "and"))
    ) {
      if (this.isName("is")) this.fail("You cannot chain multiple tests with is");
      let arg = this.parsePrimary();
      arg = this.parsePostfix(arg);
      ca = { args: [arg], kwargs: [], dynArgs: null, dynKwargs: null };
    }
    const test: Expr = { k: "test", node, name, line: tok.line, col: nameTok.col, ...ca };
    return negated ? { k: "not", x: test, line: tok.line } : test;
  }
}

function canAssign(e: Expr): boolean {
  if (e.k === "name") return !["true", "false", "none", "True", "False", "None"].includes(e.name);
  if (e.k === "tuple") return e.items.every(canAssign);
  if (e.k === "nsref") return true;
  return false;
}

/** Every name read anywhere in these statements (used for macros' varargs/kwargs/caller). */
export function collectNames(body: Stmt[], out: Set<string>): void {
  walkStmts(body, (e) => {
    if (e.k === "name") out.add(e.name);
  });
}

export function collectExprNames(e: Expr, out: Set<string>): void {
  walkExpr(e, (x) => {
    if (x.k === "name") out.add(x.name);
  });
}

/** Pre-order walk of an expression tree. */
export function walkExpr(e: Expr | null, f: (e: Expr) => void): void {
  if (!e) return;
  f(e);
  forEachChild(e, (c) => walkExpr(c, f));
}

/** Pre-order walk of statements: `g` sees each statement, `f` each expression inside. */
export function walkStmts(body: Stmt[], f: (e: Expr) => void, g?: (s: Stmt) => void): void {
  for (const s of body) {
    g?.(s);
    forEachStmtChild(
      s,
      (e) => walkExpr(e, f),
      (b) => walkStmts(b, f, g),
    );
  }
}

export function parseTemplate(source: string): Stmt[] {
  return new Parser(source).parse();
}

export { TAG_NAMES };
