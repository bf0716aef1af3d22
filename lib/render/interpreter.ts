/**
 * Evaluates a template's syntax tree with Jinja2's runtime semantics (scoping, loops, macros,
 * Undefined) and Python's value semantics. Template text never becomes JavaScript: this walks
 * the tree. Attribute and item access go through `getAttr` / `getItem`, which reach only the own
 * data of dicts, lists, strings and tuples, the allow-listed methods, and the interpreter's own
 * runtime objects.
 */
import type { CallArgs, Expr, FilterExpr, MacroDef, Stmt } from "./ast";
import { FILTERS, TRUNCATE_END, TRUNCATE_LEEWAY, truncateStr } from "./filters";
import { PROMPTSOURCE_TRUNCATE } from "./row-cuts";
import { getMethod } from "./methods";
import {
  charAt,
  checkSize,
  iterate,
  missingAttr,
  missingItem,
  normIndex,
  pyAdd,
  pyCompare,
  pyEq,
  pyFloorDiv,
  pyLenOf,
  pyMod,
  pyMul,
  pyNeg,
  pyPos,
  pyPow,
  pyRepr,
  pyStr,
  pySub,
  pyTrueDiv,
  sliceValue,
  strRepr,
  truthy,
  typeError,
  undefinedError,
  viewItems,
} from "./py-ops";
import { cpToUtf16, hasSurrogates, pyLen } from "./py-str";
import { Runtime } from "./runtime";
import {
  GroupTuple,
  PyCallable,
  PyCycler,
  PyDictView,
  PyIterator,
  PyNamespace,
  PyRange,
  type Kwargs,
} from "./runtime-objects";
import { TESTS } from "./tests";
import { PyDict, PyError, PyFloat, PyObject, PyTuple, PyUndefined, typeNameOf, type PyValue } from "./values";

/** Raised while evaluating a constant expression at "compile time" when it is not constant. */
export class Impossible extends Error {}

export const NOT_FOLDED = Symbol("not folded");
export type FoldSlot = PyValue | typeof NOT_FOLDED;

type ExprOf<K extends Expr["k"]> = Extract<Expr, { k: K }>;

/**
 * The names one scope binds. A render makes scopes by the dozen (the row's, answer_choices', one
 * per loop iteration) and most bind one or two names: those are held in two fields, and a Map is
 * made only for a third. (A Map per scope was a tenth of what a render allocated.)
 */
export class Scope {
  private name0: string | null = null;
  private value0: PyValue = null;
  private name1: string | null = null;
  private value1: PyValue = null;
  private more: Map<string, PyValue> | null = null;
  constructor(readonly parent: Scope | null) {}

  set(name: string, value: PyValue): void {
    if (this.name0 === name || this.name0 === null) {
      this.name0 = name;
      this.value0 = value;
    } else if (this.name1 === name || this.name1 === null) {
      this.name1 = name;
      this.value1 = value;
    } else (this.more ??= new Map()).set(name, value);
  }

  /** The value this scope itself binds to `name`. */
  own(name: string): PyValue | undefined {
    if (this.name0 === name) return this.value0;
    if (this.name1 === name) return this.value1;
    return this.more === null ? undefined : this.more.get(name);
  }

  /** Each name this scope itself binds, with its value, in the order the names were first bound. */
  forEachOwn(fn: (name: string, value: PyValue) => void): void {
    if (this.name0 !== null) fn(this.name0, this.value0);
    if (this.name1 !== null) fn(this.name1, this.value1);
    if (this.more !== null) for (const [name, value] of this.more) fn(name, value);
  }

  lookup(name: string): PyValue | undefined {
    let s: Scope | null = this;
    while (s !== null) {
      const v = s.own(name);
      if (v !== undefined) return v;
      s = s.parent;
    }
    return undefined;
  }
}

class Out {
  s = "";
  push(s: string): void {
    this.s += s;
  }
  text(): string {
    return this.s;
  }
}

// ------------------------------------------------------------------ runtime objects

const MISSING = Symbol("missing");
type Maybe = PyValue | typeof MISSING;

/**
 * The items a for loop visits, fetched lazily as Jinja's generator does: the loop's `if` test of
 * an item runs when the loop reaches it (after the previous iterations' bodies ran), and a list
 * that grows during the loop is seen growing.
 */
class LoopSource {
  private i = 0;
  constructor(
    private readonly items: PyValue[],
    private readonly test: ((x: PyValue) => boolean) | null,
  ) {}
  next(): Maybe {
    while (this.i < this.items.length) {
      const x = this.items[this.i++];
      if (this.test === null || this.test(x)) return x;
    }
    return MISSING;
  }
  /** len() of the underlying sequence, when Jinja can take it without consuming. */
  staticLength(): number | null {
    return this.test === null ? this.items.length : null;
  }
}

