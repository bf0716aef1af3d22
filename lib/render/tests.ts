/** Jinja2 3.1's built-in tests (jinja2/tests.py), used by `x is name` and select/reject. */
import { bind, optInt } from "./args";
import type { Interpreter } from "./interpreter";
import { contains } from "./interpreter";
import { isCallable, isIterable, numOf, pyCompare, pyEq, pyLenOf, pyMod, pyStr, truthy, typeError } from "./py-ops";
import { pyIsLower, pyIsUpper } from "./py-str";
import { PyIterator, PyRange, PyDictView, type Kwargs } from "./runtime-objects";
import { FILTERS } from "./filters";
import { PyDict, PyFloat, PyTuple, PyUndefined, type PyValue } from "./values";

export type TestFn = (it: Interpreter, value: PyValue, args: PyValue[], kwargs: Kwargs) => boolean;

function one(name: string, args: PyValue[], kwargs: Kwargs, param = "other"): PyValue {
  return bind(name, args, kwargs, [param], 1)[0]!;
}

function cmp(op: string): TestFn {
  return (_it, v, a, k) => {
    const o = one(op, a, k);
    const c = pyCompare(v, o, op);
    switch (op) {
      case "lt":
        return c < 0;
      case "le":
        return c <= 0;
      case "gt":
        return c > 0;
      default:
        return c >= 0;
    }
  };
}

const eq: TestFn = (_it, v, a, k) => pyEq(v, one("eq", a, k));
const ne: TestFn = (_it, v, a, k) => !pyEq(v, one("ne", a, k));

function isSequence(v: PyValue): boolean {
  return (
    typeof v === "string" || Array.isArray(v) || v instanceof PyTuple || v instanceof PyDict || v instanceof PyRange ||
    v instanceof PyUndefined
  );
}

export const TESTS: Record<string, TestFn> = Object.assign(Object.create(null) as Record<string, TestFn>, {
  odd: (_it, v) => {
    const r = pyMod(v, 2);
    return pyEq(r, 1);
  },
  even: (_it, v) => pyEq(pyMod(v, 2), 0),
  divisibleby: (_it, v, a, k) => pyEq(pyMod(v, one("divisibleby", a, k, "num")), 0),
  defined: (_it, v) => !(v instanceof PyUndefined),
  undefined: (_it, v) => v instanceof PyUndefined,
  none: (_it, v) => v === null,
  boolean: (_it, v) => typeof v === "boolean",
  false: (_it, v) => v === false,
  true: (_it, v) => v === true,
  integer: (_it, v) => typeof v === "number",
  float: (_it, v) => v instanceof PyFloat,
  lower: (_it, v) => pyIsLower(pyStr(v)),
  upper: (_it, v) => pyIsUpper(pyStr(v)),
  string: (_it, v) => typeof v === "string",
  mapping: (_it, v) => v instanceof PyDict,
  number: (_it, v) => numOf(v) !== undefined,
  sequence: (_it, v) => isSequence(v),
  iterable: (_it, v) => isIterable(v) || v instanceof PyDictView || v instanceof PyIterator,
  callable: (_it, v) => isCallable(v),
  sameas: (_it, v, a, k) => {
    const o = one("sameas", a, k);
    if (v instanceof PyFloat && o instanceof PyFloat) return v === o;
    return v === o;
  },
  escaped: () => false,
  in: (_it, v, a, k) => contains(one("in", a, k, "seq"), v),
  filter: (_it, v) => typeof v === "string" && v in FILTERS,
  test: (_it, v) => typeof v === "string" && v in TESTS,
  eq,
  equalto: eq,
  "==": eq,
  ne,
  "!=": ne,
  lt: cmp("lt"),
  lessthan: cmp("lt"),
  "<": cmp("lt"),
  le: cmp("le"),
  "<=": cmp("le"),
  gt: cmp("gt"),
  greaterthan: cmp("gt"),
  ">": cmp("gt"),
  ge: cmp("ge"),
  ">=": cmp("ge"),
} satisfies Record<string, TestFn>);

export { truthy, pyLenOf, optInt, typeError };
