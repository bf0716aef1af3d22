/**
 * Python values as the renderer sees them. Templates are evaluated with Python's value
 * semantics, so the JavaScript representation keeps every distinction Python prints:
 *
 * | Python      | here                                   |
 * |-------------|----------------------------------------|
 * | None        | null                                   |
 * | bool        | boolean                                |
 * | int         | number (an integer; ints past 2**53 lose precision, none occur in templates) |
 * | float       | PyFloat (so that `3.0` prints as `3.0`, not `3`) |
 * | str         | string (indexes and lengths count code points, see py-str helpers) |
 * | list        | PyValue[] (mutable, as `.append` needs)  |
 * | tuple       | PyTuple                                |
 * | dict        | PyDict (insertion-ordered, int and str keys kept apart) |
 * | Undefined   | PyUndefined (Jinja's lenient default Undefined) |
 *
 * Other runtime objects (bound methods, loop, namespace, cycler, macros) are classes of the
 * interpreter that extend PyObject. No JavaScript function or host object is ever a PyValue:
 * templates reach only these shapes.
 */

export class PyFloat {
  constructor(readonly value: number) {}
}

export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

/** Runtime objects of the interpreter (loop, namespace, bound method, macro, ...). */
export abstract class PyObject {
  /** Python's type name, for error messages and `str()` fallbacks. */
  abstract readonly typeName: string;
}

export class PyUndefined {
  /** `name` is the variable, attribute or key that was missing; `owner` what it was read from. */
  constructor(
    readonly name: string | null = null,
    readonly hint: string | null = null,
  ) {}
}

export type DictKey = string | number | symbol;

/** An insertion-ordered dict. Keys that Python treats as equal (1, 1.0, True) share one slot. */
export class PyDict {
  private readonly slots = new Map<DictKey, [PyValue, PyValue]>();

  static fromEntries(entries: Iterable<readonly [PyValue, PyValue]>): PyDict {
    const d = new PyDict();
    for (const [k, v] of entries) d.set(k, v);
    return d;
  }

  get size(): number {
    return this.slots.size;
  }
  has(key: PyValue): boolean {
    return this.slots.has(dictKeyOf(key));
  }
  get(key: PyValue): PyValue | undefined {
    return this.slots.get(dictKeyOf(key))?.[1];
  }
  set(key: PyValue, value: PyValue): void {
    const k = dictKeyOf(key);
    const slot = this.slots.get(k);
    // Python keeps the first key object and its position when a key is reassigned.
    if (slot) slot[1] = value;
    else this.slots.set(k, [key, value]);
  }
  delete(key: PyValue): boolean {
    return this.slots.delete(dictKeyOf(key));
  }
  clear(): void {
    this.slots.clear();
  }
  *keys(): IterableIterator<PyValue> {
    for (const [k] of this.slots.values()) yield k;
  }
  *values(): IterableIterator<PyValue> {
    for (const [, v] of this.slots.values()) yield v;
  }
  *entries(): IterableIterator<[PyValue, PyValue]> {
    for (const [k, v] of this.slots.values()) yield [k, v];
  }
  /** The entries without copying (a native iterator, for hot paths); do not modify them. */
  entriesView(): IterableIterator<readonly [PyValue, PyValue]> {
    return this.slots.values();
  }
}

const NONE_KEY = Symbol("None");

/** The Map key of a Python dict key: equal Python keys give equal Map keys. */
export function dictKeyOf(key: PyValue): DictKey {
  if (typeof key === "string" || typeof key === "number") return key;
  if (key === null) return NONE_KEY;
  if (typeof key === "boolean") return key ? 1 : 0;
  if (key instanceof PyFloat) return key.value;
  if (key instanceof PyTuple) return "\u0000tuple:" + key.items.map((k) => String(dictKeyOf(k))).join("\u0000");
  throw new PyError("TypeError", `unhashable type: '${typeNameOf(key)}'`);
}

export type PyValue =
  | null
  | boolean
  | number
  | string
  | PyFloat
  | PyTuple
  | PyDict
  | PyUndefined
  | PyObject
  | PyValue[];

/** An exception as Python would raise it; records print it as `${pyClass}: ${message}`. */
export class PyError extends Error {
  constructor(
    readonly pyClass: string,
    message: string,
  ) {
    super(message);
    this.name = "PyError";
  }
}

export function typeNameOf(v: PyValue): string {
  if (v === null) return "NoneType";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "int";
  if (typeof v === "string") return "str";
  if (v instanceof PyFloat) return "float";
  if (v instanceof PyTuple) return "tuple";
  if (v instanceof PyDict) return "dict";
  if (v instanceof PyUndefined) return "Undefined";
  if (Array.isArray(v)) return "list";
  return v.typeName;
}