export class PyLoop extends PyCallable {
  readonly typeName = "LoopContext";
  index0 = -1;
  private lastChanged: PyValue[] | null = null;
  private before: Maybe = MISSING;
  private current: Maybe = MISSING;
  private after: Maybe = MISSING;
  private lengthCache: number | null = null;
  private buffered: PyValue[] | null = null;
  constructor(
    private readonly src: LoopSource,
    readonly depth0: number,
    private readonly recurse: ((iterable: PyValue) => string) | null,
  ) {
    super();
  }
  private fetch(): Maybe {
    if (this.buffered !== null) return this.buffered.length ? this.buffered.shift()! : MISSING;
    return this.src.next();
  }
  /** Moves to the next item; MISSING at the end. */
  advance(): Maybe {
    let rv: Maybe;
    if (this.after !== MISSING) {
      rv = this.after;
      this.after = MISSING;
    } else rv = this.fetch();
    if (rv === MISSING) return MISSING;
    this.index0++;
    this.before = this.current;
    this.current = rv;
    return rv;
  }
  private peekNext(): Maybe {
    if (this.after === MISSING) this.after = this.fetch();
    return this.after;
  }
  get length(): number {
    if (this.lengthCache === null) {
      const n = this.src.staticLength();
      if (n !== null) this.lengthCache = n;
      else {
        const rest: PyValue[] = this.buffered ?? [];
        for (let x = this.src.next(); x !== MISSING; x = this.src.next()) rest.push(x);
        this.buffered = rest;
        this.lengthCache = rest.length + this.index0 + 1 + (this.after !== MISSING ? 1 : 0);
      }
    }
    return this.lengthCache;
  }
  attr(name: string): PyValue | undefined {
    switch (name) {
      case "index0":
        return this.index0;
      case "index":
        return this.index0 + 1;
      case "revindex":
        return this.length - this.index0;
      case "revindex0":
        return this.length - this.index0 - 1;
      case "first":
        return this.index0 === 0;
      case "last":
        return this.peekNext() === MISSING;
      case "length":
        return this.length;
      case "depth":
        return this.depth0 + 1;
      case "depth0":
        return this.depth0;
      case "previtem":
        return this.index0 > 0 && this.before !== MISSING ? this.before : new PyUndefined("previtem", "there is no previous item");
      case "nextitem": {
        const n = this.peekNext();
        return n !== MISSING ? n : new PyUndefined("nextitem", "there is no next item");
      }
      case "cycle":
        return this.cycleMethod();
      case "changed":
        return this.changedMethod();
    }
    return undefined;
  }
  // made apart from `attr`: an arrow capturing `this` there made V8 allocate a context on every
  // `loop.index` and `loop.first`
  private cycleMethod(): BoundNative {
    return new BoundNative(this, "cycle", (args) => {
      if (!args.length) throw typeError("no items for cycling given");
      return args[this.index0 % args.length];
    });
  }
  private changedMethod(): BoundNative {
    return new BoundNative(this, "changed", (args) => {
      if (this.lastChanged === null || !pyEq(args, this.lastChanged)) {
        this.lastChanged = args;
        return true;
      }
      return false;
    });
  }
  call(_rt: Runtime, args: PyValue[]): PyValue {
    if (!this.recurse) throw typeError("The loop must be marked as 'recursive' to be called recursively.");
    if (args.length !== 1) throw typeError("loop() takes exactly one argument");
    return this.recurse(args[0]);
  }
}

class BoundNative extends PyCallable {
  readonly typeName = "method";
  constructor(
    readonly owner: PyValue,
    readonly name: string,
    private readonly impl: (args: PyValue[], kwargs: Kwargs) => PyValue,
  ) {
    super();
  }
  call(_rt: Runtime, args: PyValue[], kwargs: Kwargs): PyValue {
    return this.impl(args, kwargs);
  }
}

