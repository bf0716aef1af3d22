/**
 * Hugging Face `features` (the JSON `datasets` writes in dataset_info): inferred from rows,
 * merged with a dataset's existing features, and ClassLabel columns applied to rows.
 *
 * Shapes: `{"_type": "Value", "dtype": "string" | "int64" | "float64" | "bool" | "null"}`,
 * `{"_type": "ClassLabel", "names": [...]}`, `{"_type": "List", "feature": F}` (older files:
 * "Sequence"; a Sequence of dicts is a dict of lists), and a plain object of sub-features.
 * Inference follows `datasets`: one type per column; int and float mix to float64; null fits
 * anything; an empty list or an all-null column is `Value("null")` until a value says more.
 */
import { validationError } from "@/lib/errors";
import { PyDict, PyFloat, PyTuple, type PyValue } from "@/lib/render/values";

export type Feature = ValueFeature | ClassLabelFeature | ListFeature | Features;
export interface ValueFeature {
  _type: "Value";
  dtype: string;
}
export interface ClassLabelFeature {
  _type: "ClassLabel";
  names: string[];
}
export interface ListFeature {
  _type: "List" | "Sequence" | "LargeList";
  feature: Feature;
}
export interface Features {
  [column: string]: Feature;
}

const NULL: ValueFeature = { _type: "Value", dtype: "null" };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function typeOf(f: unknown): unknown {
  return isObject(f) ? f._type : undefined;
}
export function isValue(f: Feature): f is ValueFeature {
  return typeOf(f) === "Value";
}
export function isClassLabel(f: Feature | undefined): f is ClassLabelFeature {
  return typeOf(f) === "ClassLabel";
}
export function isList(f: Feature): f is ListFeature {
  const t = typeOf(f);
  return t === "List" || t === "Sequence" || t === "LargeList";
}
export function isDict(f: Feature): f is Features {
  return isObject(f) && typeof typeOf(f) !== "string";
}
function isNullFeature(f: Feature): boolean {
  return isValue(f) && f.dtype === "null";
}
const INT_DTYPES = new Set(["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]);
const FLOAT_DTYPES = new Set(["float16", "float32", "float64"]);
function isIntValue(f: Feature): boolean {
  return isValue(f) && INT_DTYPES.has(f.dtype);
}

/** A short name of a feature's kind for messages: "string", "int64", "list", "dict", "ClassLabel". */
export function kindOf(f: Feature): string {
  if (isValue(f)) return f.dtype;
  if (isClassLabel(f)) return "ClassLabel";
  if (isList(f)) return `list of ${kindOf(f.feature)}`;
  return "dict";
}

export class FeatureConflict extends Error {
  constructor(
    readonly path: string,
    readonly earlier: string,
    readonly here: string,
  ) {
    super(`"${path}" is ${here} here but ${earlier} before`);
  }
}

/** `path` names where `v` sits (`tags[2].text`) for messages. */
export function inferValue(v: PyValue, path = ""): Feature {
  if (v === null) return NULL;
  if (typeof v === "boolean") return { _type: "Value", dtype: "bool" };
  if (typeof v === "number") return { _type: "Value", dtype: "int64" };
  if (typeof v === "string") return { _type: "Value", dtype: "string" };
  if (v instanceof PyFloat) return { _type: "Value", dtype: "float64" };
  if (Array.isArray(v) || v instanceof PyTuple) {
    const items = Array.isArray(v) ? v : v.items;
    let element: Feature = NULL;
    items.forEach((item, i) => (element = merge(element, inferValue(item, `${path}[${i}]`), `${path}[${i}]`)));
    return { _type: "List", feature: element };
  }
  if (v instanceof PyDict) {
    const out: Features = {};
    for (const [k, val] of v.entriesView()) out[String(k)] = inferValue(val, path ? `${path}.${String(k)}` : String(k));
    return out;
  }
  return { _type: "Value", dtype: "string" };
}

/** The feature that holds values of both; FeatureConflict when there is none (string vs int). */
export function merge(a: Feature, b: Feature, path: string): Feature {
  if (isNullFeature(a)) return b;
  if (isNullFeature(b)) return a;
  if (isValue(a) && isValue(b)) {
    if (a.dtype === b.dtype) return a;
    const numeric = (d: string) => INT_DTYPES.has(d) || FLOAT_DTYPES.has(d);
    if (numeric(a.dtype) && numeric(b.dtype)) return a.dtype === "float64" ? a : { _type: "Value", dtype: "float64" };
    throw new FeatureConflict(path, a.dtype, b.dtype);
  }
  // Integers fit a ClassLabel (they are its indexes); the range is checked on the rows.
  if (isClassLabel(a) && isClassLabel(b)) {
    if (a.names.length === b.names.length && a.names.every((n, i) => n === b.names[i])) return a;
    throw new FeatureConflict(path, `ClassLabel [${a.names.join(", ")}]`, `ClassLabel [${b.names.join(", ")}]`);
  }
  if (isClassLabel(a) && isIntValue(b)) return a;
  if (isClassLabel(b) && isIntValue(a)) return b;
  // `a` itself when `b` adds nothing, so that inference over many rows allocates only on change.
  if (isList(a) && isList(b)) {
    const feature = merge(a.feature, b.feature, `${path}[]`);
    return feature === a.feature ? a : { _type: a._type, feature };
  }
  if (isDict(a) && isDict(b)) {
    let out: Features | null = null;
    for (const [k, f] of Object.entries(b)) {
      const merged = k in a ? merge(a[k], f, `${path}.${k}`) : f;
      if (merged !== a[k]) (out ??= { ...a })[k] = merged;
    }
    return out ?? a;
  }
  throw new FeatureConflict(path, kindOf(a), kindOf(b));
}

/**
 * Features inferred one row at a time, so that a parser need not keep the rows' values: `add`
 * each row as it is read; a column whose type changes names the row (`where`) and the column.
 */
export class FeatureInference {
  private acc: Features = {};

  add(value: PyDict, where: () => string): void {
    try {
      const here = inferValue(value) as Features;
      let next: Features | null = null;
      for (const [k, f] of Object.entries(here)) {
        const before = this.acc[k];
        const merged = before === undefined ? f : merge(before, f, k);
        // Most rows change nothing: copy only when a column is new or widens (null -> int, int -> float).
        if (merged !== before) (next ??= { ...this.acc })[k] = merged;
      }
      if (next) this.acc = next;
    } catch (e) {
      if (e instanceof FeatureConflict) {
        throw validationError(`${where()}: column "${e.path}" is ${e.here} here but ${e.earlier} in earlier rows`);
      }
      throw e;
    }
  }

  get features(): Features {
    return this.acc;
  }
}

/** Features of all rows; a column whose type changes names the row (`where`) and the column. */
export function inferFeatures(rows: readonly { value: PyDict; where: string }[]): Features {
  const inference = new FeatureInference();
  for (const row of rows) inference.add(row.value, () => row.where);
  return inference.features;
}

/**
 * A dataset's features after adding rows with `incoming` features: existing columns keep their
 * feature (a ClassLabel stays a ClassLabel when integers arrive), new columns are appended.
 */
export function mergeFeatures(existing: Features, incoming: Features, label = "this file"): Features {
  const out: Features = { ...existing };
  for (const [k, f] of Object.entries(incoming)) {
    if (!(k in existing)) {
      out[k] = f;
      continue;
    }
    try {
      out[k] = merge(existing[k], f, k);
    } catch (e) {
      if (e instanceof FeatureConflict) {
        throw validationError(`Column "${e.path}" is ${e.earlier} in the dataset but ${e.here} in ${label}`);
      }
      throw e;
    }
  }
  return out;
}

export const classLabelNamesSchemaLimits = { maxNames: 1000, maxNameLength: 200 } as const;

/** Checks a ClassLabel's names: at least one, none empty, none repeated. */
export function checkClassNames(column: string, names: readonly string[]): string[] {
  const clean = names.map((n) => n.trim());
  if (clean.length === 0) throw validationError(`Column "${column}": give at least one class name`);
  if (clean.length > classLabelNamesSchemaLimits.maxNames) throw validationError(`Column "${column}": at most ${classLabelNamesSchemaLimits.maxNames} class names`);
  const seen = new Set<string>();
  for (const n of clean) {
    if (!n) throw validationError(`Column "${column}": a class name is empty`);
    if (n.length > classLabelNamesSchemaLimits.maxNameLength) throw validationError(`Column "${column}": class name "${n.slice(0, 40)}…" is too long`);
    if (seen.has(n)) throw validationError(`Column "${column}": class name "${n}" appears twice`);
    seen.add(n);
  }
  return clean;
}

/** The distinct strings of a column, sorted as `datasets`' class_encode_column sorts them. */
export function distinctStrings(rows: readonly { value: PyDict }[], column: string): string[] {
  const set = new Set<string>();
  for (const r of rows) {
    const v = r.value.get(column);
    if (typeof v === "string") set.add(v);
  }
  return [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Marks `column` as a ClassLabel with `names`. An integer column keeps its values, which must be
 * -1 (no label), null or an index of `names`. A string column is converted: each value becomes
 * the index of its name (every value must be one of the names). Rows are not modified: the
 * converted values come back in `converted` (row -> its new value).
 */
export function applyClassLabel<R extends { value: PyDict; where: string }>(
  features: Features,
  rows: readonly R[],
  column: string,
  rawNames: readonly string[],
): { features: Features; converted: Map<R, PyDict> } {
  const feature = features[column];
  if (!feature) throw validationError(`There is no column "${column}"`);
  const names = checkClassNames(column, rawNames);
  const converted = new Map<R, PyDict>();
  if (isIntValue(feature) || isClassLabel(feature) || isNullFeature(feature)) {
    for (const r of rows) {
      const v = r.value.get(column);
      if (v === null || v === undefined || v === -1) continue;
      if (typeof v !== "number" || v < 0 || v >= names.length) {
        throw validationError(`${r.where}: ${column} is ${typeof v === "number" ? v : JSON.stringify(v)}, not an index of the ${names.length} class names (0–${names.length - 1}, or -1 for no label)`);
      }
    }
  } else if (isValue(feature) && feature.dtype === "string") {
    const index = new Map(names.map((n, i) => [n, i]));
    for (const r of rows) {
      const v = r.value.get(column);
      if (v === null || v === undefined) continue;
      const i = index.get(String(v).trim());
      if (i === undefined) throw validationError(`${r.where}: ${column} "${String(v).slice(0, 80)}" is not one of the class names`);
      const copy = PyDict.fromEntries(r.value.entries());
      copy.set(column, i);
      converted.set(r, copy);
    }
  } else {
    throw validationError(`Column "${column}" is ${kindOf(feature)}; only integer or string columns can be a ClassLabel`);
  }
  return { features: { ...features, [column]: { _type: "ClassLabel", names } }, converted };
}

/** Every top-level ClassLabel column's values are -1, null or an index of its names. */
export function checkClassLabelValues(features: Features, rows: readonly { value: PyDict; where: string }[]): void {
  for (const [column, f] of Object.entries(features)) {
    if (!isClassLabel(f)) continue;
    for (const r of rows) {
      const v = r.value.get(column);
      if (v === null || v === undefined || v === -1) continue;
      if (typeof v !== "number" || v < 0 || v >= f.names.length) {
        throw validationError(`${r.where}: ${column} is ${JSON.stringify(typeof v === "number" ? v : String(v))}, not an index of the ${f.names.length} class names of "${column}"`);
      }
    }
  }
}

/** The Hub's list form (`[{feature_idx, name, type}]`, /first-rows and /rows) -> the dict form. */
export function featuresFromList(list: readonly { name: string; type: unknown }[]): Features {
  const out: Features = {};
  for (const item of list) if (isObject(item.type) || Array.isArray(item.type)) out[item.name] = normalizeFeature(item.type);
  return out;
}

/** A feature from outside (Hub JSON, a stored dataset) in our shape; `[F]` (old list form) -> List. */
export function normalizeFeature(f: unknown): Feature {
  if (Array.isArray(f)) return { _type: "List", feature: f.length ? normalizeFeature(f[0]) : NULL };
  if (!isObject(f)) return { _type: "Value", dtype: "string" };
  if (f._type === "Value") return { _type: "Value", dtype: typeof f.dtype === "string" ? f.dtype : "string" };
  if (f._type === "ClassLabel") return { _type: "ClassLabel", names: Array.isArray(f.names) ? f.names.map(String) : [] };
  if (f._type === "List" || f._type === "Sequence" || f._type === "LargeList") {
    return { _type: f._type, feature: normalizeFeature(f.feature) };
  }
  if (typeof f._type === "string") return f as unknown as Feature; // Translation, Image, ...: kept as they are
  const out: Features = {};
  for (const [k, v] of Object.entries(f)) out[k] = normalizeFeature(v);
  return out;
}

export function normalizeFeatures(f: unknown): Features {
  if (!isObject(f) || typeof f._type === "string") return {};
  return normalizeFeature(f) as Features;
}
