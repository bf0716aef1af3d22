/** Binding of Python-style positional and keyword arguments for builtins, filters and methods. */
import { typeError } from "./py-ops";
import type { Kwargs } from "./runtime-objects";
import { PyUndefined, type PyValue } from "./values";

/**
 * Binds `args`/`kwargs` to `names`; the first `required` names must be given. Missing optional
 * arguments are `undefined` in the result, which may be shorter than `names`: read it by
 * destructuring or by index, and do not change it (without keywords it is `args` itself).
 */
export function bind(fname: string, args: PyValue[], kwargs: Kwargs, names: readonly string[], required = 0): readonly (PyValue | undefined)[] {
  if (args.length > names.length)
    throw typeError(`${fname}() takes at most ${names.length} argument${names.length === 1 ? "" : "s"} (${args.length} given)`);
  // PromptSource appends `| truncate(n)` to every `{{ }}`: most calls are positional only, and
  // a bound copy of their arguments was 2% of what a render allocated
  if (kwargs === null || kwargs.size === 0) {
    if (args.length < required) throw typeError(`${fname}() missing required argument: '${names[args.length]}'`);
    return args;
  }
  // a new array of the names' length (not a copy of args lengthened: setting length is a slow builtin)
  const out: (PyValue | undefined)[] = new Array(names.length);
  for (let i = 0; i < args.length; i++) out[i] = args[i];
  if (kwargs) {
    for (const [k, v] of kwargs) {
      const i = names.indexOf(k);
      if (i < 0) throw typeError(`${fname}() got an unexpected keyword argument '${k}'`);
      if (i < args.length) throw typeError(`${fname}() got multiple values for argument '${k}'`);
      out[i] = v;
    }
  }
  for (let i = 0; i < required; i++)
    if (out[i] === undefined) throw typeError(`${fname}() missing required argument: '${names[i]}'`);
  return out;
}

export function optInt(v: PyValue | undefined, fname: string, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof PyUndefined) return dflt;
  throw typeError(`'${fname}' argument must be int`);
}

export function argStr(v: PyValue | undefined, what: string): string {
  if (typeof v === "string") return v;
  // CPython names None itself in these messages ("must be str, not None")
  throw typeError(`${what} must be str, not ${v === undefined ? "nothing" : v === null ? "None" : typeNameOfLoose(v)}`);
}

function typeNameOfLoose(v: PyValue): string {
  if (v === null) return "NoneType";
  if (typeof v === "number") return "int";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "list";
  return (v as { typeName?: string }).typeName ?? (v as object).constructor.name.replace(/^Py/, "").toLowerCase();
}