export class PyMacro extends PyCallable {
  readonly typeName = "Macro";
  constructor(
    readonly def: MacroDef,
    private readonly closure: Scope,
    private readonly interp: Interpreter,
    private readonly explicitCaller = false,
  ) {
    super();
  }
  call(rt: Runtime, args: PyValue[], kwargs: Kwargs): PyValue {
    const d = this.def;
    const kw = kwargs ? new Map(kwargs) : new Map<string, PyValue>();
    const scope = new Scope(this.closure);
    const n = d.params.length;
    let foundCaller = false;
    const given: (PyValue | undefined)[] = args.slice(0, n);
    if (given.length !== n) {
      for (let i = given.length; i < n; i++) {
        const name = d.params[i];
        if (kw.has(name)) {
          given.push(kw.get(name)!);
          kw.delete(name);
        } else given.push(undefined);
        if (name === "caller") foundCaller = true;
      }
    } else foundCaller = this.explicitCaller;
    if (d.callerUsed && !foundCaller) {
      const c = kw.get("caller");
      kw.delete("caller");
      scope.set("caller", c ?? new PyUndefined("caller", "No caller defined"));
    }
    if (d.catchKwargs) scope.set("kwargs", PyDict.fromEntries(kw));
    else if (kw.size) {
      if (kw.has("caller"))
        throw typeError(`macro '${d.name}' was invoked with two values for the special 'caller' argument. This is most likely a bug.`);
      throw typeError(`macro '${d.name}' takes no keyword argument '${kw.keys().next().value}'`);
    }
    if (d.catchVarargs) scope.set("varargs", new PyTuple(args.slice(n)));
    else if (args.length > n) throw typeError(`macro '${d.name}' takes not more than ${n} argument(s)`);
    const firstDefault = n - d.defaults.length;
    for (let i = 0; i < n; i++) {
      let v = given[i];
      if (v === undefined) {
        if (i >= firstDefault) v = this.interp.ev(d.defaults[i - firstDefault], scope);
        else v = new PyUndefined(d.params[i], `parameter '${d.params[i]}' was not provided`);
      }
      scope.set(d.params[i], v);
    }
    rt.enter();
    try {
      const out = new Out();
      this.interp.exec(d.body, scope, out);
      return out.text();
    } finally {
      rt.leave();
    }
  }
}

const EMPTY_ARGS: CallArgs = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
/** The arguments of a filter or test called without any: shared, so frozen (none keeps or changes its arguments). */
const NO_ARGS = Object.freeze([]) as unknown as PyValue[];

// ------------------------------------------------------------------ attribute / item access

// apart from loopOrObjectAttr, whose every call would allocate the context of closures over `obj`
function cyclerNext(obj: PyCycler): BoundNative {
  return new BoundNative(obj, "next", () => {
    const v = obj.items[obj.pos];
    obj.pos = (obj.pos + 1) % obj.items.length;
    return v;
  });
}

function cyclerReset(obj: PyCycler): BoundNative {
  return new BoundNative(obj, "reset", () => {
    obj.pos = 0;
    return null;
  });
}

function loopOrObjectAttr(obj: PyObject, name: string): PyValue | undefined {
  if (obj instanceof PyLoop) return obj.attr(name);
  if (obj instanceof PyNamespace) return obj.attrs.has(name) ? obj.attrs.get(name) : undefined;
  if (obj instanceof PyCycler) {
    if (name === "current") return obj.items[obj.pos];
    if (name === "items") return new PyTuple(obj.items);
    if (name === "next") return cyclerNext(obj);
    if (name === "reset") return cyclerReset(obj);
    return undefined;
  }
  if (obj instanceof PyMacro) {
    const d = obj.def;
    switch (name) {
      case "name":
        return d.name;
      case "arguments":
        return new PyTuple(d.params);
      case "catch_kwargs":
        return d.catchKwargs;
      case "catch_varargs":
        return d.catchVarargs;
      case "caller":
        return d.callerUsed;
    }
    return undefined;
  }
  return undefined;
}

/** Python's getattr(obj, name) restricted to the allow-list; undefined when Python raises AttributeError. */
export function pyGetattr(obj: PyValue, name: string): PyValue | undefined {
  if (name.startsWith("_")) return undefined;
  if (obj instanceof PyObject) {
    const v = loopOrObjectAttr(obj, name);
    if (v !== undefined) return v;
  }
  if (obj instanceof PyFloat) {
    if (name === "real") return obj;
    if (name === "imag") return new PyFloat(0);
  } else if (typeof obj === "number" || typeof obj === "boolean") {
    if (name === "real" || name === "numerator") return Number(obj);
    if (name === "imag") return 0;
    if (name === "denominator") return 1;
  } else if (obj instanceof PyRange) {
    if (name === "start" || name === "stop" || name === "step") return obj[name];
  } else if (obj instanceof GroupTuple) {
    if (name === "grouper") return obj.items[0];
    if (name === "list") return obj.items[1];
  }
  return getMethod(obj, name);
}

const NO_ITEM = Symbol("no item");

