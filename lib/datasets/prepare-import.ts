/**
 * From a parsed file and the columns the user marked as ClassLabel to what is stored: the rows'
 * JSON texts (verbatim, except rows whose string labels became indexes) and the features. Runs in
 * the preview (browser) and again on the server.
 */
import { applyClassLabel, type Features } from "./features";
import { toJsonText } from "./json-text";
import type { ParsedRow } from "./parsed-rows";

export type ClassLabelEdits = Record<string, string[]>;

export function prepareRows(
  parsed: { rows: ParsedRow[]; features: Features },
  classLabels: ClassLabelEdits,
): { features: Features; rows: string[]; values: ParsedRow["value"][]; convertedColumns: string[] } {
  let features = parsed.features;
  const values = new Map<ParsedRow, ParsedRow["value"]>();
  const convertedColumns: string[] = [];
  for (const [column, names] of Object.entries(classLabels)) {
    const view = parsed.rows.map((r) => ({ value: values.get(r) ?? r.value, where: r.where, source: r }));
    const result = applyClassLabel(features, view, column, names);
    features = result.features;
    if (result.converted.size) convertedColumns.push(column);
    for (const [v, value] of result.converted) values.set(v.source, value);
  }
  return {
    features,
    rows: parsed.rows.map((r) => {
      const changed = values.get(r);
      return changed ? toJsonText(changed) : r.dataJson;
    }),
    values: parsed.rows.map((r) => values.get(r) ?? r.value),
    convertedColumns,
  };
}
