/**
 * Global functions of a plain Jinja2 Environment (range, dict, cycler, joiner, namespace) plus
 * PromptSource's `zip`. `lipsum` is left out: it is not used by PromptSource templates.
 */
import { bind } from "./args";
import { dictUpdate } from "./methods";
import { iterate, pyStr, typeError } from "./py-ops";
import { PyBuiltin, PyCycler, PyIterator, PyJoiner, PyNamespace, PyRange } from "./runtime-objects";
import { PyDict, PyError, PyTuple, typeNameOf, type PyValue } from "./values";

function intArg(v: PyValue): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  throw typeError(`'${typeNameOf(v)}' object cannot be interpreted as an integer`);
}

export const GLOBALS: ReadonlyMap<string, PyValue> = new Map<string, PyValue>([
  [
    "range",
    new PyBuiltin("range", (_rt, args, kw) => {
      if (kw && kw.size) throw typeError("range() takes no keyword arguments");
      if (args.length === 0 || args.length > 3) throw typeError(`range expected at least 1 argument, got ${args.length}`);
      const n = args.map(intArg);
      const [start, stop, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? 1];
      if (step === 0) throw new PyError("ValueError", "range() arg 3 must not be zero");
      return new PyRange(start, stop, step);
    }, "type"),
  ],
  [
    "dict",
    new PyBuiltin("dict", (_rt, args, kw) => {
      if (args.length > 1) throw typeError(`dict expected at most 1 argument, got ${args.length}`);
      const d = new PyDict();
      dictUpdate(d, args[0], kw);
      return d;
    }, "type"),
  ],
  [
    "cycler",
    new PyBuiltin("cycler", (_rt, args) => {
      if (!args.length) throw new PyError("RuntimeError", "at least one item has to be provided");
      return new PyCycler(args);
    }, "type"),
  ],
  [
    "joiner",
    new PyBuiltin("joiner", (_rt, args, kw) => {
      const [sep] = bind("joiner", args, kw, ["sep"]);
      return new PyJoiner(sep === undefined ? ", " : pyStr(sep));
    }, "type"),
  ],
  [
    "namespace",
    new PyBuiltin("namespace", (_rt, args, kw) => {
      const d = new PyDict();
      if (args.length > 1) throw typeError(`dict expected at most 1 argument, got ${args.length}`);
      dictUpdate(d, args[0], kw);
      return new PyNamespace(d);
    }, "type"),
  ],
  [
    "zip",
    new PyBuiltin("zip", (rt, args, kw) => {
      if (kw && kw.size) throw typeError("zip() takes no keyword arguments");
      const seqs = args.map((a, i) => {
        try {
          return iterate(a);
        } catch (e) {
          if (e instanceof PyError && e.pyClass === "TypeError")
            throw typeError(`'${typeNameOf(a)}' object is not iterable`.replace(/^/, "") + ` (zip argument #${i + 1})`);
          throw e;
        }
      });
      const n = seqs.length ? Math.min(...seqs.map((s) => s.length)) : 0;
      rt.step(n);
      const out: PyValue[] = [];
      for (let i = 0; i < n; i++) out.push(new PyTuple(seqs.map((s) => s[i])));
      return new PyIterator("zip", out);
    }, "type"),
  ],
]);