/** Python's obj[key]; NO_ITEM where Python raises LookupError / TypeError (Jinja then tries getattr). */
function pyGetitemRaw(obj: PyValue, key: PyValue): PyValue | typeof NO_ITEM {
  if (obj instanceof PyDict) {
    if (Array.isArray(key) || key instanceof PyDict || key instanceof PyObject || key instanceof PyUndefined) return NO_ITEM;
    const v = obj.get(key);
    return v === undefined ? NO_ITEM : v;
  }
  if ((key as unknown) instanceof SliceValue) {
    const s = key as unknown as SliceValue;
    try {
      return sliceValue(obj, s.start, s.stop, s.step);
    } catch (e) {
      if (e instanceof PyError && e.pyClass === "TypeError") return NO_ITEM;
      throw e;
    }
  }
  if (typeof key === "number" || typeof key === "boolean") {
    const k = Number(key);
    if (Array.isArray(obj)) {
      const i = normIndex(k, obj.length);
      return i >= 0 && i < obj.length ? obj[i] : NO_ITEM;
    }
    if (typeof obj === "string") {
      if (!hasSurrogates(obj)) {
        const i = normIndex(k, obj.length);
        return i >= 0 && i < obj.length ? obj[i] : NO_ITEM;
      }
      const len = pyLen(obj);
      const i = normIndex(k, len);
      if (i < 0 || i >= len) return NO_ITEM;
      return String.fromCodePoint(obj.codePointAt(cpToUtf16(obj, i))!);
    }
    if (obj instanceof PyTuple) {
      const i = normIndex(k, obj.items.length);
      return i >= 0 && i < obj.items.length ? obj.items[i] : NO_ITEM;
    }
    if (obj instanceof PyRange) {
      const i = normIndex(k, obj.length);
      return i >= 0 && i < obj.length ? obj.at(i) : NO_ITEM;
    }
  }
  if (obj instanceof PyUndefined) throw undefinedError(obj);
  return NO_ITEM;
}

/** A slice object as the key of a subscript. */
export class SliceValue {
  constructor(
    readonly start: PyValue,
    readonly stop: PyValue,
    readonly step: PyValue,
  ) {}
}

/** Jinja's environment.getattr: attribute first, then item. */
export function getAttr(obj: PyValue, name: string): PyValue {
  if (obj instanceof PyDict) {
    const m = getMethod(obj, name);
    if (m !== undefined) return m;
    const v = obj.get(name);
    return v === undefined ? missingAttr(obj, name) : v;
  }
  if (obj instanceof PyUndefined) throw undefinedError(obj);
  const a = pyGetattr(obj, name);
  if (a !== undefined) return a;
  const v = pyGetitemRaw(obj, name);
  return v === NO_ITEM ? missingAttr(obj, name) : v;
}

/** Jinja's environment.getitem: item first, then attribute for string keys. */
export function getItem(obj: PyValue, key: PyValue): PyValue {
  const v = pyGetitemRaw(obj, key);
  if (v !== NO_ITEM) return v;
  if (typeof key === "string") {
    const a = pyGetattr(obj, key);
    if (a !== undefined) return a;
  }
  if (key instanceof SliceValue) return missingItem(obj, "slice");
  return missingItem(obj, key);
}

function containsEqual(items: readonly PyValue[], item: PyValue): boolean {
  for (let i = 0; i < items.length; i++) if (pyEq(items[i], item)) return true;
  return false;
}

