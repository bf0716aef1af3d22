/**
 * Runtime objects a template can hold besides plain data: ranges, iterators, dict views, bound
 * methods, builtins, namespaces, cyclers, joiners, loops and macros. Each is a PyObject with a
 * Python type name; a template reaches their behaviour only through the interpreter's fixed
 * attribute tables, never through JavaScript properties.
 */
import { PyDict, PyObject, PyTuple, type PyValue } from "./values";
import type { Runtime } from "./runtime";

export type Kwargs = Map<string, PyValue> | null;

export abstract class PyCallable extends PyObject {
  abstract call(rt: Runtime, args: PyValue[], kwargs: Kwargs): PyValue;
}

export type NativeImpl = (rt: Runtime, args: PyValue[], kwargs: Kwargs) => PyValue;

/** A method bound to its receiver, e.g. `'a b'.split`. */
export class PyBoundMethod extends PyCallable {
  readonly typeName = "builtin_function_or_method";
  constructor(
    readonly self: PyValue,
    readonly name: string,
    private readonly impl: (rt: Runtime, self: PyValue, args: PyValue[], kwargs: Kwargs) => PyValue,
  ) {
    super();
  }
  call(rt: Runtime, args: PyValue[], kwargs: Kwargs): PyValue {
    return this.impl(rt, this.self, args, kwargs);
  }
}

/** A global function (range, dict, zip, cycler, joiner, namespace). */
export class PyBuiltin extends PyCallable {
  readonly typeName: string;
  constructor(
    readonly name: string,
    private readonly impl: NativeImpl,
    typeName = "builtin_function_or_method",
  ) {
    super();
    this.typeName = typeName;
  }
  call(rt: Runtime, args: PyValue[], kwargs: Kwargs): PyValue {
    return this.impl(rt, args, kwargs);
  }
}

export class PyRange extends PyObject {
  readonly typeName = "range";
  readonly length: number;
  constructor(
    readonly start: number,
    readonly stop: number,
    readonly step: number,
  ) {
    super();
    const n = step > 0 ? Math.ceil((stop - start) / step) : Math.ceil((start - stop) / -step);
    this.length = Math.max(0, n);
  }
  at(i: number): number {
    return this.start + i * this.step;
  }
}

/** A one-shot iterator (generator, zip, reversed, dict iterator): consumed by iteration. */
export class PyIterator extends PyObject {
  private pos = 0;
  constructor(
    readonly typeName: string,
    private readonly items: PyValue[],
  ) {
    super();
  }
  /** The remaining items; the iterator is exhausted afterwards. */
  drain(): PyValue[] {
    const rest = this.pos === 0 ? this.items : this.items.slice(this.pos);
    this.pos = this.items.length;
    return rest;
  }
  next(): { done: boolean; value: PyValue } {
    if (this.pos >= this.items.length) return { done: true, value: null };
    return { done: false, value: this.items[this.pos++] };
  }
}

/** dict.keys() / values() / items(): a live view of the dict. */
export class PyDictView extends PyObject {
  readonly typeName: string;
  constructor(
    readonly dict: PyDict,
    readonly kind: "keys" | "values" | "items",
  ) {
    super();
    this.typeName = "dict_" + kind;
  }
}

export class PyNamespace extends PyObject {
  readonly typeName = "Namespace";
  constructor(readonly attrs: PyDict) {
    super();
  }
}

export class PyCycler extends PyObject {
  readonly typeName = "Cycler";
  pos = 0;
  constructor(readonly items: PyValue[]) {
    super();
  }
}

export class PyJoiner extends PyCallable {
  readonly typeName = "Joiner";
  private used = false;
  constructor(readonly sep: string) {
    super();
  }
  call(): PyValue {
    if (!this.used) {
      this.used = true;
      return "";
    }
    return this.sep;
  }
}

/** The (grouper, list) items of the groupby filter: a tuple with two named fields. */
export class GroupTuple extends PyTuple {}
