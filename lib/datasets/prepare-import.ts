/**
 * From a parsed file and the columns the user marked as ClassLabel to what is stored: the features
 * and the rows' JSON texts (verbatim, except rows whose string labels became indexes). The checks
 * use the per-column values gathered while parsing (column-values.ts), so the preview re-checks on
 * every keystroke without re-reading the rows, and names the same first row a scan would. Runs in
 * the preview (browser: features and the first rows only) and again on the server (every row).
 */
import { validationError } from "@/lib/errors";
import { parsePyJson } from "@/lib/render/py-json";
import { PyDict } from "@/lib/render/values";
import { MAX_CLASS_NAMES, type ColumnValues } from "./column-values";
import { checkClassNames, isClassLabel, isValue, kindOf, type Features } from "./features";
import { toJsonText } from "./json-text";
import type { ParsedFile } from "./parsed-rows";

export type ClassLabelEdits = Record<string, string[]>;

/**
 * ClassLabel names as people type them: one per line, in index order (so that a name may hold a
 * comma: "not sure, maybe"). Blank lines are dropped; the checks trim each name.
 */
export function namesFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((n) => n.trim())
    .filter((n) => n !== "");
}

type Parsed = Pick<ParsedFile, "features" | "columns" | "where">;

const INT_DTYPE = /^u?int\d+$/;

/** text -> index, for each string column that becomes a ClassLabel */
export type Conversions = Map<string, Map<string, number>>;

function badIndexMessage(where: string, column: string, value: number, count: number): string {
  return `${where}: ${column} is ${value}, not an index of the ${count} class names (0–${count - 1}, or -1 for no label)`;
}

/**
 * The features after the edits, every edit checked against every row (through the column values).
 * An integer column keeps its values (-1, null or an index of the names); a string column is to be
 * converted to indexes (every text must be a name). Throws naming the first row that does not fit.
 */
export function planClassLabels(parsed: Parsed, edits: ClassLabelEdits): { features: Features; conversions: Conversions } {
  let features = parsed.features;
  const conversions: Conversions = new Map();
  for (const [column, raw] of Object.entries(edits)) {
    const feature = features[column];
    if (!feature) throw validationError(`There is no column "${column}"`);
    const names = checkClassNames(column, raw);
    const values: ColumnValues | undefined = parsed.columns.get(column);
    if (isClassLabel(feature) || (isValue(feature) && (INT_DTYPE.test(feature.dtype) || feature.dtype === "null"))) {
      const bad = values?.firstBadIndex(names.length);
      if (bad) throw validationError(badIndexMessage(parsed.where(bad.row), column, bad.value, names.length));
    } else if (isValue(feature) && feature.dtype === "string") {
      const index = new Map(names.map((n, i) => [n, i]));
      const bad = values?.firstUnnamed(index) ?? null;
      if (bad === "too-many") {
        throw validationError(`Column "${column}" has more than ${MAX_CLASS_NAMES.toLocaleString("en")} different values; a ClassLabel has at most ${MAX_CLASS_NAMES.toLocaleString("en")} names`);
      }
      if (bad) throw validationError(`${parsed.where(bad.row)}: ${column} "${bad.value.slice(0, 80)}" is not one of the class names`);
      conversions.set(column, index);
    } else {
      throw validationError(`Column "${column}" is ${kindOf(feature)}; only integer or string columns can be a ClassLabel`);
    }
    features = { ...features, [column]: { _type: "ClassLabel", names } };
  }
  return { features, conversions };
}

/** The row with its converted columns' texts replaced by indexes; the row itself when nothing changes. */
export function convertRow(value: PyDict, conversions: Conversions): PyDict {
  let copy: PyDict | null = null;
  for (const [column, index] of conversions) {
    const v = value.get(column);
    if (typeof v !== "string") continue; // null or missing stays as it is
    const i = index.get(v.trim());
    // planClassLabels has checked every text; a miss here is a bug, not bad input
    if (i === undefined) throw new Error(`"${v}" of ${column} has no class index`);
    copy ??= PyDict.fromEntries(value.entries());
    copy.set(column, i);
  }
  return copy ?? value;
}

/** The preview: features and the first rows as they will be stored (no row is re-read). */
export function previewRows(parsed: Parsed & Pick<ParsedFile, "sample">, edits: ClassLabelEdits): { features: Features; sample: PyDict[]; convertedColumns: string[] } {
  const { features, conversions } = planClassLabels(parsed, edits);
  return { features, sample: parsed.sample.map((v) => convertRow(v, conversions)), convertedColumns: [...conversions.keys()] };
}

/** The import: features and every row's text; rows without a converted text stay verbatim. */
export function prepareRows(parsed: Parsed & Pick<ParsedFile, "rows">, edits: ClassLabelEdits): { features: Features; rows: string[]; convertedColumns: string[] } {
  const { features, conversions } = planClassLabels(parsed, edits);
  if (conversions.size === 0) return { features, rows: parsed.rows, convertedColumns: [] };
  const rows = parsed.rows.map((text) => {
    const value = parsePyJson(text) as PyDict;
    const converted = convertRow(value, conversions);
    return converted === value ? text : toJsonText(converted);
  });
  return { features, rows, convertedColumns: [...conversions.keys()] };
}

/**
 * Integers arriving in a column the dataset already calls a ClassLabel must fit its names (a
 * column converted from texts here has already been checked against its own names).
 */
export function checkExistingClassLabels(merged: Features, incoming: Features, parsed: Parsed): void {
  for (const [column, f] of Object.entries(merged)) {
    if (!isClassLabel(f) || isClassLabel(incoming[column])) continue;
    const bad = parsed.columns.get(column)?.firstBadIndex(f.names.length);
    if (bad) {
      throw validationError(`${parsed.where(bad.row)}: ${column} is ${bad.value}, not an index of the ${f.names.length} class names of "${column}"`);
    }
  }
}