export function contains(container: PyValue, item: PyValue): boolean {
  if (typeof container === "string") {
    if (typeof item !== "string") throw typeError(`'in <string>' requires string as left operand, not ${typeNameOf(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return containsEqual(container, item);
  if (container instanceof PyDict) {
    if (Array.isArray(item) || item instanceof PyDict) throw typeError(`unhashable type: '${typeNameOf(item)}'`);
    return container.has(item);
  }
  if (container instanceof PyTuple) return containsEqual(container.items, item);
  if (container instanceof PyUndefined) return false;
  if (container instanceof PyRange) {
    if (typeof item !== "number" && typeof item !== "boolean" && !(item instanceof PyFloat)) return false;
    const x = Number(item instanceof PyFloat ? item.value : item);
    if (!Number.isInteger(x)) return false;
    const { start, step, length } = container;
    const i = (x - start) / step;
    return Number.isInteger(i) && i >= 0 && i < length;
  }
  if (container instanceof PyDictView) {
    if (container.kind === "keys") return container.dict.has(item);
    return containsEqual(viewItems(container), item);
  }
  if (container instanceof PyIterator) {
    for (;;) {
      const n = container.next();
      if (n.done) return false;
      if (pyEq(n.value, item)) return true;
    }
  }
  throw typeError(`argument of type '${typeNameOf(container)}' is not iterable`);
}

// ------------------------------------------------------------------ interpreter

export class Interpreter {
  /** values of compile-time folded filters for this render (index = FilterExpr.fold) */
  folded: FoldSlot[] = [];
  /** evaluating a constant expression for folding: names and calls are not constant */
  private constMode = false;

  constructor(readonly rt: Runtime) {}

  // ---------------------------------------------------------------- statements

  render(body: Stmt[], scope: Scope): string {
    const out = new Out();
    this.exec(body, scope, out);
    return out.text();
  }

  exec(body: Stmt[], sc: Scope, out: Out): void {
    const rt = this.rt;
    for (let i = 0; i < body.length; i++) {
      const s = body[i];
      rt.step();
      switch (s.k) {
        case "data":
          this.write(out, s.text);
          break;
        case "output": {
          const v = this.ev(s.expr, sc);
          this.write(out, typeof v === "string" ? v : pyStr(v));
          break;
        }
        case "if": {
          if (truthy(this.ev(s.test, sc))) this.exec(s.body, sc, out);
          else if (s.else_.length) this.exec(s.else_, sc, out);
          break;
        }
        case "for":
          this.execFor(s, sc, out, 0);
          break;
        case "set":
          this.assign(s.target, this.ev(s.expr, sc), sc);
          break;
        case "setblock": {
          const inner = new Out();
          this.exec(s.body, new Scope(sc), inner);
          let v: PyValue = inner.text();
          if (s.filter) v = this.applyFilterChain(s.filter, v, sc);
          this.assign(s.target, v, sc);
          break;
        }
        case "macro":
          sc.set(s.def.name, new PyMacro(s.def, sc, this));
          break;
        case "callblock": {
          const caller = new PyMacro(s.def, sc, this);
          const fn = this.ev(s.call.fn, sc);
          const [args, kwargs] = this.evArgs(s.call, sc);
          const kw = kwargs ?? new Map<string, PyValue>();
          kw.set("caller", caller);
          const v = this.callValue(fn, args, kw);
          this.write(out, pyStr(v));
          break;
        }
        case "filterblock": {
          const inner = new Out();
          this.exec(s.body, new Scope(sc), inner);
          const v = this.applyFilterChain(s.filter, inner.text(), sc);
          this.write(out, pyStr(v));
          break;
        }
        case "with":
          this.execWith(s, sc, out);
          break;
        case "block":
          this.exec(s.body, new Scope(sc), out);
          break;
        case "notfound":
          throw new PyError("TemplateNotFound", s.what);
      }
    }
  }

  private execWith(s: Extract<Stmt, { k: "with" }>, sc: Scope, out: Out): void {
    const inner = new Scope(sc);
    const vals = s.values.map((v) => this.ev(v, sc));
    s.targets.forEach((t, j) => this.assign(t, vals[j], inner));
    this.exec(s.body, inner, out);
  }

  private write(out: Out, s: string): void {
    if (s.length === 0) return;
    this.rt.output(s.length);
    out.push(s);
  }

  /** Applies a filter chain whose innermost node is null (filter blocks, `{% set x | f %}`). */
  private applyFilterChain(f: FilterExpr, value: PyValue, sc: Scope): PyValue {
    const input = f.node === null ? value : this.applyFilterChain(f.node as FilterExpr, value, sc);
    return this.callFilter(f, input, sc);
  }

  private execFor(s: Extract<Stmt, { k: "for" }>, sc: Scope, out: Out, depth0: number, iterable?: PyValue): void {
    const rt = this.rt;
    const src = iterable === undefined ? this.ev(s.iter, sc) : iterable;
    // a list is iterated live (Python sees items appended during the loop); others are snapshots
    const items = Array.isArray(src) ? src : iterate(src);
    const test = s.test === null ? null : this.loopTest(s, s.test, sc);
    const recurse = s.recursive ? this.loopRecursion(s, sc, depth0) : null;
    const loop = new PyLoop(new LoopSource(items, test), depth0, recurse);
    let n = 0;
    for (let x = loop.advance(); x !== MISSING; x = loop.advance()) {
      rt.step();
      const isc = new Scope(sc);
      isc.set("loop", loop);
      this.assign(s.target, x, isc);
      this.exec(s.body, isc, out);
      n++;
    }
    if (n === 0 && s.else_.length) this.exec(s.else_, sc, out);
  }

  // The closures of a loop are made apart from execFor: variables a closure captures live in a
  // context that V8 allocates on every call of the function declaring them, closure made or not.
  private loopTest(s: Extract<Stmt, { k: "for" }>, cond: Expr, sc: Scope): (x: PyValue) => boolean {
    return (x) => {
      this.rt.step();
      const tsc = new Scope(sc);
      this.assign(s.target, x, tsc);
      return truthy(this.ev(cond, tsc));
    };
  }

  private loopRecursion(s: Extract<Stmt, { k: "for" }>, sc: Scope, depth0: number): (it: PyValue) => string {
    return (it) => {
      const o = new Out();
      this.rt.enter();
      try {
        this.execFor(s, sc, o, depth0 + 1, it);
      } finally {
        this.rt.leave();
      }
      return o.text();
    };
  }

  assign(target: Expr, value: PyValue, sc: Scope): void {
    if (target.k === "name") {
      sc.set(target.name, value);
      return;
    }
    if (target.k === "tuple") {
      const items = iterate(value);
      const n = target.items.length;
      if (items.length < n) throw new PyError("ValueError", `not enough values to unpack (expected ${n}, got ${items.length})`);
      if (items.length > n) throw new PyError("ValueError", `too many values to unpack (expected ${n})`);
      for (let i = 0; i < n; i++) this.assign(target.items[i], items[i], sc);
      return;
    }
    if (target.k === "nsref") {
      const ns = sc.lookup(target.name);
      if (!(ns instanceof PyNamespace)) throw new PyError("TemplateRuntimeError", "cannot assign attribute on non-namespace object");
      ns.attrs.set(target.attr, value);
      return;
    }
    throw new PyError("TemplateRuntimeError", "cannot assign");
  }

  // ---------------------------------------------------------------- expressions

  /**
   * Dispatches to one small method per kind of expression, so that a kind met late (a template
   * using it) reoptimises its own method rather than all of `ev`. No closure may be written in
   * `ev`: one arrow here over `sc` (the `tuple` case's `map`) made V8 allocate a context on every
   * evaluation, 1.4 KB an apply (README, "Speed").
   */
  ev(e: Expr, sc: Scope): PyValue {
    switch (e.k) {
      case "const":
        return e.v;
      case "name":
        return this.evName(e, sc);
      case "getattr":
        return getAttr(this.ev(e.obj, sc), e.attr);
      case "getitem":
        return this.evGetitem(e, sc);
      case "filter":
        return this.evFilter(e, sc);
      case "call":
        return this.evCall(e, sc);
      case "bin":
        return this.evBin(e, sc);
      case "and":
        return this.evAnd(e, sc);
      case "or":
        return this.evOr(e, sc);
      case "not":
        return !truthy(this.ev(e.x, sc));
      case "neg":
        return pyNeg(this.ev(e.x, sc));
      case "pos":
        return pyPos(this.ev(e.x, sc));
      case "concat":
        return this.evConcat(e, sc);
      case "compare":
        return this.evCompare(e, sc);
      case "cond":
        return this.evCond(e, sc);
      case "list":
        return this.evList(e, sc);
      case "tuple":
        return new PyTuple(this.evList(e, sc) as PyValue[]);
      case "dict":
        return this.evDict(e, sc);
      case "test":
        return this.callTest(e.name, this.ev(e.node, sc), e, sc);
      case "slice":
        return new SliceValue(this.evOpt(e.start, sc), this.evOpt(e.stop, sc), this.evOpt(e.step, sc)) as unknown as PyValue;
      case "nsref":
        throw new PyError("TemplateRuntimeError", "namespace reference outside of an assignment");
    }
    throw new PyError("TemplateRuntimeError", "unknown expression");
  }

  private evName(e: ExprOf<"name">, sc: Scope): PyValue {
    if (this.constMode) throw new Impossible();
    const v = sc.lookup(e.name);
    return v === undefined ? new PyUndefined(e.name) : v;
  }

  private evGetitem(e: ExprOf<"getitem">, sc: Scope): PyValue {
    const obj = this.ev(e.obj, sc);
    const k = e.key;
    if (k.k === "slice") {
      // Jinja compiles a slice to a plain Python subscript (no getitem fallback): errors propagate
      const a = this.evOpt(k.start, sc);
      const b = this.evOpt(k.stop, sc);
      const c = this.evOpt(k.step, sc);
      if (obj instanceof PyDict) throw typeError("unhashable type: 'slice'");
      return sliceValue(obj, a, b, c);
    }
    const key = this.ev(k, sc);
    if (typeof key === "number" && typeof obj === "string" && !hasSurrogates(obj)) {
      const i = key < 0 ? key + obj.length : key;
      if (i >= 0 && i < obj.length) return obj[i];
    }
    return getItem(obj, key);
  }

  private evFilter(e: FilterExpr, sc: Scope): PyValue {
    if (e.fold >= 0) {
      const f = this.folded[e.fold];
      if (f !== NOT_FOLDED && f !== undefined) return freshConst(f);
      if (this.constMode) throw new Impossible();
    }
    return this.callFilter(e, e.node === null ? null : this.ev(e.node, sc), sc);
  }

  private evCall(e: ExprOf<"call">, sc: Scope): PyValue {
    if (this.constMode) throw new Impossible();
    const fn = this.ev(e.fn, sc);
    const [args, kwargs] = this.evArgs(e, sc);
    return this.callValue(fn, args, kwargs);
  }

  private evBin(e: ExprOf<"bin">, sc: Scope): PyValue {
    const l = this.ev(e.l, sc);
    const r = this.ev(e.r, sc);
    switch (e.op) {
      case "+":
        return pyAdd(l, r);
      case "-":
        return pySub(l, r);
      case "*":
        return pyMul(l, r);
      case "/":
        return pyTrueDiv(l, r);
      case "//":
        return pyFloorDiv(l, r);
      case "%":
        return pyMod(l, r);
      case "**":
        return pyPow(l, r);
    }
    throw new PyError("TemplateRuntimeError", "unknown expression");
  }

  private evAnd(e: ExprOf<"and">, sc: Scope): PyValue {
    const l = this.ev(e.l, sc);
    return truthy(l) ? this.ev(e.r, sc) : l;
  }

  private evOr(e: ExprOf<"or">, sc: Scope): PyValue {
    const l = this.ev(e.l, sc);
    return truthy(l) ? l : this.ev(e.r, sc);
  }

  private evConcat(e: ExprOf<"concat">, sc: Scope): PyValue {
    let s = "";
    for (const x of e.items) {
      const v = this.ev(x, sc);
      s += typeof v === "string" ? v : pyStr(v);
      if (s.length > this.rt.maxSize) checkSize(s.length);
    }
    return s;
  }

  private evCompare(e: ExprOf<"compare">, sc: Scope): PyValue {
    let l = this.ev(e.first, sc);
    for (const [op, x] of e.ops) {
      const r = this.ev(x, sc);
      let ok: boolean;
      switch (op) {
        case "eq":
          ok = pyEq(l, r);
          break;
        case "ne":
          ok = !pyEq(l, r);
          break;
        case "in":
          ok = contains(r, l);
          break;
        case "notin":
          ok = !contains(r, l);
          break;
        case "lt":
          ok = pyCompare(l, r, op) < 0;
          break;
        case "lteq":
          ok = pyCompare(l, r, op) <= 0;
          break;
        case "gt":
          ok = pyCompare(l, r, op) > 0;
          break;
        default:
          ok = pyCompare(l, r, op) >= 0;
      }
      if (!ok) return false;
      l = r;
    }
    return true;
  }

  private evCond(e: ExprOf<"cond">, sc: Scope): PyValue {
    if (truthy(this.ev(e.test, sc))) return this.ev(e.a, sc);
    if (e.b === null) {
      if (this.constMode) throw new Impossible();
      return new PyUndefined(null, "the inline if-expression on line " + e.line + " evaluated to false and no else section was defined.");
    }
    return this.ev(e.b, sc);
  }

  private evList(e: ExprOf<"list"> | ExprOf<"tuple">, sc: Scope): PyValue {
    const out = new Array<PyValue>(e.items.length);
    for (let i = 0; i < e.items.length; i++) out[i] = this.ev(e.items[i], sc);
    return out;
  }

  private evDict(e: ExprOf<"dict">, sc: Scope): PyValue {
    const d = new PyDict();
    for (const [k, v] of e.pairs) d.set(this.ev(k, sc), this.ev(v, sc));
    return d;
  }

  private evOpt(e: Expr | null, sc: Scope): PyValue {
    return e === null ? null : this.ev(e, sc);
  }

  evArgs(c: CallArgs, sc: Scope): [PyValue[], Kwargs] {
    const args: PyValue[] = new Array(c.args.length);
    for (let i = 0; i < c.args.length; i++) args[i] = this.ev(c.args[i], sc);
    let kwargs: Kwargs = null;
    if (c.kwargs.length) {
      kwargs = new Map();
      for (const [k, v] of c.kwargs) kwargs.set(k, this.ev(v, sc));
    }
    if (c.dynArgs) args.push(...iterate(this.ev(c.dynArgs, sc)));
    if (c.dynKwargs) {
      const d = this.ev(c.dynKwargs, sc);
      if (!(d instanceof PyDict)) throw typeError(`argument after ** must be a mapping, not ${typeNameOf(d)}`);
      kwargs ??= new Map();
      for (const [k, v] of d.entries()) {
        if (typeof k !== "string") throw typeError("keywords must be strings");
        kwargs.set(k, v);
      }
    }
    return [args, kwargs];
  }

  callValue(fn: PyValue, args: PyValue[], kwargs: Kwargs): PyValue {
    if (fn instanceof PyCallable) {
      this.rt.step();
      return fn.call(this.rt, args, kwargs);
    }
    if (fn instanceof PyUndefined) throw undefinedError(fn);
    throw typeError(`'${typeNameOf(fn)}' object is not callable`);
  }

  callFilter(e: FilterExpr, input: PyValue, sc: Scope): PyValue {
    // fast paths for the filters PromptSource's rewrite puts on every `}}`: `string`, `truncate(N)`
    let fast = e.fast;
    if (fast === undefined) fast = e.fast = fastFilterKind(e);
    if (fast === FAST_STRING) return typeof input === "string" ? input : pyStr(input);
    if (fast === FAST_TRUNCATE && typeof input === "string") {
      this.rt.step();
      const length = (e.args[0] as { v: number }).v;
      if (length === PROMPTSOURCE_TRUNCATE && this.rt.rowCuts !== null) {
        const cut = this.rt.rowCuts.get(input);
        if (cut !== undefined) return cut;
      }
      return truncateStr(input, length, TRUNCATE_END, TRUNCATE_LEEWAY, false);
    }
    const f = FILTERS[e.name];
    if (f === undefined) throw new PyError("TemplateRuntimeError", `No filter named '${e.name}' found.`);
    if (this.constMode && f.context) throw new Impossible();
    if (!e.args.length && !e.kwargs.length && !e.dynArgs && !e.dynKwargs) {
      this.rt.step();
      return f.fn(this, input, NO_ARGS, null);
    }
    const [args, kwargs] = this.evArgs(e, sc);
    this.rt.step();
    return f.fn(this, input, args, kwargs);
  }

  /** Applies filter `name` by name (for map('lower')). */
  filterByName(name: string, input: PyValue, args: PyValue[], kwargs: Kwargs): PyValue {
    const f = FILTERS[name];
    if (f === undefined) throw new PyError("TemplateRuntimeError", `No filter named '${name}' found.`);
    this.rt.step();
    return f.fn(this, input, args, kwargs);
  }

  testByName(name: string, input: PyValue, args: PyValue[], kwargs: Kwargs): boolean {
    const t = TESTS[name];
    if (t === undefined) throw new PyError("TemplateRuntimeError", `No test named '${name}' found.`);
    this.rt.step();
    return t(this, input, args, kwargs);
  }

  private callTest(name: string, input: PyValue, c: CallArgs, sc: Scope): PyValue {
    const t = TESTS[name];
    if (t === undefined) throw new PyError("TemplateRuntimeError", `No test named '${name}' found.`);
    if (c === EMPTY_ARGS || (!c.args.length && !c.kwargs.length && !c.dynArgs && !c.dynKwargs)) {
      this.rt.step();
      return t(this, input, NO_ARGS, null);
    }
    const [args, kwargs] = this.evArgs(c, sc);
    this.rt.step();
    return t(this, input, args, kwargs);
  }

  // ---------------------------------------------------------------- compile-time folding

  /** Evaluates folded filter `f` as Jinja's optimizer would; NOT_FOLDED if it is not constant. */
  foldOne(f: FilterExpr, sc: Scope): FoldSlot {
    const saved = this.constMode;
    this.constMode = true;
    try {
      const input = f.node === null ? null : this.ev(f.node, sc);
      const v = this.callFilter(f, input, sc);
      return hasSafeRepr(v) ? v : NOT_FOLDED;
    } catch (e) {
      if (e instanceof PyError && e.pyClass === "RenderLimitError") throw e;
      return NOT_FOLDED;
    } finally {
      this.constMode = saved;
    }
  }
}

const FAST_NONE = 0;
const FAST_STRING = 1;
const FAST_TRUNCATE = 2;

function fastFilterKind(e: FilterExpr): number {
  if (e.kwargs.length || e.dynArgs || e.dynKwargs || !(e.name in FILTERS)) return FAST_NONE;
  if (e.name === "string" && e.args.length === 0) return FAST_STRING;
  if (e.name === "truncate" && e.args.length === 1) {
    const a = e.args[0];
    if (a.k === "const" && typeof a.v === "number" && a.v >= 3) return FAST_TRUNCATE;
  }
  return FAST_NONE;
}

/** Jinja's has_safe_repr: the values a Const node can hold. */
function hasSafeRepr(v: PyValue): boolean {
  if (v === null || typeof v === "boolean" || typeof v === "number" || typeof v === "string" || v instanceof PyFloat) return true;
  if (Array.isArray(v)) return v.every(hasSafeRepr);
  if (v instanceof PyTuple) return v.items.every(hasSafeRepr);
  if (v instanceof PyDict) {
    for (const [k, x] of v.entries()) if (!hasSafeRepr(k) || !hasSafeRepr(x)) return false;
    return true;
  }
  return false;
}

/** A Const node's value is rebuilt from its repr at every evaluation: lists and dicts are fresh. */
function freshConst(v: PyValue): PyValue {
  if (Array.isArray(v)) return v.map(freshConst);
  if (v instanceof PyDict) return PyDict.fromEntries([...v.entries()].map(([k, x]) => [k, freshConst(x)] as const));
  return v;
}

export { EMPTY_ARGS, Out, pyRepr, strRepr, charAt, pyLenOf };
